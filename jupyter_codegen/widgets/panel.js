// The Codegen panel: one gate of a %%codegen session (clarify, plan, tests, step, signoff, done)
// drawn with plain DOM, no imports. The kernel side (widgets/panel.py) syncs `view`, `header`,
// `busy`, `stale`, `progress` and `error`; a click sends {action, gate_id, ...} as view.action()
// expects. Controls lock while a message is on its way, so a double click never sends twice.

const STYLE = `
.jupyter-codegen-panel { font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-ui-font-size1, 13px); color: var(--jp-ui-font-color1, #222);
  background: var(--jp-layout-color1, #fff); border: 1px solid var(--jp-border-color1, #ccc);
  border-radius: 4px; padding: 8px 10px; line-height: 1.4; }
.cg-header { font-weight: 600; padding-bottom: 6px; margin-bottom: 6px;
  border-bottom: 1px solid var(--jp-border-color1, #ccc); }
.cg-root h3 { margin: 4px 0 8px; font-size: 1.1em; }
.cg-root h4 { margin: 10px 0 4px; font-size: 1em; }
.cg-root pre, .cg-root textarea, .cg-mono { font-family: var(--jp-code-font-family, monospace);
  font-size: var(--jp-code-font-size, 12px); }
.cg-root pre { background: var(--jp-layout-color2, #f5f5f5); color: var(--jp-content-font-color1, #222);
  padding: 6px 8px; margin: 4px 0; overflow: auto; max-height: 28em; white-space: pre; }
.cg-root .cg-wrap { white-space: pre-wrap; word-break: break-word; }
.cg-root button, .cg-root input, .cg-root select, .cg-root textarea { font: inherit;
  color: var(--jp-ui-font-color1, #222); background: var(--jp-layout-color1, #fff);
  border: 1px solid var(--jp-border-color1, #ccc); border-radius: 3px; padding: 3px 8px; margin: 2px 4px 2px 0; }
.cg-root textarea { width: 100%; box-sizing: border-box; min-height: 8em; }
.cg-root input[type=text] { min-width: 16em; }
.cg-root textarea.cg-short { min-height: 3em; min-width: 16em; width: auto; display: block; }
.cg-root button { cursor: pointer; }
.cg-root table.cg-table { border-collapse: collapse; margin: 4px 0; }
.cg-root .cg-table th, .cg-root .cg-table td { padding: 2px 10px 2px 0; text-align: left; border-bottom: 1px solid var(--jp-border-color2, #e0e0e0); }
.cg-root ul.cg-tests { list-style: none; padding-left: 0; }
.cg-root .cg-graph svg > g > polygon:first-child { fill: transparent; stroke: none; }
.cg-root button.cg-primary { background: var(--jp-brand-color1, #1976d2); border-color: var(--jp-brand-color1, #1976d2); color: #fff; }
.cg-root label { margin-right: 4px; }
.cg-root button:disabled, .cg-root input:disabled, .cg-root select:disabled, .cg-root textarea:disabled { opacity: 0.55; cursor: not-allowed; }
.cg-root :focus-visible, .cg-root summary:focus { outline: 2px solid var(--jp-brand-color1, #1976d2); outline-offset: 2px; }
.cg-root h3:focus { outline: none; }
.cg-actions { margin-top: 8px; display: flex; flex-wrap: wrap; align-items: center; gap: 2px; }
.cg-row { margin: 4px 0; }
.cg-muted { color: var(--jp-ui-font-color2, #666); }
.cg-error { color: var(--jp-error-color1, #d32f2f); font-weight: 600; }
.cg-pass, .cg-add { color: var(--jp-success-color1, #388e3c); }
.cg-fail, .cg-del { color: var(--jp-error-color1, #d32f2f); }
.cg-stale { color: var(--jp-warn-color1, #f57c00); font-weight: 600; }
.cg-working { color: var(--jp-brand-color1, #1976d2); font-style: italic; }
.cg-progress { max-height: 10em; white-space: pre-wrap !important; }
.cg-badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 0.85em; margin-right: 6px;
  background: var(--jp-layout-color3, #bbb); color: var(--jp-ui-font-color1, #222); }
.cg-badge.cg-high { background: var(--jp-error-color1, #d32f2f); color: #fff; }
.cg-badge.cg-medium { background: var(--jp-warn-color1, #f57c00); color: #fff; }
.cg-root table { border-collapse: collapse; width: 100%; }
.cg-root td, .cg-root th { border-bottom: 1px solid var(--jp-border-color2, #e0e0e0); padding: 2px 4px; text-align: left; vertical-align: top; }
.cg-root ul { margin: 4px 0; padding-left: 1.4em; }
.cg-kw { color: var(--jp-mirror-editor-keyword-color, #008000); font-weight: bold; }
.cg-str { color: var(--jp-mirror-editor-string-color, #ba2121); }
.cg-com { color: var(--jp-mirror-editor-comment-color, #408080); font-style: italic; }
.cg-num { color: var(--jp-mirror-editor-number-color, #080); }
.cg-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.cg-root [hidden] { display: none !important; }
.cg-block { display: block; margin-top: 4px; }
`;

