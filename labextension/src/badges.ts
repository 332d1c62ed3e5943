/** Provenance badges on generated cells: generated, approved, or edited by hand since. */
import { Cell, ICellModel } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';

import { badgeFor } from './badge';
import { META_KEY, asMeta } from './protocol';

const CLASS = 'jp-codegen-badge';

/** Put the right badge on one cell, or take it off when the cell is not generated. */
export function paint(cell: Cell): void {
  const meta = cell.model.type === 'code' ? asMeta(cell.model.getMetadata(META_KEY)) : null;
  let badge = cell.node.querySelector<HTMLElement>(`:scope > .${CLASS}`);
  cell.toggleClass('jp-codegen-generated', meta !== null);
  if (meta === null) {
    badge?.remove();
    return;
  }
  const shown = badgeFor(meta, cell.model.sharedModel.getSource());
  if (badge === null) {
    badge = document.createElement('span');
    badge.className = CLASS;
    badge.setAttribute('role', 'note');
    badge.tabIndex = 0;
    cell.node.prepend(badge);
  }
  badge.dataset.kind = shown.kind;
  badge.textContent = shown.label;
  badge.title = shown.title;
  badge.setAttribute('aria-label', `${shown.label}: ${shown.title.replace(/\n/g, '; ')}`);
}

export class Badges implements IDisposable {
  private watched = new WeakSet<ICellModel>();
  private _disposed = false;
  private pending = 0;

  constructor(private panel: NotebookPanel) {
    const notebook = panel.content;
    notebook.modelChanged.connect(this.schedule, this);
    notebook.model?.cells.changed.connect(this.schedule, this);
    void panel.context.ready.then(() => {
      notebook.model?.cells.changed.connect(this.schedule, this);
      this.schedule();
    });
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    this._disposed = true;
    window.clearTimeout(this.pending);
  }

  /** Repaint soon, once for a burst of changes (typing, a batch of inserted cells). */
  schedule(): void {
    if (this._disposed) {
      return;
    }
    window.clearTimeout(this.pending);
    this.pending = window.setTimeout(() => this.paintAll(), 50);
  }

  private paintAll(): void {
    for (const cell of this.panel.content.widgets) {
      if (!this.watched.has(cell.model)) {
        this.watched.add(cell.model);
        cell.model.contentChanged.connect(this.schedule, this);
        cell.model.metadataChanged.connect(this.schedule, this);
      }
      paint(cell);
    }
  }
}
