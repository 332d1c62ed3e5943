/** Draws a plan's DOT with Graphviz compiled to WebAssembly: no `dot` binary is needed. */
type Viz = { renderSVGElement(dot: string): SVGSVGElement };
let viz: Promise<Viz> | null = null;

export async function drawDot(dot: string, host: HTMLElement, label: string): Promise<void> {
  try {
    // Loaded on first use, as its own chunk: the extension's main bundle stays small.
    viz ??= import('@viz-js/viz').then(m => m.instance());
    const svg = (await viz).renderSVGElement(dot);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
    svg.style.maxWidth = '100%';
    svg.style.height = 'auto';
    host.replaceChildren(svg);
    host.dataset.rendered = 'svg';
  } catch (error) {
    host.textContent = `Could not draw the plan graph: ${error}`;
    host.dataset.rendered = 'error';
  }
}