const STALE = "This panel is out of date: the decision was made or the kernel restarted.";
const KEYWORDS = "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case".split(" ");
// Groups: 1 comment, 2 string (triple-quoted first, an unclosed one runs to the end), 3 number, 4 keyword.
const TOKENS = new RegExp(
  "(#[^\\n]*)|(\"\"\"[\\s\\S]*?(?:\"\"\"|$)|'''[\\s\\S]*?(?:'''|$)|\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'(?:[^'\\\\\\n]|\\\\.)*'?)" +
    "|\\b(0[xXoObB][0-9a-fA-F_]+|\\d[\\d_]*(?:\\.\\d*)?(?:[eE][+-]?\\d+)?j?)\\b|\\b(" + KEYWORDS.join("|") + ")\\b",
  "g",
);
const payloads = new WeakMap(); // button -> () => extra message fields (null: do not send)
let panels = 0;

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// Python source -> HTML. Every piece of the source goes through escapeHtml before it is joined;
// the only markup added is our own <span class="cg-…">.
export function highlight(code) {
  const kinds = [null, "cg-com", "cg-str", "cg-num", "cg-kw"];
  let html = "", last = 0, m;
  TOKENS.lastIndex = 0;
  while ((m = TOKENS.exec(code)) !== null) {
    if (m[0] === "") { TOKENS.lastIndex++; continue; }
    html += escapeHtml(code.slice(last, m.index));
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    html += `<span class="${kinds[group]}">${escapeHtml(m[0])}</span>`;
    last = m.index + m[0].length;
  }
  return html + escapeHtml(code.slice(last));
}

function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "value") node.value = value;
    else if (key === "checked") node.checked = true;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) if (child != null && child !== false) node.append(child);
  return node;
}

// An action button: data-action names the message; `extra.payload()` gives the other fields.
export function button(label, action, extra = {}) {
  const { payload, primary, ...attrs } = extra;
  const node = h("button", { type: "button", class: primary ? "cg-btn cg-primary" : "cg-btn", "data-action": action, ...attrs }, label);
  payloads.set(node, payload || (() => ({})));
  return node;
}

function badge(severity) {
  return h("span", { class: `cg-badge cg-${severity}` }, severity || "?");
}

// A form control with a stable data-testid, a unique id for <label for>, and a draft that
// survives a re-render of the same gate.
function field(ui, testid, node, label, labelClass) {
  node.id = `${ui.prefix}-${testid}`.replace(/[^\w-]/g, "_");
  node.dataset.testid = testid;
  const key = node.type === "checkbox" ? "checked" : "value";
  if (testid in ui.drafts) node[key] = ui.drafts[testid];
  node.addEventListener(node.tagName === "SELECT" ? "change" : "input", () => { ui.drafts[testid] = node[key]; });
  node.addEventListener("change", () => { ui.drafts[testid] = node[key]; });
  return [label ? h("label", { for: node.id, class: labelClass }, label) : null, node];
}

