import { describe, expect, it } from 'vitest';

import { CellsMessage, DesiredCell, GeneratedMeta } from '../src/protocol';
import { ExistingCell, reconcile } from '../src/reconcile';

const sha = (c: string) => c.repeat(64);

function meta(session: string, task: string, hash: string, origin = 'origin'): GeneratedMeta {
  return { generated: true, schema_version: 1, approved_sha256: hash, session, task, origin };
}

function want(session: string, task: string, hash: string): DesiredCell {
  return { task, source: `# ${task}`, metadata: meta(session, task, hash) };
}

function message(session: string, ...cells: DesiredCell[]): CellsMessage {
  return { protocol: 1, type: 'cells', origin: 'origin', session, cells };
}

const plain = (id: string): ExistingCell => ({ id, meta: null, edited: false });

describe('reconcile', () => {
  it('inserts a first approval right after the %%codegen cell', () => {
    const { ops, kept } = reconcile([plain('a'), plain('origin'), plain('b')], message('s1', want('s1', 't1', sha('1'))));
    expect(ops).toEqual([expect.objectContaining({ op: 'insert', task: 't1', after: { cell: 'origin' } })]);
    expect(kept).toEqual([]);
  });

  it('chains later tasks after the earlier ones, keeping what is already there', () => {
    const cells = [plain('origin'), { id: 'g1', meta: meta('s1', 't1', sha('1')), edited: false }];
    const { ops } = reconcile(cells, message('s1', want('s1', 't1', sha('1')), want('s1', 't2', sha('2'))));
    expect(ops).toEqual([expect.objectContaining({ op: 'insert', task: 't2', after: { cell: 'g1' } })]);
  });

  it('replaces the cells of an earlier run of the same %%codegen cell', () => {
    const cells = [
      plain('origin'),
      { id: 'old1', meta: meta('s0', 't1', sha('1')), edited: false },
      { id: 'old2', meta: meta('s0', 't2', sha('2')), edited: false },
      plain('other')
    ];
    const { ops } = reconcile(cells, message('s1', want('s1', 't1', sha('3'))));
    expect(ops.map(o => o.op)).toEqual(['remove', 'remove', 'insert']);
    expect(ops.filter(o => o.op === 'remove').map(o => (o as { id: string }).id).sort()).toEqual(['old1', 'old2']);
  });

  it('leaves cells of other %%codegen cells alone', () => {
    const cells = [plain('origin'), { id: 'x', meta: meta('s9', 't1', sha('1'), 'elsewhere'), edited: false }];
    expect(reconcile(cells, message('s1')).ops).toEqual([]);
  });

  it('removes the cells of tasks a rollback undid, and restores them when approved again', () => {
    const cells = [
      plain('origin'),
      { id: 'g1', meta: meta('s1', 't1', sha('1')), edited: false },
      { id: 'g2', meta: meta('s1', 't2', sha('2')), edited: false }
    ];
    expect(reconcile(cells, message('s1', want('s1', 't1', sha('1')))).ops).toEqual([{ op: 'remove', id: 'g2' }]);
    const after = cells.slice(0, 2);
    expect(reconcile(after, message('s1', want('s1', 't1', sha('1')), want('s1', 't2', sha('4')))).ops).toEqual([
      expect.objectContaining({ op: 'insert', task: 't2', after: { cell: 'g1' } })
    ]);
  });

  it('updates a cell in place when its task was approved with new code', () => {
    const cells = [plain('origin'), { id: 'g1', meta: meta('s1', 't1', sha('1')), edited: false }];
    expect(reconcile(cells, message('s1', want('s1', 't1', sha('5')))).ops).toEqual([
      expect.objectContaining({ op: 'update', id: 'g1', task: 't1' })
    ]);
  });

  it('never removes or overwrites a cell edited by hand', () => {
    const cells = [
      plain('origin'),
      { id: 'mine', meta: meta('s1', 't1', sha('1')), edited: true },
      { id: 'old', meta: meta('s0', 't2', sha('2')), edited: true }
    ];
    const { ops, kept } = reconcile(cells, message('s1', want('s1', 't1', sha('6'))));
    expect(ops).toEqual([expect.objectContaining({ op: 'insert', task: 't1', after: { cell: 'mine' } })]);
    expect(kept.sort()).toEqual(['mine', 'old']);
  });

  it('appends at the end when the %%codegen cell is gone', () => {
    const { ops } = reconcile([plain('a')], message('s1', want('s1', 't1', sha('1')), want('s1', 't2', sha('2'))));
    expect(ops.map(o => (o as { after: unknown }).after)).toEqual(['end', { task: 't1' }]);
  });
});
