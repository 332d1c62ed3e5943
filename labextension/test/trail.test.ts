import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { MIME } from '../src/protocol';
import { rows, sessions, usage } from '../src/trail';

// The committed quickstart notebook: real records written by the kernel.
const nb = JSON.parse(readFileSync(join(__dirname, '..', '..', 'notebooks', 'quickstart.ipynb'), 'utf8'));

function entry(seq: number, kind: string, data: Record<string, unknown>) {
  return { seq, kind, data, at: `2026-11-24T03:00:0${seq}+00:00`, hash: 'h', prev: 'p' };
}

function record(session: string, entries: unknown[]) {
  return { data: { [MIME]: { session, task: 'Write f', model: 'm', status: 'passed', trail: { entries } } } };
}

describe('sessions', () => {
  it('joins a session reported by several cells, each entry once, in order', () => {
    const cells = [
      { outputs: [record('s1', [entry(0, 'plan', { plan: { tasks: [{ id: 't1', title: 'f' }] }, source: 'single' })])] },
      { outputs: [record('s1', [entry(1, 'decision', { gate: 'step', task: 't1', action: 'approve', actor: 'ada' }), entry(0, 'plan', {})])] },
      { outputs: [{ data: { 'text/plain': 'x' } }] }
    ];
    const [view, ...rest] = sessions(cells);
    expect(rest).toHaveLength(0);
    expect(view.entries.map(e => [e.entry.seq, e.cell])).toEqual([
      [0, 0],
      [1, 1]
    ]);
    const shown = rows(view);
    expect(shown.map(r => r.text)).toEqual(['Plan (single): t1', 'Decision at step t1: approve by ada']);
    expect(shown[1]).toMatchObject({ cell: 1, task: 't1', time: '03:00:01' });
  });

  it('folds an execution into its attempt', () => {
    const view = sessions([
      {
        outputs: [
          record('s', [
            entry(0, 'attempt', { task: 't1', attempt: 1, profile: 'coder', code: 'x = 1', findings: [] }),
            entry(1, 'execution', { task: 't1', attempt: 1, status: 'ok', tests_passed: 2, tests_total: 2 })
          ])
        ]
      }
    ])[0];
    expect(rows(view)).toEqual([
      expect.objectContaining({ kind: 'attempt', text: 'Attempt 1 at t1 [coder]: ok, tests 2/2, 0 findings', details: 'x = 1' })
    ]);
  });

  it('survives foreign and broken records', () => {
    const cells = [{ outputs: [{ data: { [MIME]: 'not an object' } }, { data: { [MIME]: { trail: 5 } } }] }];
    expect(sessions(cells)).toEqual([]);
  });

  it('reads the quickstart notebook and counts tokens per phase and model', () => {
    const found = sessions(nb.cells);
    expect(found.length).toBeGreaterThanOrEqual(2);
    const view = found[0];
    const { phases, models, total } = usage(view);
    expect(total.calls).toBeGreaterThan(0);
    expect(Object.values(models).reduce((n, t) => n + t.calls, 0)).toBe(total.calls);
    expect(Object.values(phases).reduce((n, t) => n + t.prompt_tokens, 0)).toBe(total.prompt_tokens);
    expect(rows(view).some(r => r.kind === 'decision')).toBe(true);
  });
});