// A button revealing a part of the panel (an editor, a split form); remembered per gate.
function reveal(ui, label, key, content) {
  const box = h("div", { class: "cg-row", id: `${ui.prefix}-${key}-box`.replace(/[^\w-]/g, "_") }, content);
  box.hidden = !ui.open.has(key);
  const toggle = h("button", { type: "button", class: "cg-btn", "data-toggle": key, "aria-controls": box.id, "aria-expanded": String(!box.hidden) }, label);
  toggle.addEventListener("click", () => {
    box.hidden = !box.hidden;
    toggle.setAttribute("aria-expanded", String(!box.hidden));
    if (box.hidden) ui.open.delete(key);
    else { ui.open.add(key); box.querySelector("input, textarea, select")?.focus(); }
  });
  return [toggle, box];
}

function needText(input) {
  if (input.value.trim()) return input.value;
  input.focus();
  return null;
}

function list(items, fn) {
  return items && items.length ? h("ul", {}, items.map((item, i) => h("li", {}, fn(item, i)))) : null;
}

function renderClarify(ui, v) {
  const answers = (v.questions || []).map((q, i) =>
    h("div", { class: "cg-row" }, field(ui, `answer-${i}`, h("input", { type: "text", value: q.default ?? "" }), q.text, "cg-block")));
  const [editorLabel, editor] = field(ui, "editor", h("textarea", { value: v.task ?? "" }), "The task", "cg-sr");
  return [
    h("h3", {}, "Clarify the task"),
    h("div", { class: "cg-row cg-wrap" }, h("strong", {}, "Task: "), v.task || ""),
    v.restated ? h("div", { class: "cg-row cg-wrap" }, h("strong", {}, "Understood as: "), v.restated) : null,
    v.assumptions?.length ? [h("h4", {}, "Assumptions"), list(v.assumptions, (a) => a)] : null,
    answers.length ? [h("h4", {}, "Questions (edit the answers if the defaults are wrong)"), answers] : null,
    h("div", { class: "cg-actions" },
      button("Confirm", "approve", { primary: true, payload: () => ({ answers: Object.fromEntries(answers.map((row, i) => [String(i), row.querySelector("input").value])) }) }),
      reveal(ui, "Edit the task", "edit-task", [editorLabel, editor,
        button("Save", "edit", { payload: () => { const code = needText(editor); return code == null ? null : { code }; } })])),
  ];
}

