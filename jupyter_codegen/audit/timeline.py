"""`jupyter-codegen report`: each session's trail as a timeline, in text or as an HTML page.

Tokens and cost are counted from llm_call events only (model_call events repeat the usage).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from jupyter_codegen.audit.record import Located, SessionTrail, records

NONE = "This notebook holds no %%codegen records: there is no session to report."
FALLBACK = {"orchestrator": "plan", "tester": "design tests", "reviewer": "review"}


@dataclass
class Row:
    """One event of a session's timeline."""

    time: str  # HH:MM:SS in UTC; "" when the event's time is unreadable
    kind: str
    cell: int | None  # index in nb.cells of the cell whose record holds the event
    text: str
    details: str = ""  # more lines: the plan, questions and answers, code, concerns


@dataclass
class Tally:
    """Model calls and what they used."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None  # None when no call reported a cost

    def add(self, data: dict[str, Any]) -> None:
        """Count one llm_call event's usage."""
        self.calls += 1
        self.prompt_tokens += _int(data.get("prompt_tokens"))
        self.completion_tokens += _int(data.get("completion_tokens"))
        if isinstance(data.get("cost"), int | float):
            self.cost = (self.cost or 0.0) + data["cost"]


@dataclass
class Timeline:
    """One session: its task, model, date, events and usage."""

    session: str
    task: str
    model: str
    date: str = ""
    rows: list[Row] = field(default_factory=list)
    phases: dict[str, Tally] = field(default_factory=dict)
    models: dict[str, Tally] = field(default_factory=dict)
    total: Tally = field(default_factory=Tally)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _when(at: Any) -> tuple[str, str]:
    """(date, HH:MM:SS) in UTC of an ISO time, or ("", "") when it cannot be read."""
    try:
        moment = datetime.fromisoformat(str(at).replace("Z", "+00:00"))
    except ValueError:
        return "", ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S")


class _Fields(dict[str, Any]):
    """Event data for str.format_map: a missing field reads "?", a list its items."""

    def __init__(self, data: Any = None, **more: Any) -> None:
        items = data.items() if isinstance(data, dict) else ()
        joined = {
            k: (" " if k == "command" else ", ").join(map(str, v))
            for k, v in items
            if isinstance(v, list)
        }
        super().__init__({**(data if isinstance(data, dict) else {}), **joined, **more})

    def __missing__(self, key: str) -> str:
        return "?"


TEXT = {
    "clarity": "Restated task: {restated}",
    "probe": "Consistency probe: {count} question(s)",
    "plan": "Plan ({source}): {ids}",
    "plan_change": "Plan change by {actor}: {op} -> {ids}",
    "decision": "Decision at {gate}{on}: {action} by {actor}{note}",
    "step": "Step {task} {status}: {reason}",
    "edit": "Edit of {task} by a person: {status}, tests {tests_passed}/{tests_total}",
    "tests_proposed": "Tests proposed: {counts}",
    "tests_approved": "Tests approved ({action}): {counts}",
    "risk_approved": "Risky code of {task} allowed to run by {actor}: {status}",
    "rollback": "Rolled back to {to}",
    "validation": "Validation {verdict}: {summary}",
    "signoff": "{signed} by {actor}{note}",
    "install": "Installed `{command}` by {actor} (exit {returncode})",
    "done": "Done: accepted {accepted}",
}


def _plan(plan: Any) -> tuple[str, list[str]]:
    """A plan's task ids, and a line per task."""
    raw = _list(plan.get("tasks")) if isinstance(plan, dict) else []
    tasks = [(_Fields(t), len(_list(t.get("tests")))) for t in raw if isinstance(t, dict)]
    lines = [
        "{id}  {title}  [{profile}]".format_map(t)
        + ("  after {deps}".format_map(t) if t.get("deps") else "")
        + (f"  tests: {n}" if n else "")
        for t, n in tasks
    ]
    return ", ".join(str(t["id"]) for t, _ in tasks) or "no tasks", lines


def _attempt(a: dict[str, Any], e: dict[str, Any] | None) -> str:
    found = len(_list(a.get("findings")))
    ran = "not run" if e is None else "{status}, tests {tests_passed}/{tests_total}"
    text = "Attempt {attempt} at {task} [{profile}]: " + ran
    return text.format_map(_Fields(e or a)) + f", {found} finding{'s' * (found != 1)}"


