"""The session state machine with fake ports: gates, plans, order, edits, fix-ups, accounting."""

from __future__ import annotations

import json

import pytest

from jupyter_codegen.core.decision import AutoPolicy, Decision
from jupyter_codegen.engine import Request, Session, drive
from jupyter_codegen.errors import CodegenError
from tests.development.fakes import FakeClient, FakeSandbox
from tests.replies import code, plan_reply

CLARITY = json.dumps(
    {
        "restated": "Add two numbers.",
        "assumptions": ["inputs are ints"],
        "questions": [
            {"question": "Name of the function?", "default": "add"},
            {"question": "Type hints?", "default": "no"},
        ],
    }
)


class Clients:
    """One scripted FakeClient per profile, so each agent's conversation can be checked."""

    def __init__(self, **replies: list[str]) -> None:
        self.by_profile = {name: FakeClient(list(r)) for name, r in replies.items()}

    def __call__(self, profile):
        return self.by_profile[profile.name]


def session(clients: Clients, **options) -> Session:
    return Session(Request(task="add numbers", model="fake", **options), clients, FakeSandbox())


def test_clarify_gate_auto_takes_defaults_and_later_prompts_see_them() -> None:
    clients = Clients(orchestrator=[CLARITY], coder=[code("def add(a, b):\n    return a + b")])
    s = session(clients, single=True)
    gate = s.advance()
    assert gate is not None and gate.kind == "clarify"
    assert [q.text for q in gate.report.questions] == ["Name of the function?", "Type hints?"]
    drive(s, AutoPolicy())
    assert "Name of the function? -> add (suggested default)" in s.spec.assumptions
    assert (
        "Name of the function? -> add (suggested default)"
        in clients.by_profile["coder"].seen[0][-1]["content"]
    )
    gates = [e.data["gate"] for e in s.events if e.kind == "decision"]
    assert gates == ["clarify", "plan", "step", "signoff"]


def test_answers_given_at_the_gate_reach_the_spec_and_the_coder() -> None:
    clients = Clients(
        orchestrator=[CLARITY], coder=[code("def plus(a, b) -> int:\n    return a + b")]
    )
    s = session(clients, single=True)
    s.resolve(Decision("approve", "me", answers=((0, "plus"), (1, "yes"))) if s.advance() else None)
    drive(s, AutoPolicy())
    assert s.spec.answers == (("Name of the function?", "plus"), ("Type hints?", "yes"))
    assert "Name of the function? -> plus" in clients.by_profile["coder"].seen[0][-1]["content"]


def test_multi_task_plan_runs_in_dependency_order_with_accepted_code_replayed() -> None:
    plan = plan_reply(
        ("t3", ["t1", "t2"], ["assert total == 3"]),
        ("t1", [], ["assert one == 1"]),
        ("t2", ["t1"], []),
    )
    clients = Clients(
        orchestrator=[plan],
        coder=[code("one = 1"), code("two = one + 1"), code("total = one + two")],
    )
    s = session(clients, clarify=False, validate=False)
    drive(s, AutoPolicy())
    assert [a.task_id for a in s.accepted] == ["t1", "t2", "t3"]
    assert all(t.status == "approved" for t in s.plan.tasks)
    # t3's attempt replayed t1 and t2 first, then ran its own code and check
    assert s.sandbox.runs[-4:] == [
        "one = 1\n",
        "two = one + 1\n",
        "total = one + two\n",
        "assert total == 3",
    ]
    assert "- def total" not in clients.by_profile["coder"].seen[2][-1]["content"]
    assert (
        "- one (a variable)\n- two (a variable)"
        in clients.by_profile["coder"].seen[2][-1]["content"]
    )


def test_plan_edited_between_planning_and_development() -> None:
    plan = plan_reply(("t1", [], []), ("t2", ["t1"], []), ("t3", ["t2"], []))
    clients = Clients(orchestrator=[plan], coder=[code("a = 1"), code("c = a + 1")])
    s = session(clients, clarify=False)
    gate = drive(s, AutoPolicy(), stop_at=("plan",))
    assert gate is not None and gate.kind == "plan"
    s.edit({"op": "drop", "task_id": "t2"})
    assert s.advance().plan.ids == ["t1", "t3"]  # the open gate shows the edited plan
    drive(s, AutoPolicy())
    assert [a.task_id for a in s.accepted] == ["t1", "t3"]
    changes = [e for e in s.events if e.kind == "plan_change"]
    assert changes[0].data["edit"] == {"op": "drop", "task_id": "t2"}
    assert changes[0].data["actor"] == "notebook-user"


