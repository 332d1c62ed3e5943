/**
 * jupyter_codegen's JupyterLab (and Notebook 7) extension: approved code as real cells with
 * provenance badges, a Codegen sidebar, a renderer for the audit trail, and commands.
 */
import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification, ToolbarButton } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { codeIcon } from '@jupyterlab/ui-components';

import { Badges } from './badges';
import { Bridge } from './bridge';
import { rendererFactory } from './renderer';
import { Sidebar } from './sidebar';
import { panelFactory } from './stale-panel';

export const VERSION = '0.1.0';

const COMMANDS = {
  newTask: 'jupyter-codegen:new-task-cell',
  verify: 'jupyter-codegen:verify-trail',
  sidebar: 'jupyter-codegen:show-sidebar'
};

/** Ahead of ipywidgets' renderer (-10), so a panel whose widget is gone is drawn from its record. */
const PANEL_RANK = -20;

function attach(panel: NotebookPanel, app: JupyterFrontEnd): void {
  const bridge = new Bridge(panel, VERSION);
  const badges = new Badges(panel);
  panel.content.rendermime.addFactory(panelFactory(panel), PANEL_RANK);
  const button = new ToolbarButton({
    icon: codeIcon,
    tooltip: 'Codegen: new task cell',
    onClick: () => void app.commands.execute(COMMANDS.newTask)
  });
  button.node.dataset.command = COMMANDS.newTask;
  panel.toolbar.insertItem(10, 'codegen-new-task', button);
  panel.disposed.connect(() => {
    bridge.dispose();
    badges.dispose();
  });
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-codegen:plugin',
  description: 'Generated code as real cells with provenance, a Codegen sidebar and trail rendering.',
  autoStart: true,
  requires: [INotebookTracker, IRenderMimeRegistry],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    rendermime: IRenderMimeRegistry,
    palette: ICommandPalette | null
  ) => {
    rendermime.addFactory(rendererFactory, rendererFactory.defaultRank);
    tracker.widgetAdded.connect((_, panel) => attach(panel, app));

    const sidebar = new Sidebar(tracker);
    sidebar.title.icon = codeIcon;
    app.shell.add(sidebar, 'right', { rank: 900 });

    const current = (): NotebookPanel | null => {
      const panel = tracker.currentWidget;
      if (panel === null) {
        Notification.warning('Codegen: open a notebook first.', { autoClose: 4000 });
      }
      return panel;
    };
    app.commands.addCommand(COMMANDS.newTask, {
      label: 'Codegen: new task cell',
      caption: 'Insert a %%codegen cell below the active cell',
      execute: () => {
        const panel = current();
        if (panel === null) {
          return;
        }
        const notebook = panel.content;
        NotebookActions.insertBelow(notebook);
        notebook.activeCell?.model.sharedModel.setSource('%%codegen\n');
        notebook.mode = 'edit';
        notebook.activeCell?.editor?.setCursorPosition({ line: 1, column: 0 });
      }
    });
    app.commands.addCommand(COMMANDS.sidebar, {
      label: 'Codegen: show sidebar',
      execute: () => app.shell.activateById(sidebar.id)
    });
    app.commands.addCommand(COMMANDS.verify, {
      label: 'Codegen: verify trail',
      execute: async () => {
        if (current() === null) {
          return;
        }
        app.shell.activateById(sidebar.id);
        const verdict = await sidebar.verify();
        if (verdict === null) {
          Notification.error('Codegen: the trail could not be verified (see the sidebar).');
        } else if (verdict.ok) {
          Notification.success(`Codegen: ${verdict.summary}`, { autoClose: 5000 });
        } else {
          Notification.error(`Codegen: ${verdict.summary}`);
        }
      }
    });
    if (palette !== null) {
      for (const command of Object.values(COMMANDS)) {
        palette.addItem({ command, category: 'Codegen' });
      }
    }
  }
};

export default plugin;
