"""The validation phase through the engine: gates, tests from three sources, sign-off, feedback."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest

from jupyter_codegen.core.checks import Check, render_tests
from jupyter_codegen.core.decision import AutoPolicy, Decision, Gate
from jupyter_codegen.core.spec_tests import user_checks
from jupyter_codegen.engine import Request, Session, drive
from jupyter_codegen.validation.gate import scanner
from jupyter_codegen.validation.imports import ModuleIndex
from tests.development.fakes import FakeClient, FakeSandbox
from tests.replies import code

INDEX = ModuleIndex(
    frozenset({"os", "json", "math", "pandas", "builtins"}), {"pandas": ("pandas",)}
)
SLUGIFY = "def slugify(text):\n    return '-'.join(text.lower().split())"


class Clients:
    """One scripted FakeClient per profile."""

    def __init__(self, **replies: list[str]) -> None:
        self.by_profile = {name: FakeClient(list(r)) for name, r in replies.items()}

    def __call__(self, profile):
        return self.by_profile[profile.name]


class Script:
    """An approver that answers each gate kind from a queue, falling back to the --auto policy."""

    def __init__(self, **answers: list[Decision]) -> None:
        self.answers = answers
        self.seen: list[Gate] = []

    def decide(self, gate: Gate) -> Decision:
        self.seen.append(gate)
        queue = self.answers.get(gate.kind)
        return queue.pop(0) if queue else AutoPolicy().decide(gate)


def session(clients, task="slugify text", *, sandbox=None, **options) -> Session:
    options.setdefault("clarify", False)
    options.setdefault("single", True)
    return Session(
        Request(task=task, model="fake", **options),
        clients,
        sandbox or FakeSandbox(),
        scan=scanner(INDEX),
        fresh=FakeSandbox,
    )


def designer_reply(*tests: str) -> str:
    return json.dumps({"tests": [{"name": f"t{i}", "code": t} for i, t in enumerate(tests)]})


def review_reply(*concerns: tuple[str, str]) -> str:
    return json.dumps(
        {
            "concerns": [
                {"kind": kind, "severity": "medium", "task": "t1", "text": text}
                for kind, text in concerns
            ]
        }
    )


def test_auto_refuses_os_system_and_never_runs_it() -> None:
    clients = Clients(coder=[code("import os\nos.system('echo pwned')")])
    s = session(clients)
    drive(s, AutoPolicy())
    step = s.results["t1"]
    assert step.status == "blocked"
    assert any(f.severity == "high" and f.line == 2 for f in step.attempts[0].findings)
    assert not any("os.system" in run for run in s.sandbox.runs)  # never executed
    decision = next(e for e in s.events if e.kind == "decision" and e.data["gate"] == "step")
    assert decision.data["action"] == "reject" and "--allow-risky" in decision.data["comment"]
    assert s.accepted == [] and s.done


def test_allow_risky_runs_it_in_the_sandbox() -> None:
    clients = Clients(coder=[code("import os\nstatus = os.system('true')")])
    s = session(clients, allow_risky=True)
    drive(s, AutoPolicy())
    assert s.results["t1"].status == "passed"
    assert s.results["t1"].attempts[0].findings  # still reported
    assert [a.task_id for a in s.accepted] == ["t1"]


def test_a_person_approves_blocked_code_then_decides_on_what_it_did() -> None:
    clients = Clients(coder=[code("import os\nstatus = os.system('true')")])
    s = session(clients)
    gate = drive(s, AutoPolicy(), stop_at=("step",))
    assert gate.kind == "step" and gate.step.status == "blocked"
    s.resolve(Decision("approve", "ana"))  # allow it to run
    gate = s.advance()
    assert gate.kind == "step" and gate.step.status == "passed"
    assert any("os.system" in run for run in s.sandbox.runs)
    s.resolve(Decision("approve", "ana"))  # accept the result
    assert [a.task_id for a in s.accepted] == ["t1"]
    assert [e.data["actor"] for e in s.events if e.kind == "risk_approved"] == ["ana"]


def test_unknown_import_is_flagged_with_a_near_miss_and_fed_back() -> None:
    clients = Clients(
        coder=[code("import pandass\nx = 1"), code("import math\nx = math.floor(1.5)")]
    )
    s = session(clients)
    drive(s, AutoPolicy())
    first = s.results["t1"].attempts[0]
    assert first.execution is None  # not run
    flagged = [f for f in first.findings if f.source == "imports"]
    assert flagged and "pandass" in flagged[0].message and "pandas" in flagged[0].suggestion
    assert "pandas" in clients.by_profile["coder"].seen[1][-1]["content"]
    assert s.results["t1"].status == "passed"


def test_leaked_state_passes_in_development_but_fails_the_system_test() -> None:
    """The dev sandbox keeps state across resets (as a kernel keeps builtins); a fresh one not."""

    class Leaky(FakeSandbox):
        kept: ClassVar[dict] = {}

        def reset(self) -> None:
            super().reset()
            self.namespace.update(self.kept)  # what survives %reset, e.g. builtins

        def execute(self, src, timeout=None):
            result = super().execute(src, timeout)
            if "LIMIT" in self.namespace:
                self.kept["LIMIT"] = self.namespace["LIMIT"]
            return result

    clients = Clients(
        coder=[
            code("LIMIT = 3\nraise RuntimeError('first try')"),
            code("def first(xs):\n    return xs[:LIMIT]"),
        ]
    )
    s = Session(
        Request(
            task="first three",
            model="fake",
            clarify=False,
            single=True,
            checks=(Check("user", "assert first([1, 2, 3, 4]) == [1, 2, 3]\n"),),
        ),
        clients,
        Leaky(),
        scan=scanner(INDEX),
        fresh=FakeSandbox,
    )
    approver = Script()
    drive(s, approver)
    assert s.results["t1"].status == "passed"  # passed its checks in the dev sandbox
    report = s.validation
    assert report is not None and not report.passed
    (failed,) = [t for t in report.system.tests if not t.passed]
    assert failed.check.source == "user" and "LIMIT" in failed.detail
    assert approver.seen[-1].kind == "signoff"
    assert s.stopped.startswith("not signed off") and not s.signed_off


def test_user_tests_and_doctests_in_the_cell_judge_the_last_task() -> None:
    task = (
        "Write slugify(text).\n\n"
        "    >>> slugify('Hello World')\n    'hello-world'\n\n"
        "assert slugify('A  b') == 'a-b'\n"
    )
    checks = tuple(user_checks(task))
    assert {c.source for c in checks} == {"user", "doctest"}
    clients = Clients(coder=[code("def slugify(text):\n    return text"), code(SLUGIFY)])
    s = session(clients, task, checks=checks)
    drive(s, AutoPolicy())
    attempts = s.results["t1"].attempts
    assert not attempts[0].passed and attempts[1].passed
    assert s.validation.passed and len(s.validation.system.tests) == 2
    assert s.signed_off


def test_designed_tests_are_approved_edited_and_never_see_code() -> None:
    clients = Clients(
        tester=[designer_reply("assert slugify('a b') == 'a-b'", "assert slugify('') == 'x'")],
        coder=[code(SLUGIFY)],
    )
    s = session(clients, design_tests=True)
    gate = drive(s, AutoPolicy(), stop_at=("tests",))
    assert gate.kind == "tests" and [c.source for c in gate.tests["t1"]] == ["generated"] * 2
    text = render_tests(gate.tests, {"t1": "slugify"})
    edited = text.replace("assert slugify('') == 'x'", "assert slugify('') == ''")
    s.resolve(Decision("edit", "ana", code=edited))
    assert [c.code.strip() for c in s.checks["t1"]][1] == "assert slugify('') == ''"
    drive(s, AutoPolicy())
    assert s.results["t1"].status == "passed"
    assert len(s.results["t1"].attempts[0].tests) == 2
    prompt = json.dumps(clients.by_profile["tester"].seen)
    assert "join" not in prompt and "def slugify" not in prompt
    approved = [e for e in s.events if e.kind == "tests_approved"]
    assert approved[0].data["action"] == "edit"


def test_signoff_feedback_becomes_a_task_that_is_developed_then_validated_again() -> None:
    clients = Clients(
        coder=[code(SLUGIFY), code("def unslug(text):\n    return text.replace('-', ' ')")],
        tester=[
            designer_reply("assert slugify('a b') == 'a-b'"),
            designer_reply("assert unslug('a-b') == 'a b'"),
        ],
    )
    approver = Script(
        signoff=[Decision("reject", "ana", feedback=("also add unslug(text), the inverse",))]
    )
    s = session(clients, design_tests=True)
    drive(s, approver)
    assert [g.kind for g in approver.seen] == [
        "plan",
        "tests",
        "step",
        "signoff",
        "tests",
        "step",
        "signoff",
    ]
    new = s.plan.tasks[-1]
    assert new.title.startswith("Feedback: also add unslug") and new.status == "approved"
    assert [a.task_id for a in s.accepted] == ["t1", new.id]
    # The designer for the new task saw the feedback task, not the accepted slugify code.
    second = json.dumps(clients.by_profile["tester"].seen[1])
    assert "unslug" in second and "join" not in second
    assert s.signed_off and s.validation.passed and len(s.validation.system.tests) == 2


def test_reviewer_concern_becomes_a_task_with_one_action() -> None:
    clients = Clients(
        coder=[code(SLUGIFY), code("def slug_or_none(text):\n    return slugify(text) or None")],
        reviewer=[
            review_reply(("edge-case", "slugify('') returns '' rather than None")),
            review_reply(),
        ],
    )
    approver = Script(signoff=[Decision("reject", "ana", concerns=("c1",))])
    s = session(clients, review=True)
    drive(s, approver)
    (concern,) = approver.seen[2].verdict.concerns
    assert concern.id == "c1" and concern.task == "t1"
    assert s.plan.tasks[-1].title.startswith("Address:")
    assert len(s.accepted) == 2 and s.signed_off
    calls = [e.data.get("purpose") for e in s.events if e.kind == "model_call"]
    assert calls.count("review") == 2


def test_unknown_concern_id_is_a_clear_error() -> None:
    clients = Clients(coder=[code(SLUGIFY)], reviewer=[review_reply()])
    s = session(clients, review=True)
    gate = drive(s, AutoPolicy(), stop_at=("signoff",))
    assert gate.kind == "signoff"
    from jupyter_codegen.errors import CodegenError

    with pytest.raises(CodegenError, match="no reviewer concern 'c9'"):
        s.resolve(Decision("reject", "ana", concerns=("c9",)))


def test_garbage_from_the_reviewer_is_a_note_not_a_crash() -> None:
    clients = Clients(coder=[code(SLUGIFY)], reviewer=["not json", "still not json"])
    s = session(clients, review=True)
    drive(s, AutoPolicy())
    assert s.signed_off and s.validation.concerns == []
    assert any("review" in n.lower() for n in s.validation.notes)
