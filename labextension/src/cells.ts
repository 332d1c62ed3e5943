/** Applies reconcile()'s operations to a live notebook, through its shared model. */
import { INotebookModel } from '@jupyterlab/notebook';

import { isEdited } from './badge';
import { META_KEY, CellsMessage, asMeta } from './protocol';
import { Anchor, ExistingCell, reconcile } from './reconcile';

export interface Applied {
  inserted: string[];
  updated: string[];
  removed: string[];
  kept: string[];
}

/** The notebook's cells as reconcile() sees them. */
export function existing(model: INotebookModel): ExistingCell[] {
  return model.sharedModel.cells.map(cell => {
    const meta = asMeta(cell.getMetadata(META_KEY));
    return { id: cell.id, meta, edited: meta !== null && isEdited(meta, cell.getSource()) };
  });
}

export function applyCells(model: INotebookModel, msg: CellsMessage): Applied {
  const shared = model.sharedModel;
  const { ops, kept } = reconcile(existing(model), msg);
  const done: Applied = { inserted: [], updated: [], removed: [], kept };
  const made = new Map<string, string>(); // task -> id of the cell inserted for it
  const indexOf = (id: string) => shared.cells.findIndex(c => c.id === id);
  const after = (anchor: Anchor): number => {
    if (anchor === 'end') {
      return shared.cells.length;
    }
    const id = 'cell' in anchor ? anchor.cell : made.get(anchor.task) ?? '';
    const index = indexOf(id);
    return index < 0 ? shared.cells.length : index + 1;
  };
  shared.transact(() => {
    for (const op of ops) {
      if (op.op === 'remove') {
        const index = indexOf(op.id);
        if (index >= 0) {
          shared.deleteCell(index);
          done.removed.push(op.id);
        }
      } else if (op.op === 'update') {
        const cell = shared.cells[indexOf(op.id)];
        if (cell !== undefined) {
          cell.setSource(op.source);
          cell.setMetadata(META_KEY, op.metadata as any);
          done.updated.push(op.task);
        }
      } else {
        const cell = shared.insertCell(after(op.after), {
          cell_type: 'code',
          source: op.source,
          metadata: { [META_KEY]: op.metadata as any }
        });
        made.set(op.task, cell.id);
        done.inserted.push(op.task);
      }
    }
  });
  return done;
}
