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

/** Is the panel's widget still alive in the notebook's kernel? */
async function alive(panel: NotebookPanel, modelId: string): Promise<boolean> {
  const kernel = panel.sessionContext.session?.kernel;
  if (!kernel || !modelId) {
    return false;
  }
  const asked = kernel.requestCommInfo({ target_name: 'jupyter.widget' }).then(reply =>
    reply.content.status === 'ok' ? modelId in reply.content.comms : false
  );
  // A busy kernel answers late; it is alive then, and the widget renderer waits for it.
  const late = new Promise<boolean>(resolve => window.setTimeout(() => resolve(true), 3000));
  return Promise.race([asked, late]).catch(() => false);
}

export class PanelRenderer extends Widget implements IRenderMime.IRenderer {
  private inner: IRenderMime.IRenderer | null = null;

  constructor(private panel: NotebookPanel) {
    super();
    this.addClass('jp-codegen-panel-output');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const state = (model.data[PANEL_MIME] ?? {}) as State;
    const rendermime = this.panel.content.rendermime;
    const live =
      WIDGET_MIME in model.data &&
      rendermime.mimeTypes.includes(WIDGET_MIME) &&
      (await alive(this.panel, String(state.model_id ?? '')));
    this.inner?.dispose();
    this.inner = null;
    this.node.replaceChildren();
    if (live) {
      const inner = rendermime.createRenderer(WIDGET_MIME);
      this.inner = inner;
      this.node.appendChild(inner.node);
      await inner.renderModel(model);
      return;
    }
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
