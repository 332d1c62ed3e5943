/**
 * The Codegen sidebar: the active notebook's sessions with their plan graph, a timeline of the
 * trail (click an entry to go to its cell), tokens and cost, and the trail's verify status.
 */
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';

import { drawDot } from './graph';
import { META_KEY, asMeta } from './protocol';
import { el, timeline, usageTable } from './timeline';
import { CellLike, Row, SessionView, sessions } from './trail';
import { Verdict, verifyNotebook } from './verify';

export class Sidebar extends Widget {
  private panel: NotebookPanel | null = null;
  private pending = 0;
  private verifying: Promise<Verdict | null> | null = null;
  private status = el('p', { class: 'jp-codegen-verify', 'data-testid': 'verify', 'aria-live': 'polite' });
  private body = el('div', { class: 'jp-codegen-sessions' });

  constructor(private tracker: INotebookTracker) {
    super();
    this.id = 'jupyter-codegen-sidebar';
    this.addClass('jp-codegen-sidebar');
    this.title.caption = 'Codegen';
    const verify = el('button', { class: 'jp-mod-styled', 'data-testid': 'verify-button' }, 'Verify trail');
    verify.addEventListener('click', () => void this.verify());
    this.node.append(el('h2', {}, 'Codegen'), el('div', { class: 'jp-codegen-toolbar' }, verify), this.status, this.body);
    tracker.currentChanged.connect(this.follow, this);
    this.follow();
  }

  private follow(): void {
    const next = this.tracker.currentWidget;
    if (next === this.panel) {
      return;
    }
    if (this.panel !== null) {
      this.panel.context.model.contentChanged.disconnect(this.schedule, this);
      this.panel.context.saveState.disconnect(this.schedule, this);
    }
    this.panel = next;
    if (next !== null) {
      next.context.model.contentChanged.connect(this.schedule, this);
      next.context.saveState.connect(this.schedule, this);
    }
    this.schedule();
  }

  /** Redraw within 400 ms of a change; a stream of changes does not put it off. */
  schedule(): void {
    if (this.pending !== 0) {
      return;
    }
    this.pending = window.setTimeout(() => {
      this.pending = 0;
      this.refresh();
      void this.verify(true);
    }, 400);
  }

  protected onAfterShow(): void {
    this.schedule();
  }

  /** Ask the server to verify the notebook as it is now (unsaved changes included). */
  async verify(quiet = false): Promise<Verdict | null> {
    const panel = this.panel;
    if (panel === null || (quiet && !this.isVisible)) {
      return null;
    }
    this.status.dataset.state = 'checking';
    this.status.textContent = 'Verifying the trail…';
    this.verifying = verifyNotebook(panel)
      .catch(error => {
            this.status.dataset.state = 'error';
        this.status.textContent = `Could not verify: ${error instanceof Error ? error.message : error}`;
        return null as Verdict | null;
      });
    const verdict = await this.verifying;
    if (verdict !== null && panel === this.panel) {
      this.showVerdict(verdict);
    }
    return verdict;
  }

  private showVerdict(verdict: Verdict): void {
    this.status.dataset.state = verdict.ok ? 'intact' : 'tampered';
    this.status.textContent = verdict.summary;
    if (verdict.failures.length + verdict.notes.length > 0) {
      const list = el('ul', {}, ...[...verdict.failures, ...verdict.notes].map(t => el('li', {}, t)));
      this.status.append(list);
    }
  }

  private cells(): CellLike[] {
    const model = this.panel?.content.model;
    if (!model) {
      return [];
    }
    return model.sharedModel.cells.map(cell => ({
      id: cell.id,
      outputs: cell.cell_type === 'code' ? ((cell.toJSON() as any).outputs ?? []) : []
    }));
  }

  refresh(): void {
    const found = sessions(this.cells());
    if (this.panel === null) {
      this.body.replaceChildren(el('p', {}, 'Open a notebook to see its %%codegen sessions.'));
      return;
    }
    if (found.length === 0) {
      this.body.replaceChildren(
        el('p', {}, 'No %%codegen sessions in this notebook yet. Write a task in a %%codegen cell and run it.')
      );
      return;
    }
    this.body.replaceChildren(...found.reverse().map(view => this.section(view)));
  }

  private section(view: SessionView): HTMLElement {
    const title = view.task.split('\n')[0].slice(0, 90);
    const graph = el('div', { class: 'jp-codegen-graph', 'data-testid': 'graph' });
    const dot = view.record.dot;
    if (typeof dot === 'string' && dot) {
      void drawDot(dot, graph, `plan graph of session ${view.session}`);
    } else {
      graph.textContent = 'No plan yet.';
    }
    return el(
      'section',
      { class: 'jp-codegen-session', 'data-session': view.session },
      el('h3', {}, title),
      el('p', { class: 'jp-codegen-meta' }, `${view.model} · ${view.status} · session ${view.session}`),
      graph,
      el('details', { open: '' }, el('summary', {}, 'Timeline'), timeline(view, row => void this.reveal(view, row))),
      el('details', {}, el('summary', {}, 'Tokens and cost'), usageTable(view))
    );
  }

  /** Scroll to the cell an entry is about: the generated cell of its task, else its record. */
  private async reveal(view: SessionView, row: Row): Promise<void> {
    const panel = this.panel;
    if (panel === null) {
      return;
    }
    const notebook = panel.content;
    let index = row.cell;
    if (row.task !== null) {
      const generated = notebook.widgets.findIndex(cell => {
        const meta = asMeta(cell.model.getMetadata(META_KEY));
        return meta !== null && meta.session === view.session && meta.task === row.task;
      });
      if (generated >= 0 && ['decision', 'step', 'edit'].includes(row.kind)) {
        index = generated;
      }
    }
    const cell = notebook.widgets[index];
    if (cell === undefined) {
      return;
    }
    notebook.activeCellIndex = index;
    await notebook.scrollToCell(cell, 'center');
    cell.addClass('jp-codegen-flash');
    window.setTimeout(() => cell.removeClass('jp-codegen-flash'), 1200);
  }
}
