import json

import pytest

from jupyter_codegen.orchestration.planner import from_reply, make_plan
from jupyter_codegen.orchestration.registry import default_registry
from tests.development.fakes import FakeClient


def task(tid, deps=(), tests=("assert True",), complexity="normal", title=None):
    return {
        "id": tid,
        "title": title if title is not None else f"do {tid}",
        "description": f"{tid} desc",
        "depends_on": list(deps),
        "tests": list(tests),
        "complexity": complexity,
    }


def reply(*tasks) -> str:
    return json.dumps({"tasks": list(tasks)})


def test_valid_plan_becomes_tasks_with_profiles_by_complexity() -> None:
    planned = make_plan(
        "spec",
        FakeClient([reply(task("a", complexity="trivial"), task("b", ["a"], complexity="hard"))]),
        default_registry(),
    )
    assert planned.outcome == "valid"
    assert [(t.id, t.deps, t.profile) for t in planned.plan.tasks] == [
        ("a", (), "small"),
        ("b", ("a",), "strong"),
    ]
    assert planned.notes == []


def test_invalid_plan_is_reasked_with_its_problems() -> None:
    client = FakeClient(
        [reply(task("a", ["b"]), task("b", ["a"])), reply(task("a"), task("b", ["a"]))]
    )
    planned = make_plan("spec", client, default_registry())
    assert planned.outcome == "valid-after-reask"
    assert "cycle: a -> b -> a" in client.seen[1][-1]["content"]
    assert any("was invalid" in n for n in planned.notes)


def test_still_invalid_plan_is_repaired_and_the_repairs_are_named() -> None:
    bad = reply(task("a", ["ghost"]), task("b", ["b"]))
    planned = make_plan("spec", FakeClient([bad, bad]), default_registry())
    assert planned.outcome == "repaired"
    assert planned.plan.problems() == []
    assert any("unknown task 'ghost'" in n for n in planned.notes)


@pytest.mark.parametrize("garbage", ["not json at all", '{"tasks": []}', '{"steps": 3}'])
def test_unusable_reply_falls_back_to_one_task_without_raising(garbage: str) -> None:
    planned = make_plan("reverse words", FakeClient([garbage, garbage]), default_registry())
    assert planned.outcome == "fallback"
    assert [t.title for t in planned.plan.tasks] == ["reverse words"]
    assert "runs as one step" in planned.notes[-1]


def test_tests_that_are_not_python_are_dropped_with_a_note() -> None:
    plan, notes = from_reply(
        {"tasks": [task("a", tests=["assert f(1) == 2", "check that it works"])]},
        default_registry(),
    )
    assert plan.tasks[0].tests == ("assert f(1) == 2",)
    assert "not valid Python" in notes[0]