function renderPlan(ui, v) {
  const tasks = v.tasks || [];
  const edit = (op, extra) => ({ edit: { op, ...extra } });
  const checks = [];
  const merge = button("Merge selected", "plan_edit", { "data-op": "merge",
    payload: () => edit("merge", { task_ids: tasks.filter((t, i) => checks[i].checked).map((t) => t.id) }) });
  const countChecked = () => { merge.dataset.off = String(checks.filter((c) => c.checked).length < 2); ui.lock(); };
  const rows = tasks.map((t, i) => {
    const [, check] = field(ui, `merge-${t.id}`, h("input", { type: "checkbox", onchange: countChecked }));
    checks.push(check);
    const names = (v.profiles || []).includes(t.profile) ? v.profiles : [t.profile, ...(v.profiles || [])];
    const profile = h("select", { "data-task": t.id }, names.map((p) => h("option", { value: p }, p)));
    profile.value = t.profile;
    profile.addEventListener("change", () => ui.send("plan_edit", edit("reassign", { task_id: t.id, profile: profile.value })));
    // A model for this task only (empty: the profile's); sent when the field is left or Enter.
    const model = h("input", { class: "cg-short", value: t.model || "", placeholder: "profile's model", "data-task": t.id });
    const setModel = () => { if (model.value.trim() !== (t.model || "")) ui.send("plan_edit", edit("set_model", { task_id: t.id, model: model.value.trim() })); };
    model.addEventListener("change", setModel);
    const titles = h("textarea", { class: "cg-short", rows: 2, placeholder: "part one, part two" });
    const split = h("form", { onsubmit: (e) => e.preventDefault() },
      field(ui, `split-titles-${t.id}`, titles, `Split ${t.id} into (comma- or newline-separated):`),
      button("Split", "plan_edit", { type: "submit", "data-op": "split", "data-task": t.id, payload: () => {
        const parts = titles.value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
        return parts.length ? edit("split", { task_id: t.id, titles: parts }) : (titles.focus(), null);
      } }));
    const move = (label, to, off) => {
      const b = button(label, "plan_edit", { "data-op": "reorder", "data-direction": label.toLowerCase(), "data-task": t.id, "aria-label": `${label} ${t.id}`, payload: () => edit("reorder", { task_id: t.id, position: to }) });
      b.dataset.off = String(off);
      return b;
    };
    return h("tr", { "data-task": t.id },
      h("td", {}, h("label", { for: check.id, class: "cg-sr" }, `Select ${t.id} for merging`), check),
      h("td", { class: "cg-mono" }, t.id), h("td", {}, t.title), h("td", { class: "cg-mono" }, (t.deps || []).join(", ") || "–"),
      h("td", {}, field(ui, `profile-${t.id}`, profile, `Profile of ${t.id}`, "cg-sr"), field(ui, `model-${t.id}`, model, `Model of ${t.id}`, "cg-sr")), h("td", { class: "cg-muted" }, t.status || ""),
      h("td", {}, move("Up", i - 1, i === 0), move("Down", i + 1, i === tasks.length - 1),
        reveal(ui, "Split…", `split-${t.id}`, split),
        button("Drop", "plan_edit", { "data-op": "drop", "data-task": t.id, "aria-label": `Drop ${t.id}`, payload: () => edit("drop", { task_id: t.id }) })));
  });
  countChecked();
  const title = h("input", { type: "text", placeholder: "what the new task does" });
  return [
    h("h3", {}, "Review the plan"),
    h("table", {}, h("thead", {}, h("tr", {}, ["Merge", "Id", "Title", "Needs", "Profile", "Status", "Edit"].map((c) => h("th", { scope: "col" }, c)))), h("tbody", {}, rows)),
    h("div", { class: "cg-actions" }, merge),
    h("form", { class: "cg-actions", onsubmit: (e) => e.preventDefault() }, field(ui, "add-title", title, "New task:"),
      button("Add task", "plan_edit", { type: "submit", "data-op": "add", payload: () => { const t = needText(title); return t == null ? null : edit("add", { title: t.trim() }); } })),
    v.svg ? graph(v.svg) : null,
    v.dot ? h("details", {}, h("summary", {}, "Plan graph (DOT)"), h("pre", {}, v.dot)) : null,
    h("div", { class: "cg-actions" }, button("Approve plan", "approve", { primary: true }), button("Stop", "reject")),
  ];
}

function renderTests(ui, v) {
  const editor = field(ui, "editor", h("textarea", { value: v.text ?? "", rows: 14 }), "The acceptance tests (edit them, then Save my version)");
  const comment = field(ui, "feedback", h("input", { type: "text", placeholder: "what to change" }), "Comment for Regenerate:");
  return [
    h("h3", {}, "Review the tests"), editor,
    h("div", { class: "cg-row" }, comment),
    h("div", { class: "cg-actions" },
      button("Approve", "approve", { primary: true }),
      button("Save my version", "edit", { payload: () => { const code = needText(editor[1]); return code == null ? null : { code }; } }),
      button("Regenerate", "regenerate", { payload: () => ({ comment: comment[1].value }) }),
      button("Develop without", "reject")),
  ];
}

