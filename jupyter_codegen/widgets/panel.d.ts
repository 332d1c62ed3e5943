// Types for panel.js, which the JupyterLab extension also uses to draw a panel from its
// recorded state when its widget is gone (a new kernel, a re-opened notebook).
export interface PanelModel {
  get(name: string): unknown;
  on(name: string, callback: () => void): void;
  off(name: string, callback: () => void): void;
  send(content: Record<string, unknown>): void;
}
declare const widget: {
  render(context: { model: PanelModel; el: HTMLElement }): (() => void) | undefined;
};
export default widget;
