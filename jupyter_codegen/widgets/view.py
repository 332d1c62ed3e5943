"""What a panel shows and what its clicks mean, without a browser or a widget library.

`view(session, gate)` turns the waiting gate into plain JSON for the panel; `action(message,
gate, actor)` turns a message the panel sent into the engine operation it asks for. The panel
(widgets/panel.py) only moves these between the kernel and the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jupyter_codegen.core.checks import render_tests
from jupyter_codegen.core.decision import Decision, Gate
from jupyter_codegen.core.graph import to_dot
from jupyter_codegen.engine import Session
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.magics.display import render_svg
from jupyter_codegen.validation.report import render as render_validation

PHASES = {
    "clarify": "Input",
    "plan": "Orchestration",
    "tests": "Development",
    "step": "Development",
    "signoff": "Validation",
}


def gate_id(session: Session) -> str:
    """A name for the gate waiting now: it changes whenever the session moves on."""
    return f"{session.id}:{len(session.trail.entries)}"


def header(session: Session, gate: Gate | None) -> dict[str, Any]:
    """The session header: phase, task progress, elapsed time, tokens and cost so far."""
    plan = session.plan
    tasks = plan.tasks if plan is not None else ()
    total = session.usage.total()
    return {
        "model": session.request.model,
        "phase": PHASES.get(gate.kind, "Done") if gate is not None else "Done",
        "done": sum(1 for t in tasks if t.status in ("approved", "skipped")),
        "total": len(tasks),
        "elapsed": round(session.elapsed, 1),
        "tokens": total.prompt_tokens + total.completion_tokens,
        "cost": total.cost,
    }


def _step(session: Session, gate: Gate) -> dict[str, Any]:
    assert gate.task is not None and gate.step is not None
    step = gate.step
    shown = step.attempts[-1] if step.status == "blocked" else step.best
    earlier = [a.code for a in step.attempts if a.code and a is not shown]
    from jupyter_codegen.development.agent import code_diff

    execution = shown.execution if shown else None
    return {
        "task": {"id": gate.task.id, "title": gate.task.title},
        "status": step.status,
        "reason": step.stop_reason,
        "attempts": len(step.attempts),
        "code": shown.code if shown and shown.code else "",
        "diff": code_diff(earlier[-1], shown.code) if shown and shown.code and earlier else "",
        "output": (execution.text_plain() + (execution.feedback(1500) if execution.error else ""))
        if execution
        else "",
        "tests": [
            {
                "test": t.test,
                "passed": t.passed,
                "detail": "" if t.passed else t.execution.feedback(400),
            }
            for t in (shown.tests if shown else ())
        ],
        "findings": [f.as_dict() for f in (shown.findings if shown else ())],
        "tokens": step.usage.prompt_tokens + step.usage.completion_tokens,
        "cost": step.usage.cost,
        "snapshots": [{"id": s.id, "cells": [t for t, _ in s.cells]} for s in session.snapshots],
    }


def view(session: Session, gate: Gate | None) -> dict[str, Any]:
    """The panel's content for `gate` (None: the session is over)."""
    if gate is None:
        return {
            "kind": "done",
            "gate_id": gate_id(session),
            "stopped": session.stopped,
            "signed_off": session.signed_off,
        }
    base: dict[str, Any] = {"kind": gate.kind, "gate_id": gate_id(session)}
    if gate.kind == "clarify":
        assert gate.report is not None
        clarity = gate.report
        return {
            **base,
            "task": session.request.task,
            "restated": clarity.restated,
            "assumptions": list(clarity.assumptions),
            "questions": [{"text": q.text, "default": q.default} for q in clarity.questions],
        }
    if gate.kind == "plan":
        assert gate.plan is not None
        return {
            **base,
            "dot": to_dot(gate.plan),
            "svg": render_svg(to_dot(gate.plan)) or "",
            "tasks": [
                {
                    "id": t.id,
                    "title": t.title,
                    "deps": list(t.deps),
                    "profile": t.profile,
                    "model": t.model or "",
                    "status": t.status,
                }
                for t in gate.plan.tasks
            ],
            "profiles": sorted(session.registry.profiles),
        }
    if gate.kind == "tests":
        assert gate.tests is not None and gate.plan is not None
        titles = {t.id: t.title for t in gate.plan.tasks}
        return {**base, "text": render_tests(gate.tests, titles)}
    if gate.kind == "signoff":
        report = session.validation
        return {
            **base,
            "passed": bool(report and report.passed),
            "summary": report.summary() if report else "",
            "report": render_validation(report) if report else "",
            "concerns": [c.as_dict() for c in report.concerns] if report else [],
            "tests": [
                {
                    "task": t.task,
                    "source": t.check.source,
                    "label": t.check.label,
                    "passed": t.passed,
                    "detail": t.detail.strip().splitlines()[-1] if t.detail.strip() else "",
                }
                for t in (report.system.tests if report else ())
            ],
            "findings": [
                {"task": t.task, **f.as_dict()}
                for t in (report.tasks if report else ())
                for f in t.findings
            ],
            "quality": [
                {"task": name, **q.as_dict()}
                for name, q in (
                    [(t.task, t.quality) for t in report.tasks] + [("total", report.total)]
                    if report
                    else []
                )
            ],
        }
    return {**base, **_step(session, gate)}