function renderStep(ui, v) {
  const n = v.attempts ?? 0;
  const code = h("pre", { class: "cg-code", "data-testid": "code" });
  code.innerHTML = highlight(v.code || ""); // safe: highlight() escapes everything it is given
  const diff = v.diff ? h("details", {}, h("summary", {}, "Changes from the previous attempt"), h("pre", {}, v.diff.split("\n").map((line) =>
    h("div", { class: /^(\+\+\+|---|@@)/.test(line) ? "cg-muted" : line[0] === "+" ? "cg-add" : line[0] === "-" ? "cg-del" : null }, line || " ")))) : null;
  const [editorLabel, editor] = field(ui, "editor", h("textarea", { value: v.code || "", rows: 14 }), "Your version of the code", "cg-sr");
  const feedback = field(ui, "feedback", h("input", { type: "text", placeholder: "what is wrong, what to do instead" }), "Feedback (for Reject or Regenerate):");
  const snaps = v.snapshots || [];
  const snapshot = field(ui, "snapshot", h("select", {}, snaps.map((s) => h("option", { value: s.id }, `${s.id} (${(s.cells || []).join(", ") || "no cells"})`))), "Roll back to:");
  return [
    h("h3", {}, `${v.task?.id}: ${v.task?.title} · ${v.status} · ${n} attempt${n === 1 ? "" : "s"} · ${v.tokens ?? 0} tokens` + (v.cost ? ` · $${Number(v.cost).toFixed(4)}` : "")),
    v.reason ? h("div", { class: v.status === "passed" ? "cg-row" : "cg-row cg-fail" }, v.reason) : null,
    v.code ? code : h("div", { class: "cg-muted" }, "No code was produced."),
    diff,
    v.output ? [h("h4", {}, "Sandbox output"), h("pre", { class: "cg-wrap" }, v.output)] : null,
    v.tests?.length ? [h("h4", {}, "Tests"), list(v.tests, (t) => [h("span", { class: t.passed ? "cg-pass" : "cg-fail", "aria-label": t.passed ? "passed" : "failed" }, t.passed ? "✓ " : "✗ "),
      h("span", { class: "cg-mono" }, t.test), !t.passed && t.detail ? h("pre", { class: "cg-wrap" }, t.detail) : null])] : null,
    v.findings?.length ? [h("h4", {}, "Findings"), list(v.findings, (f) => [badge(f.severity), f.line ? `line ${f.line}: ` : "", f.message,
      h("span", { class: "cg-muted" }, ` (${f.source} ${f.rule})`), f.suggestion ? h("div", { class: "cg-muted" }, `→ ${f.suggestion}`) : null])] : null,
    h("div", { class: "cg-row" }, feedback),
    h("div", { class: "cg-actions" },
      button(v.status === "blocked" ? "Allow it to run in the sandbox" : "Approve", "approve", { primary: true }),
      reveal(ui, "Edit", "edit-code", [editorLabel, editor,
        button("Approve my version", "edit", { payload: () => { const c = needText(editor); return c == null ? null : { code: c }; } })]),
      button("Reject", "reject", { payload: () => ({ comment: feedback[1].value }) }),
      button("Regenerate", "regenerate", { payload: () => ({ comment: feedback[1].value }) }),
      button("Skip", "skip")),
    snaps.length ? h("div", { class: "cg-actions" }, snapshot, button("Roll back", "rollback", { payload: () => ({ snapshot: snapshot[1].value }) })) : null,
  ];
}

// The plan graph as graphviz drew it in the kernel (from our own DOT; labels are escaped).
function graph(svg) {
  const box = h("div", { class: "cg-graph", role: "img", "aria-label": "plan graph", "data-testid": "graph" });
  box.innerHTML = svg.replace(/<\?xml[^>]*>|<!DOCTYPE[^>]*>/g, "");
  const drawn = box.querySelector("svg");
  if (drawn) { drawn.style.maxWidth = "100%"; drawn.style.height = "auto"; }
  return box;
}

function qualityTable(rows) {
  const head = ["task", "lines", "lint", "complexity", "maintainability", "coverage"];
  const cells = (q) => [q.task, q.lines, (q.lint || []).length, q.complexity,
    `${Math.round(q.maintainability)} (${q.rank})`, q.coverage == null ? "n/a" : `${Math.round(q.coverage * 100)}%`];
  return h("table", { class: "cg-table" }, h("thead", {}, h("tr", {}, head.map((x) => h("th", {}, x)))),
    h("tbody", {}, rows.map((q) => h("tr", {}, cells(q).map((x) => h("td", {}, String(x)))))));
}