def test_repeated_failure_spawns_a_fix_up_task_on_a_stronger_profile() -> None:
    plan = plan_reply(("t1", [], []), ("t2", ["t1"], []))
    clients = Clients(
        orchestrator=[plan],
        coder=[
            code("raise ValueError('nope')"),
            code("raise KeyError('still')"),
            code("y = x + 1"),
        ],
        strong=[code("x = 1")],
    )
    s = session(clients, clarify=False, max_iters=1)
    drive(s, AutoPolicy())
    assert s.plan.get("t1").status == "rejected"
    fix = s.plan.get("t1-fix")
    assert (fix.status, fix.profile) == ("approved", "strong")
    assert s.plan.get("t2").deps == ("t1-fix",)
    assert [a.task_id for a in s.accepted] == ["t1-fix", "t2"]
    assert "An earlier attempt failed" in clients.by_profile["strong"].seen[0][-1]["content"]
    assert any(e.kind == "plan_change" and e.data["edit"]["op"] == "spawn_fix" for e in s.events)


def test_a_failed_fix_up_does_not_spawn_another_and_dependants_are_skipped() -> None:
    plan = plan_reply(("t1", [], []), ("t2", ["t1"], []))
    clients = Clients(orchestrator=[plan], coder=[code("1/0")], strong=[code("1/0 + 0")])
    s = session(clients, clarify=False, max_iters=0)
    drive(s, AutoPolicy())
    assert [(t.id, t.status) for t in s.plan.tasks] == [
        ("t1", "rejected"),
        ("t1-fix", "rejected"),
        ("t2", "skipped"),
    ]
    assert any("t2 was skipped" in n for n in s.notes)


def test_failing_check_is_fed_back_and_fixed() -> None:
    plan = plan_reply(("t1", [], ["assert double(2) == 4"]))
    clients = Clients(
        orchestrator=[plan],
        coder=[
            code("def double(x):\n    return x + 2 * 0"),
            code("def double(x):\n    return 2 * x"),
        ],
    )
    s = session(clients, clarify=False)
    drive(s, AutoPolicy())
    first, second = s.results["t1"].attempts
    assert (first.ran, first.passed, second.passed) == (True, False, True)
    assert (
        "this check failed:\nassert double(2) == 4"
        in clients.by_profile["coder"].seen[1][-1]["content"]
    )


def test_garbled_clarity_and_plan_replies_never_raise() -> None:
    clients = Clients(orchestrator=["{{{", "{{{", "nope", "nope"], coder=[code("z = 0")])
    s = session(clients)
    drive(s, AutoPolicy())
    assert s.accepted[0].code == "z = 0\n"
    assert any("clarity check was skipped" in n for n in s.notes)
    assert any("runs as one step" in n for n in s.notes)


def test_usage_is_kept_per_profile() -> None:
    plan = plan_reply(("t1", [], []))
    s = session(Clients(orchestrator=[CLARITY, plan], coder=[code("q = 1")]))
    drive(s, AutoPolicy())
    assert set(s.usage.by_profile) == {"orchestrator", "coder"}
    assert s.usage.by_profile["orchestrator"].prompt_tokens == 20
    assert s.usage.total().prompt_tokens == 30


def test_rejecting_the_plan_stops_the_session() -> None:
    s = session(Clients(orchestrator=[plan_reply(("t1", [], []))]), clarify=False)
    s.advance()
    s.resolve(Decision("reject", "me"))
    assert s.advance() is None
    assert s.stopped == "the plan was rejected"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"op": "reassign", "task_id": "t1", "profile": "ghost"}, "no agent profile 'ghost'"),
        ({"op": "drop", "task_id": "t9"}, "no task 't9'"),
    ],
)
def test_bad_edits_are_refused_and_leave_the_plan_alone(edit, message) -> None:
    s = session(Clients(orchestrator=[plan_reply(("t1", [], []), ("t2", [], []))]), clarify=False)
    s.advance()
    before = s.plan
    with pytest.raises(CodegenError, match=message):
        s.edit(edit)
    assert s.plan == before


def test_resolve_without_a_gate_is_an_error() -> None:
    with pytest.raises(CodegenError, match="no pending decision"):
        session(Clients()).resolve(Decision("approve", "me"))


def test_probe_turns_disagreeing_solutions_into_questions() -> None:
    no_questions = json.dumps({"restated": "Normalise a name.", "assumptions": [], "questions": []})
    calls = json.dumps({"calls": ["norm(' Ada ')", "norm('bob')", "not a call ("]})
    strip = code("def norm(s):\n    return s.strip()")
    lower = code("def norm(s):\n    return s.strip().lower()")
    clients = Clients(orchestrator=[no_questions, calls], coder=[strip, lower, strip, strip])
    s = session(clients, single=True, probe=True)
    gate = s.advance()
    assert gate is not None and gate.kind == "clarify"
    (question,) = gate.report.questions
    assert (
        question.text
        == "What should norm(' Ada ') give? Independent solutions disagree: 'Ada' or 'ada'"
    )
    assert question.default == "'Ada'"
    probe_event = next(e for e in s.events if e.kind == "probe")
    assert probe_event.data["calls"] == ["norm(' Ada ')", "norm('bob')"]  # the non-call was dropped
    assert probe_event.data["outputs"] == [
        ["'Ada'", "'bob'"],
        ["'ada'", "'bob'"],
        ["'Ada'", "'bob'"],
    ]
    drive(s, AutoPolicy())
    assert any("norm(' Ada ')" in a and "-> 'Ada'" in a for a in s.spec.assumptions)
    assert s.accepted[0].code.startswith("def norm")