@dataclass(frozen=True)
class Operation:
    """What a click asks of the engine: a decision, a plan edit, or a rollback."""

    decision: Decision | None = None
    edit: dict[str, Any] | None = None
    rollback: str | None = None


_ALLOWED = {
    "clarify": {"approve", "edit"},
    "plan": {"approve", "reject", "plan_edit"},
    "tests": {"approve", "edit", "reject", "regenerate"},
    "step": {"approve", "edit", "reject", "regenerate", "skip", "rollback"},
    "signoff": {"approve", "feedback", "concern", "reject"},
}


def _text(message: dict[str, Any], key: str) -> str:
    value = message.get(key, "")
    if not isinstance(value, str):
        raise CodegenError(f"the panel sent a {key!r} that is not text")
    return value


def action(message: dict[str, Any], gate: Gate, actor: str) -> Operation:
    """The engine operation a panel message asks for; CodegenError for a malformed message."""
    name = message.get("action")
    allowed = _ALLOWED.get(gate.kind, set())
    if name not in allowed:
        raise CodegenError(
            f"{name!r} is not an action at the {gate.kind} gate ({', '.join(sorted(allowed))})"
        )
    comment = _text(message, "comment")
    if name == "plan_edit":
        edit = message.get("edit")
        if not isinstance(edit, dict) or not isinstance(edit.get("op"), str):
            raise CodegenError("a plan edit needs an 'op', e.g. {'op': 'drop', 'task_id': 't2'}")
        return Operation(edit=edit)
    if name == "rollback":
        return Operation(rollback=_text(message, "snapshot") or None)
    if gate.kind == "clarify" and name == "approve":
        answers = message.get("answers", {})
        if not isinstance(answers, dict):
            raise CodegenError("clarity answers must map question numbers to text")
        pairs = tuple(sorted((int(k), str(v)) for k, v in answers.items() if str(v).strip()))
        return Operation(Decision("approve", actor, "answered the clarity questions", pairs))
    if name == "edit":
        code = _text(message, "code")
        if not code.strip():
            raise CodegenError("an edit needs the new text")
        return Operation(Decision("edit", actor, comment, code=code))
    if name == "feedback":
        if not comment.strip():
            raise CodegenError("feedback needs text: what is missing or wrong")
        return Operation(Decision("reject", actor, comment, feedback=(comment,)))
    if name == "concern":
        ids = message.get("concerns", [])
        if not isinstance(ids, list) or not ids:
            raise CodegenError("pick at least one concern to turn into a task")
        return Operation(Decision("reject", actor, comment, concerns=tuple(str(i) for i in ids)))
    return Operation(Decision(name, actor, comment))