function renderSignoff(ui, v) {
  const concerns = v.concerns || [];
  const checks = [];
  const turn = button("Turn selected concerns into tasks", "concern", { payload: () => ({ concerns: concerns.filter((c, i) => checks[i].checked).map((c) => c.id) }) });
  const count = () => { turn.dataset.off = String(!checks.some((c) => c.checked)); ui.lock(); };
  const items = concerns.map((c) => {
    const [, box] = field(ui, `concern-${c.id}`, h("input", { type: "checkbox", onchange: count }));
    checks.push(box);
    return h("li", {}, box, h("label", { for: box.id }, badge(c.severity), `${c.kind}${c.task ? ` (${c.task})` : ""}: ${c.text}`));
  });
  count();
  const feedback = field(ui, "feedback", h("textarea", { rows: 4, placeholder: "what is missing or wrong" }), "Feedback:");
  return [
    h("h3", {}, "Sign off"),
    h("div", { class: v.passed ? "cg-row cg-pass" : "cg-row cg-fail" }, h("strong", {}, v.summary || (v.passed ? "Validation passed." : "Validation did not pass."))),
    (v.tests || []).length ? [h("h4", {}, "System test, in a fresh kernel"), h("ul", { class: "cg-tests" },
      v.tests.map((t) => h("li", {}, h("span", { class: t.passed ? "cg-pass" : "cg-fail" }, t.passed ? "✓ " : "✗ "),
        `${t.task} · ${t.source} · `, h("code", {}, t.label), t.passed ? "" : ` — ${t.detail}`)))] : null,
    (v.findings || []).length ? [h("h4", {}, "Security and imports"), h("ul", {},
      v.findings.map((f) => h("li", {}, badge(f.severity), `${f.task} line ${f.line}: ${f.message}`)))] : null,
    (v.quality || []).length ? [h("h4", {}, "Quality"), qualityTable(v.quality)] : null,
    v.report ? h("details", {}, h("summary", {}, "The full report (Markdown)"), h("pre", { class: "cg-wrap", "data-testid": "report" }, v.report)) : null,
    items.length ? [h("h4", {}, "Reviewer concerns"), h("ul", { class: "cg-concerns" }, items)] : null,
    h("div", { class: "cg-actions" }, button("Accept", "approve", { primary: true }), items.length ? turn : null),
    h("div", { class: "cg-row" }, feedback),
    h("div", { class: "cg-actions" },
      button("Send feedback", "feedback", { payload: () => { const c = needText(feedback[1]); return c == null ? null : { comment: c }; } }),
      button("Leave unsigned", "reject")),
  ];
}

function renderDone(ui, v) {
  const line = v.signed_off ? "Signed off: the session is complete." : v.stopped ? `Stopped: ${v.stopped}` : "The session is over.";
  return [h("h3", {}, "Done"), h("div", { class: v.signed_off ? "cg-row cg-pass" : "cg-row" }, line)];
}

const RENDERERS = { clarify: renderClarify, plan: renderPlan, tests: renderTests, step: renderStep, signoff: renderSignoff, done: renderDone };

function headerText(hd) {
  if (!hd || !hd.phase) return "Codegen";
  const cost = hd.cost ? `$${Number(hd.cost).toFixed(4)}` : "no cost";
  return `Codegen · ${hd.phase} · task ${hd.done ?? 0} of ${hd.total ?? 0} · ${hd.elapsed ?? 0}s · ${hd.tokens ?? 0} tokens · ${cost} · ${hd.model ?? ""}`;
}

