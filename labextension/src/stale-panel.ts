/**
 * The Codegen panel from its recorded state, when its widget is gone: the notebook was
 * re-opened, or its kernel restarted. While the kernel still holds the widget, the live
 * widget is shown instead. A recorded panel is stale: its buttons are disabled.
 */
import { NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import panelWidget from '../../jupyter_codegen/widgets/panel.js';
import { PANEL_MIME } from './protocol';

const WIDGET_MIME = 'application/vnd.jupyter.widget-view+json';

type State = Record<string, unknown>;

/** Does the notebook's kernel still hold the panel's widget? (asks it with comm_info) */
function alive(panel: NotebookPanel, modelId: string): Promise<boolean> {
  const kernel = panel.sessionContext.session?.kernel;
  if (!kernel || !modelId) {
    return Promise.resolve(false);
  }
  return kernel
    .requestCommInfo({ target_name: 'jupyter.widget' })
    .then(reply => (reply.content.status === 'ok' ? modelId in reply.content.comms : false))
    .catch(() => false);
}

const LATE = Symbol('late');

export class PanelRenderer extends Widget implements IRenderMime.IRenderer {
  private inner: IRenderMime.IRenderer | null = null;
  private liveId = ''; // the widget the live renderer shows

  constructor(private panel: NotebookPanel) {
    super();
    this.addClass('jp-codegen-panel-output');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const state = (model.data[PANEL_MIME] ?? {}) as State;
    const rendermime = this.panel.content.rendermime;
    const id = String(state.model_id ?? '');
    if (this.inner !== null && this.liveId === id) {
      return; // an update of the record: the live widget already shows the same panel
    }
    const widget = WIDGET_MIME in model.data && rendermime.mimeTypes.includes(WIDGET_MIME);
    const asked = widget ? alive(this.panel, id) : Promise.resolve(false);
    // A busy kernel answers late: draw the record meanwhile, and the live widget once it says so.
    const late = new Promise<typeof LATE>(resolve => window.setTimeout(() => resolve(LATE), 1500));
    const quick = await Promise.race([asked, late]);
    if (quick === true) {
      return this.renderLive(model, id);
    }
    this.renderRecorded(state);
    if (quick === LATE) {
      void asked.then(live => (live && !this.isDisposed ? this.renderLive(model, id) : undefined));
    }
  }

  private async renderLive(model: IRenderMime.IMimeModel, id: string): Promise<void> {
    this.inner?.dispose();
    this.liveId = id;
    const inner = this.panel.content.rendermime.createRenderer(WIDGET_MIME);
    this.inner = inner;
    this.node.replaceChildren(inner.node);
    await inner.renderModel(model);
  }

  private renderRecorded(state: State): void {
    this.inner?.dispose();
    this.inner = null;
    this.liveId = '';
    this.node.replaceChildren();
    const recorded: State = { ...state, stale: true, busy: false, progress: '' };
    const host = document.createElement('div');
    host.dataset.recorded = 'true';
    this.node.appendChild(host);
    panelWidget.render({
      model: {
        get: name => recorded[name],
        on: () => undefined,
        off: () => undefined,
        send: () => undefined
      },
      el: host
    });
  }

  dispose(): void {
    this.inner?.dispose();
    super.dispose();
  }
}

/** A factory for one notebook (it needs the notebook's kernel and widget renderer). */
export function panelFactory(panel: NotebookPanel): IRenderMime.IRendererFactory {
  return {
    safe: false,
    mimeTypes: [PANEL_MIME],
    createRenderer: () => new PanelRenderer(panel)
  };
}