def test_probe_with_unusable_calls_is_a_note_not_an_error() -> None:
    no_questions = json.dumps({"restated": "x", "assumptions": [], "questions": []})
    clients = Clients(orchestrator=[no_questions, "garbage", "garbage"], coder=[code("x = 1")])
    s = session(clients, single=True, probe=True)
    drive(s, AutoPolicy())
    assert any("consistency probe was skipped" in n for n in s.notes)


def test_images_reach_every_agent_with_the_task() -> None:
    plan = plan_reply(("t1", [], []))
    clients = Clients(orchestrator=[CLARITY, plan], coder=[code("x = 1")])
    s = Session(
        Request(task="t", model="fake", images=("data:image/png;base64,AAA",)),
        clients,
        FakeSandbox(),
    )
    drive(s, AutoPolicy())
    conversations = clients.by_profile["orchestrator"].seen + clients.by_profile["coder"].seen
    for messages in conversations:
        user = next(m for m in messages if m["role"] == "user")
        assert user["content"][-1] == {
            "type": "image_url",
            "image_url": {"url": "data:image/png;base64,AAA"},
        }


class Scripted:
    """Answers step gates from a list of decisions; other gates like the auto policy."""

    def __init__(self, *decisions: Decision) -> None:
        self.decisions = list(decisions)

    def decide(self, gate):
        if gate.kind != "step":
            return AutoPolicy().decide(gate)
        return self.decisions.pop(0)


def test_edit_accepts_the_persons_code_and_records_both_versions() -> None:
    clients = Clients(
        orchestrator=[plan_reply(("t1", [], ["assert f(2) == 4"]))],
        coder=[code("def f(x):\n    return x + x")],
    )
    s = session(clients, clarify=False)
    drive(s, Scripted(Decision("edit", "me", code="def f(x):\n    return 2 * x")))
    assert s.accepted[0].code == "def f(x):\n    return 2 * x\n"
    assert s.accepted[0].decision == "edit"
    edit = next(e for e in s.events if e.kind == "edit")
    assert edit.data["before"] == "def f(x):\n    return x + x\n"
    assert "+    return 2 * x" in edit.data["diff"]
    assert (edit.data["status"], edit.data["tests_passed"]) == ("ok", 1)


def test_regenerate_with_feedback_puts_it_in_the_next_prompt() -> None:
    clients = Clients(
        orchestrator=[plan_reply(("t1", [], []))], coder=[code("x = 1"), code("x = 2")]
    )
    s = session(clients, clarify=False)
    drive(
        s,
        Scripted(
            Decision("regenerate", "me", comment="use two, not one"), Decision("approve", "me")
        ),
    )
    assert s.accepted[0].code == "x = 2\n"
    assert (
        "A reviewer rejected an earlier attempt at this part and said: use two, not one"
        in clients.by_profile["coder"].seen[1][-1]["content"]
    )
    assert [
        e.data["action"] for e in s.events if e.kind == "decision" and e.data["gate"] == "step"
    ] == ["regenerate", "approve"]


def test_rollback_restores_code_plan_and_sandbox_and_marks_later_events() -> None:
    plan = plan_reply(("t1", [], []), ("t2", ["t1"], []), ("t3", ["t2"], []))
    clients = Clients(
        orchestrator=[plan],
        coder=[
            code("a = 1"),
            code("b = a + 1"),
            code("c = b + 1"),
            code("b = 20"),
            code("c = b + 1"),
        ],
    )
    s = session(clients, clarify=False)
    drive(s, AutoPolicy())
    assert [snap.id for snap in s.snapshots] == ["s0", "s1", "s2", "s3"]
    events_before = len(s.events)
    snap = s.rollback("s1")
    assert [a.task_id for a in s.accepted] == ["t1"]
    assert [(t.id, t.status) for t in s.plan.tasks] == [
        ("t1", "approved"),
        ("t2", "pending"),
        ("t3", "pending"),
    ]
    assert s.sandbox.namespace.get("a") == 1 and "b" not in s.sandbox.namespace
    rollback = s.events[-1]
    assert rollback.kind == "rollback"
    assert rollback.data == {"to": "s1", "rolled_back": [snap.events, events_before]}
    drive(s, AutoPolicy())  # development continues from there
    assert [a.code for a in s.accepted] == ["a = 1\n", "b = 20\n", "c = b + 1\n"]


def test_rollback_to_an_unknown_snapshot_lists_the_known_ones() -> None:
    s = session(
        Clients(orchestrator=[plan_reply(("t1", [], []))], coder=[code("z = 1")]), clarify=False
    )
    with pytest.raises(CodegenError, match="no snapshot yet"):
        s.rollback()
    drive(s, AutoPolicy())
    with pytest.raises(CodegenError, match="no snapshot 's9'; snapshots: s0, s1"):
        s.rollback("s9")