def _text(kind: str, d: dict[str, Any]) -> str:
    """One line on the event, from its template in TEXT (missing fields read "?")."""
    tests = d["tests"].items() if isinstance(d.get("tests"), dict) else []
    return TEXT[kind].format_map(
        _Fields(
            d,
            ids=_plan(d.get("plan"))[0],
            op=_Fields(d.get("edit"))["op"],
            on=f" {d['task']}" if d.get("task") else "",
            note=f" ({d['comment']})" if d.get("comment") else "",
            count=len(_list(d.get("questions"))),
            counts=", ".join(f"{t}: {len(_list(c))}" for t, c in tests) or "none",
            verdict="passed" if d.get("passed") else "failed",
            signed="Signed off" if d.get("accepted") else "Not signed off",
        )
    )


def _details(kind: str, d: dict[str, Any]) -> list[str]:
    """More lines on the event: the plan, questions and answers, concerns, a diff."""
    if kind in ("plan", "plan_change"):
        return _plan(d.get("plan"))[1]
    if kind == "clarity":
        asked = [_Fields(q) for q in _list(d.get("questions")) if isinstance(q, dict)]
        more = [f"assumed: {a}" for a in _list(d.get("assumptions"))]
        return more + ["Q: {question} (default: {default})".format_map(q) for q in asked]
    if kind == "decision":
        pairs = [a for a in map(_list, _list(d.get("answers"))) if len(a) == 2]
        more = [f"Q: {q}\nA: {a}" for q, a in pairs]
        more += [f"feedback: {x}" for x in _list(d.get("feedback"))]
        return more + [f"concern: {x}" for x in _list(d.get("concerns"))]
    if kind == "validation":
        concerns = [_Fields(c) for c in _list(d.get("concerns")) if isinstance(c, dict)]
        return ["[{severity}] {task}: {text}".format_map(c) for c in concerns]
    if kind == "probe":
        return [str(q) for q in _list(d.get("questions"))]
    return [str(d["diff"])] if kind == "edit" and d.get("diff") else []


def _build(trail: SessionTrail) -> Timeline:
    first = trail.parts[0].record
    line = Timeline(trail.session, str(first.get("task", "")), str(first.get("model", "")))
    calls: list[dict[str, Any]] = []  # llm_call data
    attempts: dict[tuple[str, str], tuple[Row, dict[str, Any]]] = {}
    for entry in trail.entries:
        kind, data = str(entry.get("kind", "")), entry.get("data")
        data = data if isinstance(data, dict) else {}
        date, time = _when(entry.get("at"))
        line.date = line.date or date
        seq, key = entry.get("seq"), (str(data.get("task")), str(data.get("attempt")))
        cell = trail.cell_of(seq) if isinstance(seq, int) else None
        if kind == "llm_call":
            calls.append(data)
        if kind == "attempt":
            row = Row(time, kind, cell, _attempt(data, None), str(data.get("code", "")))
            attempts[key] = row, data
            line.rows.append(row)
        elif kind == "execution" and key in attempts:
            shown, proposed = attempts[key]
            shown.text = _attempt(proposed, data)
        elif kind in TEXT and (kind != "step" or data.get("reason")):
            more = "\n".join(_details(kind, data))
            line.rows.append(Row(time, kind, cell, _text(kind, data), more))
    for data in calls:
        profile = str(data.get("profile", "?"))
        purpose = str(data.get("purpose") or FALLBACK.get(profile, "development"))
        phase = f"{purpose} ({profile})" if purpose == "development" else purpose
        line.phases.setdefault(phase, Tally()).add(data)
        line.models.setdefault(str(data.get("model", "?")), Tally()).add(data)
        line.total.add(data)
    return line


