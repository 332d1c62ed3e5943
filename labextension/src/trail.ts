/**
 * A notebook's %%codegen sessions, read from the records its outputs carry: timeline rows and
 * tokens and cost per phase and per model. Pure, so it is tested without a browser; it mirrors
 * `jupyter-codegen report` (audit/timeline.py).
 */
import { MIME } from './protocol';

type Data = Record<string, unknown>;

export interface OutputLike {
  data?: Data;
}

export interface CellLike {
  id?: string;
  outputs?: OutputLike[];
}

export interface Entry {
  seq: number;
  at: string;
  kind: string;
  data: Data;
}

export interface Row {
  seq: number;
  time: string;
  kind: string;
  text: string;
  details: string;
  cell: number; // index of the cell whose record holds the event
  task: string | null;
}

export interface Tally {
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost: number | null;
}

export interface SessionView {
  session: string;
  task: string;
  model: string;
  status: string;
  cell: number; // the first cell reporting the session
  record: Data; // the latest record of it
  entries: Array<{ entry: Entry; cell: number }>;
}

function isObject(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown, missing = '?'): string {
  if (value === null || value === undefined || value === '') {
    return missing;
  }
  return Array.isArray(value) ? value.map(v => str(v)).join(', ') : String(value);
}

/** Every record in the cells' outputs, with the index of its cell. */
export function records(cells: CellLike[]): Array<{ record: Data; cell: number }> {
  const found: Array<{ record: Data; cell: number }> = [];
  cells.forEach((cell, index) => {
    for (const output of cell.outputs ?? []) {
      const record = output.data?.[MIME];
      if (isObject(record)) {
        found.push({ record, cell: index });
      }
    }
  });
  return found;
}

function entriesOf(record: Data): Entry[] {
  const trail = isObject(record.trail) ? record.trail : {};
  return list(trail.entries)
    .filter(isObject)
    .filter(e => typeof e.seq === 'number')
    .map(e => ({
      seq: e.seq as number,
      at: str(e.at, ''),
      kind: str(e.kind, ''),
      data: isObject(e.data) ? e.data : {}
    }));
}

/** The notebook's sessions, in the order they first appear, each with its joined trail. */
export function sessions(cells: CellLike[]): SessionView[] {
  const found = new Map<string, SessionView>();
  for (const { record, cell } of records(cells)) {
    const id = str(record.session, '');
    if (!id) {
      continue;
    }
    let view = found.get(id);
    if (view === undefined) {
      view = {
        session: id,
        task: str(record.task, ''),
        model: str(record.model, ''),
        status: str(record.status, ''),
        cell,
        record,
        entries: []
      };
      found.set(id, view);
    }
    view.record = record;
    view.status = str(record.status, view.status);
    const seen = new Set(view.entries.map(e => e.entry.seq));
    for (const entry of entriesOf(record)) {
      if (!seen.has(entry.seq)) {
        view.entries.push({ entry, cell });
      }
    }
    view.entries.sort((a, b) => a.entry.seq - b.entry.seq);
  }
  return [...found.values()];
}

function plan(value: unknown): { ids: string; lines: string[] } {
  const tasks = isObject(value) ? list(value.tasks).filter(isObject) : [];
  return {
    ids: tasks.map(t => str(t.id)).join(', ') || 'no tasks',
    lines: tasks.map(
      t =>
        `${str(t.id)}  ${str(t.title)}  [${str(t.profile)}]` +
        (list(t.deps).length ? `  after ${str(t.deps)}` : '')
    )
  };
}

function counts(tests: unknown): string {
  if (!isObject(tests)) {
    return 'none';
  }
  return Object.entries(tests).map(([t, c]) => `${t}: ${list(c).length}`).join(', ') || 'none';
}

/** One line per event kind, as `jupyter-codegen report` words it. */
const TEXT: Record<string, (d: Data) => string> = {
  clarity: d => `Restated task: ${str(d.restated)}`,
  probe: d => `Consistency probe: ${list(d.questions).length} question(s)`,
  plan: d => `Plan (${str(d.source)}): ${plan(d.plan).ids}`,
  plan_change: d =>
    `Plan change by ${str(d.actor)}: ${str(isObject(d.edit) ? d.edit.op : undefined)} -> ${plan(d.plan).ids}`,
  decision: d =>
    `Decision at ${str(d.gate)}${d.task ? ' ' + str(d.task) : ''}: ${str(d.action)} by ${str(d.actor)}` +
    (d.comment ? ` (${str(d.comment)})` : ''),
  step: d => `Step ${str(d.task)} ${str(d.status)}: ${str(d.reason)}`,
  edit: d =>
    `Edit of ${str(d.task)} by a person: ${str(d.status)}, tests ${str(d.tests_passed)}/${str(d.tests_total)}`,
  tests_proposed: d => `Tests proposed: ${counts(d.tests)}`,
  tests_approved: d => `Tests approved (${str(d.action)}): ${counts(d.tests)}`,
  risk_approved: d => `Risky code of ${str(d.task)} allowed to run by ${str(d.actor)}: ${str(d.status)}`,
  rollback: d => `Rolled back to ${str(d.to)}`,
  validation: d => `Validation ${d.passed ? 'passed' : 'failed'}: ${str(d.summary)}`,
  signoff: d =>
    `${d.accepted ? 'Signed off' : 'Not signed off'} by ${str(d.actor)}` + (d.comment ? ` (${str(d.comment)})` : ''),
  install: d => `Installed \`${list(d.command).map(String).join(' ')}\` by ${str(d.actor)} (exit ${str(d.returncode)})`,
  done: d => `Done: accepted ${str(d.accepted)}`
};

