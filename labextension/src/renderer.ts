/**
 * Renderer for application/vnd.jupyter.codegen+json: the session report (the output's
 * Markdown) followed by its trail as a collapsible timeline, instead of raw JSON.
 */
import { renderMarkdown } from '@jupyterlab/rendermime';
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import { MIME } from './protocol';
import { el, timeline, usageTable } from './timeline';
import { rows, sessions } from './trail';

export class TrailRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(private options: IRenderMime.IRendererOptions) {
    super();
    this.addClass('jp-codegen-record');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const report = el('div', { class: 'jp-codegen-report jp-RenderedMarkdown' });
    const markdown = model.data['text/markdown'];
    this.node.replaceChildren(report);
    if (typeof markdown === 'string') {
      const o = this.options;
      await renderMarkdown({
        host: report,
        source: markdown,
        trusted: model.trusted,
        sanitizer: o.sanitizer,
        resolver: o.resolver,
        linkHandler: o.linkHandler,
        shouldTypeset: this.isAttached,
        latexTypesetter: o.latexTypesetter,
        markdownParser: o.markdownParser ?? null,
        translator: o.translator
      });
    }
    const [view] = sessions([{ outputs: [{ data: { [MIME]: model.data[MIME] } }] }]);
    if (view === undefined) {
      this.node.append(el('p', { class: 'jp-codegen-note' }, 'This output holds no readable %%codegen record.'));
      return;
    }
    const count = rows(view).length;
    const first = view.entries[0]?.entry.seq ?? 0;
    const fold = el(
      'details',
      { class: 'jp-codegen-trail', 'data-testid': 'trail' },
      el(
        'summary',
        {},
        `Audit trail: ${count} event${count === 1 ? '' : 's'}` +
          (first > 0 ? ` (from event ${first} of session ${view.session})` : ` of session ${view.session}`)
      ),
      timeline(view),
      usageTable(view)
    );
    this.node.append(fold);
  }
}

export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [MIME],
  defaultRank: 50, // ahead of Markdown (60): this renderer shows the Markdown too
  createRenderer: options => new TrailRenderer(options)
};