def timeline(nb: Any) -> list[Timeline]:
    """Every session recorded in the notebook, as a timeline, in the order sessions appear."""
    grouped: dict[str, SessionTrail] = {}
    for found in records(nb):
        record = found.record if isinstance(found.record, dict) else {}
        trail = record.get("trail")
        if not isinstance(trail, dict):
            continue
        entries = [e for e in _list(trail.get("entries")) if isinstance(e, dict)]
        start = trail.get("from") if isinstance(trail.get("from"), int) else 0
        fixed = {**record, "trail": {**trail, "from": start, "entries": entries}}
        session = str(trail.get("session", "?"))
        grouped.setdefault(session, SessionTrail(session)).parts.append(
            Located(fixed, found.cell, found.output)
        )
    return [_build(trail) for trail in grouped.values()]


HEAD = ("Tokens and cost", "calls", "prompt", "completion", "cost")


def _usage(tallies: dict[str, Tally]) -> list[tuple[str, ...]]:
    """A usage table row per name: calls, prompt and completion tokens, cost."""
    return [
        (name, str(t.calls), f"{t.prompt_tokens:,}", f"{t.completion_tokens:,}", _cost(t.cost))
        for name, t in tallies.items()
    ]


def _cost(cost: float | None) -> str:
    return "n/a" if cost is None else f"${cost:.4f}"


def render_text(nb: Any) -> str:
    """Every session's timeline as plain text, for the terminal."""
    found = timeline(nb)
    if not found:
        return NONE
    out: list[str] = []
    for line in found:
        out += [f"Session {line.session} on {line.date or 'an unknown date'} (times in UTC)"]
        out += [f"Task: {line.task}", f"Model: {line.model}", ""]
        for row in line.rows:
            where = f"cell {row.cell + 1}" if row.cell is not None else ""
            out.append(f"  {row.time or '--:--:--'}  {where:<8} {row.text}")
            out += [f"{' ' * 22}{d}" for d in row.details.splitlines()]
        phases = _usage({**line.phases, "total": line.total})
        table = [HEAD, *phases, ("by model:",), *_usage(line.models)]
        out += [""] + [
            f"  {r[0]:<24}{r[1]:>6}{r[2]:>10}{r[3]:>12}  {r[4]}" if r[1:] else f"  {r[0]}"
            for r in table
        ]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


CSS = """:root{color-scheme:light dark;--bg:#fff;--fg:#1d1d1f;--muted:#6a6a6a;--line:#d9d9de;--code:#f4f4f6}
@media (prefers-color-scheme:dark){:root{--bg:#17181a;--fg:#e4e4e7;--muted:#9d9da5;--line:#34353a;--code:#222327}}
body{font:14px/1.45 system-ui,sans-serif;background:var(--bg);color:var(--fg);max-width:76rem;margin:2rem auto;padding:0 1rem}
details{border:1px solid var(--line);border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
summary{cursor:pointer;font-weight:600}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-top:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
.usage td+td,.usage th+th{text-align:right}.muted{color:var(--muted)}
pre{background:var(--code);padding:.5rem;margin:.3rem 0 0;overflow:auto;white-space:pre-wrap}"""


def _tr(cells: Any, tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{html.escape(str(c))}</{tag}>" for c in cells) + "</tr>"


def render_html(nb: Any) -> str:
    """Every session's timeline as one self-contained HTML page, a collapsible part each."""
    e = html.escape
    body: list[str] = []
    for line in timeline(nb):
        body.append(f"<details open><summary>{e(line.task)}</summary><p class=muted>Session ")
        body.append(f"{e(line.session)} with {e(line.model)}, {e(line.date)} (times in UTC)</p>")
        body.append("<table>" + _tr(("Time", "Cell", "Event", "What"), "th"))
        for row in line.rows:
            more = f"<pre>{e(row.details)}</pre>" if row.details else ""
            cell = "" if row.cell is None else row.cell + 1
            body.append(f"<tr><td>{e(row.time)}</td><td>{cell}</td><td>{e(row.kind)}</td>")
            body.append(f"<td>{e(row.text)}{more}</td></tr>")
        body.append("</table><table class=usage>" + _tr(HEAD, "th"))
        body += map(_tr, _usage({**line.phases, "total": line.total}))
        body.append("<tr><th colspan=5>By model</th></tr>")
        body += [*map(_tr, _usage(line.models)), "</table></details>"]
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        f"<title>jupyter-codegen report</title><style>{CSS}</style></head><body>"
        f"<h1>Session timeline</h1>{''.join(body) or f'<p>{e(NONE)}</p>'}</body></html>\n"
    )