function details(kind: string, d: Data): string[] {
  if (kind === 'plan' || kind === 'plan_change') {
    return plan(d.plan).lines;
  }
  if (kind === 'clarity') {
    const asked = list(d.questions).filter(isObject);
    return [
      ...list(d.assumptions).map(a => `assumed: ${str(a)}`),
      ...asked.map(q => `Q: ${str(q.question)} (default: ${str(q.default)})`)
    ];
  }
  if (kind === 'decision') {
    const pairs = list(d.answers).map(list).filter(a => a.length === 2);
    return [
      ...pairs.map(([q, a]) => `Q: ${str(q)}\nA: ${str(a)}`),
      ...list(d.feedback).map(x => `feedback: ${str(x)}`),
      ...list(d.concerns).map(x => `concern: ${str(x)}`)
    ];
  }
  if (kind === 'validation') {
    return list(d.concerns)
      .filter(isObject)
      .map(c => `[${str(c.severity)}] ${str(c.task)}: ${str(c.text)}`);
  }
  if (kind === 'probe') {
    return list(d.questions).map(q => str(q));
  }
  return kind === 'edit' && d.diff ? [str(d.diff)] : [];
}

function clock(at: string): string {
  const moment = new Date(at);
  return Number.isNaN(moment.getTime()) ? '' : moment.toISOString().slice(11, 19);
}

function attemptText(a: Data, e: Data | null): string {
  const found = list(a.findings).length;
  const ran = e === null ? 'not run' : `${str(e.status)}, tests ${str(e.tests_passed)}/${str(e.tests_total)}`;
  return `Attempt ${str(a.attempt)} at ${str(a.task)} [${str(a.profile)}]: ${ran}, ${found} finding${found === 1 ? '' : 's'}`;
}

/** The session's events worth reading, one row each (an attempt shows its execution). */
export function rows(view: SessionView): Row[] {
  const out: Row[] = [];
  const attempts = new Map<string, { row: Row; data: Data }>();
  for (const { entry, cell } of view.entries) {
    const d = entry.data;
    const key = `${str(d.task)}#${str(d.attempt)}`;
    const task = typeof d.task === 'string' ? d.task : null;
    const base = { seq: entry.seq, time: clock(entry.at), kind: entry.kind, cell, task };
    if (entry.kind === 'attempt') {
      const row = { ...base, text: attemptText(d, null), details: str(d.code, '') };
      attempts.set(key, { row, data: d });
      out.push(row);
    } else if (entry.kind === 'execution' && attempts.has(key)) {
      const shown = attempts.get(key) as { row: Row; data: Data };
      shown.row.text = attemptText(shown.data, d);
    } else if (entry.kind in TEXT && (entry.kind !== 'step' || d.reason)) {
      out.push({ ...base, text: TEXT[entry.kind](d), details: details(entry.kind, d).join('\n') });
    }
  }
  return out;
}

const FALLBACK: Record<string, string> = {
  orchestrator: 'plan',
  tester: 'design tests',
  reviewer: 'review'
};

function empty(): Tally {
  return { calls: 0, prompt_tokens: 0, completion_tokens: 0, cost: null };
}

function add(tally: Tally, d: Data): void {
  tally.calls += 1;
  tally.prompt_tokens += typeof d.prompt_tokens === 'number' ? d.prompt_tokens : 0;
  tally.completion_tokens += typeof d.completion_tokens === 'number' ? d.completion_tokens : 0;
  if (typeof d.cost === 'number') {
    tally.cost = (tally.cost ?? 0) + d.cost;
  }
}

/** Tokens and cost per phase and per model, from the llm_call events. */
export function usage(view: SessionView): {
  phases: Record<string, Tally>;
  models: Record<string, Tally>;
  total: Tally;
} {
  const phases: Record<string, Tally> = {};
  const models: Record<string, Tally> = {};
  const total = empty();
  for (const { entry } of view.entries) {
    if (entry.kind !== 'llm_call') {
      continue;
    }
    const d = entry.data;
    const profile = str(d.profile);
    const purpose = str(d.purpose ?? FALLBACK[profile], 'development');
    const phase = purpose === 'development' ? `development (${profile})` : purpose;
    add((phases[phase] ??= empty()), d);
    add((models[str(d.model)] ??= empty()), d);
    add(total, d);
  }
  return { phases, models, total };
}

export function cost(value: number | null): string {
  return value === null ? 'n/a' : `$${value.toFixed(4)}`;
}
