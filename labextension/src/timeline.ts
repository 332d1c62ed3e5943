/** The trail drawn as a readable, collapsible timeline (the renderer and the sidebar share it). */
import { Row, SessionView, Tally, cost, rows, usage } from './trail';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/** One entry: its time, kind and line; details (a plan, code, answers) fold out. */
function entry(row: Row, onPick?: (row: Row) => void): HTMLElement {
  const line = el(
    'span',
    { class: 'jp-codegen-row' },
    el('span', { class: 'jp-codegen-time' }, row.time),
    el('span', { class: `jp-codegen-kind jp-codegen-kind-${row.kind}` }, row.kind),
    el('span', { class: 'jp-codegen-text' }, row.text)
  );
  const item = el('li', { 'data-seq': String(row.seq), 'data-kind': row.kind });
  if (row.details) {
    const fold = el('details', {}, el('summary', {}, line), el('pre', {}, row.details));
    item.append(fold);
  } else {
    item.append(line);
  }
  if (onPick !== undefined) {
    line.setAttribute('role', 'button');
    line.setAttribute('tabindex', '0');
    line.title = 'Show the cell';
    line.addEventListener('click', () => onPick(row));
    line.addEventListener('keydown', event => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onPick(row);
      }
    });
  }
  return item;
}

export function timeline(view: SessionView, onPick?: (row: Row) => void): HTMLElement {
  const list = el('ol', { class: 'jp-codegen-timeline', 'data-testid': 'timeline' });
  list.append(...rows(view).map(row => entry(row, onPick)));
  return list;
}

function tallyRows(title: string, tallies: Record<string, Tally>): HTMLElement[] {
  return Object.entries(tallies).map(([name, t]) =>
    el(
      'tr',
      { 'data-group': title },
      el('th', { scope: 'row' }, name),
      el('td', {}, String(t.calls)),
      el('td', {}, t.prompt_tokens.toLocaleString('en-US')),
      el('td', {}, t.completion_tokens.toLocaleString('en-US')),
      el('td', {}, cost(t.cost))
    )
  );
}

/** Tokens and cost per phase and per model. */
export function usageTable(view: SessionView): HTMLElement {
  const { phases, models, total } = usage(view);
  const head = el(
    'tr',
    {},
    ...['', 'calls', 'prompt', 'completion', 'cost'].map(h => el('th', { scope: 'col' }, h))
  );
  const group = (name: string) =>
    el('tr', { class: 'jp-codegen-group' }, el('th', { colspan: '5', scope: 'colgroup' }, name));
  return el(
    'table',
    { class: 'jp-codegen-usage', 'data-testid': 'usage' },
    el('thead', {}, head),
    el(
      'tbody',
      {},
      group('per phase'),
      ...tallyRows('phase', phases),
      group('per model'),
      ...tallyRows('model', models),
      ...tallyRows('total', { total })
    )
  );
}
