/**
 * What to do to a notebook so it holds a session's approved cells, and nothing stale.
 *
 * Pure: it gets the notebook's cells (id, generated metadata, whether edited by hand) and the
 * kernel's `cells` message, and returns operations. Re-running a %%codegen cell replaces the
 * cells it generated; a rollback removes cells of undone tasks, and restores them when they
 * are approved again. A cell edited by hand is never removed or overwritten: it is kept.
 */
import { CellsMessage, GeneratedMeta } from './protocol';

export interface ExistingCell {
  id: string;
  meta: GeneratedMeta | null;
  edited: boolean;
}

/** Where a new cell goes: after a cell, after the cell made for a task, or at the end. */
export type Anchor = { cell: string } | { task: string } | 'end';

export type Op =
  | { op: 'remove'; id: string }
  | { op: 'update'; id: string; task: string; source: string; metadata: GeneratedMeta }
  | { op: 'insert'; task: string; after: Anchor; source: string; metadata: GeneratedMeta };

export interface Changes {
  ops: Op[];
  kept: string[]; // ids of cells edited by hand, left in place
}

function belongs(meta: GeneratedMeta | null, msg: CellsMessage): meta is GeneratedMeta {
  if (meta === null) {
    return false;
  }
  return meta.session === msg.session || (msg.origin !== null && meta.origin === msg.origin);
}

export function reconcile(cells: ExistingCell[], msg: CellsMessage): Changes {
  const ours = cells.filter(c => belongs(c.meta, msg));
  const originHere = msg.origin !== null && cells.some(c => c.id === msg.origin);
  const used = new Set<string>();
  const ops: Op[] = [];
  const kept: string[] = [];
  let anchor: Anchor = originHere ? { cell: msg.origin as string } : 'end';
  for (const want of msg.cells) {
    const match = ours.find(
      c => !used.has(c.id) && c.meta?.session === msg.session && c.meta?.task === want.task
    );
    if (match !== undefined) {
      used.add(match.id);
      anchor = { cell: match.id };
      if (match.meta?.approved_sha256 === want.metadata.approved_sha256) {
        continue; // the same approval: left as it is, hand edits included
      }
      if (!match.edited) {
        ops.push({ op: 'update', id: match.id, ...want });
        continue;
      }
      kept.push(match.id); // the person's edit stays; the new approval goes after it
    }
    ops.push({ op: 'insert', after: anchor, ...want });
    anchor = { task: want.task };
  }
  for (const cell of ours) {
    if (used.has(cell.id)) {
      continue;
    }
    if (cell.edited) {
      kept.push(cell.id);
    } else {
      ops.unshift({ op: 'remove', id: cell.id });
    }
  }
  return { ops, kept };
}