function render({ model, el }) {
  const root = h("div", { class: "jupyter-codegen-panel cg-root" });
  const header = h("div", { class: "cg-header", "data-testid": "header" });
  const working = h("div", { class: "cg-working", "data-testid": "working" }, "working…");
  const stale = h("div", { class: "cg-stale", "data-testid": "stale" }, STALE);
  const progress = h("pre", { class: "cg-progress", "data-testid": "progress" });
  const error = h("div", { class: "cg-error", "data-testid": "error" });
  const body = h("div", { class: "cg-body" });
  root.append(h("style", {}, STYLE), header, body, h("div", { class: "cg-status", "aria-live": "polite" }, working, stale, progress, error));
  el.replaceChildren(root);
  const ui = { prefix: `cg${++panels}`, drafts: {}, open: new Set(), gate: undefined, sending: false, refocus: false };

  ui.locked = () => Boolean(model.get("busy") || model.get("stale") || ui.sending);
  ui.lock = () => {
    const locked = ui.locked();
    for (const c of body.querySelectorAll("button, input, select, textarea")) c.disabled = locked || c.dataset.off === "true";
    root.setAttribute("aria-busy", String(Boolean(model.get("busy") || ui.sending)));
    root.dataset.busy = String(Boolean(model.get("busy"))); root.dataset.stale = String(Boolean(model.get("stale")));
    working.hidden = !(model.get("busy") || ui.sending);
    stale.hidden = !model.get("stale");
  };
  ui.send = (action, extra) => {
    if (ui.locked() || extra == null) return;
    ui.sending = true;
    ui.refocus = root.contains(document.activeElement);
    ui.lastFocus = document.activeElement;
    ui.lock();
    model.send({ action, gate_id: (model.get("view") || {}).gate_id, ...extra });
  };
  const onClick = (event) => {
    const b = event.target.closest("button[data-action]");
    if (b && payloads.has(b) && root.contains(b)) ui.send(b.dataset.action, payloads.get(b)());
  };
  root.addEventListener("click", onClick);

  const showHeader = () => { header.textContent = headerText(model.get("header")); };
  const showStatus = () => {
    const text = model.get("progress") || "", err = model.get("error") || "";
    progress.textContent = text.length > 600 ? `…${text.slice(-600)}` : text;
    progress.hidden = !text;
    error.textContent = err;
    error.hidden = !err;
    ui.lock();
  };
  const showView = () => {
    const v = model.get("view") || {};
    if (v.gate_id !== ui.gate) { ui.gate = v.gate_id; ui.drafts = {}; ui.open = new Set(); }
    const active = document.activeElement;
    const keep = root.contains(active) ? (active.dataset.testid || active.dataset.toggle) : null;
    ui.refocus = ui.refocus || root.contains(active);
    root.dataset.kind = v.kind || "";
    const draw = RENDERERS[v.kind];
    body.replaceChildren(...[draw ? draw(ui, v) : h("div", { class: "cg-muted" }, "Waiting for the session…")].flat(Infinity).filter(Boolean));
    ui.lock();
    if (ui.refocus) { // keep keyboard users in the panel: same control, else the gate's heading
      const target = keep && body.querySelector(`[data-testid="${cssEscape(keep)}"], [data-toggle="${cssEscape(keep)}"]`);
      const heading = body.querySelector("h3");
      if (target && !target.disabled) target.focus();
      else if (heading) { heading.tabIndex = -1; heading.focus(); }
      ui.refocus = false;
    }
  };
  const onView = () => { ui.sending = false; showView(); showStatus(); };
  const onBusy = () => { ui.sending = false; showStatus(); };
  // An error ends the wait (the kernel refused or failed); an error being cleared does not,
  // so clearing it just before `busy` goes up never reopens the controls in between.
  const onError = () => {
    if (!model.get("error")) return showStatus();
    ui.sending = false;
    showStatus();
    if (ui.refocus && ui.lastFocus?.isConnected && !ui.lastFocus.disabled) ui.lastFocus.focus();
    ui.refocus = false;
  };
  const listeners = [["change:view", onView], ["change:header", showHeader], ["change:busy", onBusy],
    ["change:stale", showStatus], ["change:progress", showStatus], ["change:error", onError]];
  for (const [name, fn] of listeners) model.on(name, fn);
  showHeader(); showView(); showStatus();
  return () => {
    for (const [name, fn] of listeners) model.off(name, fn);
    root.removeEventListener("click", onClick);
  };
}

function cssEscape(value) {
  return globalThis.CSS?.escape ? globalThis.CSS.escape(value) : String(value).replace(/["\\]/g, "\\$&");
}

export default { render };
