"""Panel logic without a browser: session state to view, clicks to engine operations."""

from __future__ import annotations

import json

import pytest

from jupyter_codegen.core.decision import AutoPolicy, Decision, Gate
from jupyter_codegen.engine import Request, Session, drive
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.validation.gate import scanner
from jupyter_codegen.validation.imports import ModuleIndex
from jupyter_codegen.widgets import view
from tests.development.fakes import FakeClient, FakeSandbox
from tests.replies import code, plan_reply

CLARITY = json.dumps(
    {
        "restated": "Add two numbers.",
        "assumptions": ["ints"],
        "questions": [{"question": "Name?", "default": "add"}],
    }
)


def session(replies: dict[str, list[str]], **options) -> Session:
    fakes = {name: FakeClient(list(r)) for name, r in replies.items()}
    return Session(
        Request(task="add numbers", model="fake", **options),
        lambda profile: fakes[profile.name],
        FakeSandbox(),
        scan=scanner(ModuleIndex(frozenset({"os"}), {})),
        fresh=FakeSandbox,
    )


def test_each_gate_becomes_a_view_with_its_own_fields() -> None:
    s = session(
        {
            "orchestrator": [
                CLARITY,
                plan_reply(("t1", [], ["assert add(1, 2) == 3"]), ("t2", ["t1"], [])),
            ],
            "coder": [
                code("def add(a, b):\n    return a - b"),
                code("def add(a, b):\n    return a + b"),
                code("x = add(1, 1)"),
            ],
            "reviewer": [
                json.dumps(
                    {
                        "concerns": [
                            {"kind": "edge-case", "severity": "low", "task": "t1", "text": "floats"}
                        ]
                    }
                )
            ],
        },
        review=True,
    )
    gate = s.advance()
    shown = view.view(s, gate)
    assert shown["kind"] == "clarify" and shown["questions"] == [
        {"text": "Name?", "default": "add"}
    ]
    s.resolve(view.action({"action": "approve", "answers": {"0": "plus"}}, gate, "ana").decision)
    gate = s.advance()
    shown = view.view(s, gate)
    assert shown["kind"] == "plan" and [t["id"] for t in shown["tasks"]] == ["t1", "t2"]
    assert "digraph" in shown["dot"] and "reviewer" in shown["profiles"]
    s.resolve(Decision("approve", "ana"))
    gate = s.advance()
    shown = view.view(s, gate)
    assert shown["kind"] == "step" and shown["task"]["id"] == "t1" and shown["attempts"] == 2
    assert shown["status"] == "passed" and shown["tests"][0]["passed"]
    assert shown["diff"].startswith("--- previous attempt") and "+    return a + b" in shown["diff"]
    assert [snap["id"] for snap in shown["snapshots"]] == ["s0"]
    header = view.header(s, gate)
    assert (header["phase"], header["done"], header["total"]) == ("Development", 0, 2)
    gate = drive(s, AutoPolicy(), stop_at=("signoff",))
    shown = view.view(s, gate)
    assert shown["kind"] == "signoff" and shown["passed"] and shown["concerns"][0]["id"] == "c1"
    assert "System test" in shown["report"]
    s.resolve(Decision("approve", "ana"))
    assert view.view(s, None)["signed_off"] is True


def test_a_blocked_step_shows_its_findings() -> None:
    s = session({"coder": [code("import os\nos.system('ls')")]}, clarify=False, single=True)
    gate = drive(s, AutoPolicy(), stop_at=("step",))
    shown = view.view(s, gate)
    assert shown["status"] == "blocked" and shown["findings"][0]["severity"] == "high"
    assert "os.system" in shown["code"] and shown["output"] == ""


STEP = Gate("step")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"action": "approve"}, ("approve", "", (), ())),
        ({"action": "reject", "comment": "no"}, ("reject", "no", (), ())),
        ({"action": "regenerate", "comment": "use a loop"}, ("regenerate", "use a loop", (), ())),
        ({"action": "skip"}, ("skip", "", (), ())),
        ({"action": "edit", "code": "x = 1"}, ("edit", "", (), ())),
    ],
)
def test_step_clicks_become_decisions(message, expected) -> None:
    decision = view.action(message, STEP, "ana").decision
    assert (decision.action, decision.comment, decision.feedback, decision.concerns) == expected
    assert decision.actor == "ana"


def test_other_clicks_become_edits_rollbacks_and_signoff_feedback() -> None:
    assert view.action({"action": "rollback", "snapshot": "s1"}, STEP, "a").rollback == "s1"
    edit = view.action(
        {"action": "plan_edit", "edit": {"op": "drop", "task_id": "t2"}}, Gate("plan"), "a"
    ).edit
    assert edit == {"op": "drop", "task_id": "t2"}
    signoff = Gate("signoff")
    feedback = view.action({"action": "feedback", "comment": "add docs"}, signoff, "a").decision
    assert (feedback.action, feedback.feedback) == ("reject", ("add docs",))
    concern = view.action({"action": "concern", "concerns": ["c1", "c2"]}, signoff, "a").decision
    assert concern.concerns == ("c1", "c2")
    retask = view.action(
        {"action": "edit", "code": "add three numbers"}, Gate("clarify"), "a"
    ).decision
    assert (retask.action, retask.code) == ("edit", "add three numbers")


@pytest.mark.parametrize(
    ("gate", "message", "error"),
    [
        (STEP, {"action": "feedback"}, "not an action at the step gate"),
        (STEP, {"action": "edit", "code": "  "}, "needs the new text"),
        (STEP, {"action": "reject", "comment": 3}, "not text"),
        (Gate("plan"), {"action": "plan_edit", "edit": "drop"}, "needs an 'op'"),
        (Gate("signoff"), {"action": "feedback", "comment": ""}, "feedback needs text"),
        (Gate("signoff"), {"action": "concern", "concerns": []}, "pick at least one"),
        (Gate("clarify"), {"action": "approve", "answers": ["x"]}, "must map"),
    ],
)
def test_malformed_clicks_are_clear_errors(gate, message, error) -> None:
    with pytest.raises(CodegenError, match=error):
        view.action(message, gate, "ana")


def test_editing_the_task_at_the_clarity_gate_checks_the_new_text() -> None:
    again = json.dumps({"restated": "Add three numbers.", "assumptions": [], "questions": []})
    s = session({"orchestrator": [CLARITY, again]}, single=True)
    gate = s.advance()
    s.resolve(view.action({"action": "edit", "code": "add three numbers"}, gate, "ana").decision)
    assert s.request.task == "add three numbers" and s.phase == "clarify"
    gate = s.advance()
    assert gate.kind == "clarify" and gate.report.restated == "Add three numbers."
