/** Asks the server to verify a notebook's trail with the toolkit's own verifier. */
import { URLExt } from '@jupyterlab/coreutils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';

export interface Verdict {
  ok: boolean;
  failures: string[];
  notes: string[];
  sessions: number;
  events: number;
  summary: string;
}

export async function verifyNotebook(panel: NotebookPanel): Promise<Verdict> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, 'jupyter-codegen', 'verify');
  const body = JSON.stringify({
    notebook: panel.context.model.toJSON(),
    path: panel.context.path
  });
  const response = await ServerConnection.makeRequest(url, { method: 'POST', body }, settings);
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(answer.message || `the server answered ${response.status}`);
  }
  return answer as Verdict;
}
