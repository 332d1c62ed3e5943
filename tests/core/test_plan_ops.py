import pytest

from jupyter_codegen.core import plan_ops as ops
from jupyter_codegen.core.plan import Plan, PlanError, Task


def chain() -> Plan:
    """load -> clean -> plot, plus an independent summary that needs load."""
    return Plan(
        (
            Task("load", "Load"),
            Task("clean", "Clean", deps=("load",), tests=("assert clean_ok",)),
            Task("plot", "Plot", deps=("clean",)),
            Task("summary", "Summary", deps=("load",)),
        )
    )


def shape(p: Plan) -> list[tuple[str, tuple[str, ...]]]:
    return [(t.id, t.deps) for t in p.tasks]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            {"op": "add", "title": "Report", "deps": ["plot", "summary"]},
            [
                ("load", ()),
                ("clean", ("load",)),
                ("plot", ("clean",)),
                ("summary", ("load",)),
                ("t1", ("plot", "summary")),
            ],
        ),
        (
            {"op": "add", "title": "Check", "deps": ["load"], "after": "load", "task_id": "check"},
            [
                ("load", ()),
                ("check", ("load",)),
                ("clean", ("load",)),
                ("plot", ("clean",)),
                ("summary", ("load",)),
            ],
        ),
        (
            {"op": "drop", "task_id": "clean"},
            [("load", ()), ("plot", ("load",)), ("summary", ("load",))],
        ),
        ({"op": "drop", "task_id": "load"}, [("clean", ()), ("plot", ("clean",)), ("summary", ())]),
        (
            {"op": "split", "task_id": "clean", "titles": ["Drop nulls", "Fix types"]},
            [
                ("load", ()),
                ("clean.1", ("load",)),
                ("clean.2", ("clean.1",)),
                ("plot", ("clean.2",)),
                ("summary", ("load",)),
            ],
        ),
        (
            {"op": "merge", "task_ids": ["clean", "plot"]},
            [("load", ()), ("clean", ("load",)), ("summary", ("load",))],
        ),
        (
            {"op": "merge", "task_ids": ["plot", "summary"]},
            [("load", ()), ("clean", ("load",)), ("plot", ("clean", "load"))],
        ),
        (
            {"op": "merge", "task_ids": ["load", "clean"]},
            [("load", ()), ("plot", ("load",)), ("summary", ("load",))],
        ),
        (
            {"op": "update", "task_id": "summary", "deps": ["clean"]},
            [("load", ()), ("clean", ("load",)), ("plot", ("clean",)), ("summary", ("clean",))],
        ),
        (
            {"op": "reorder", "task_id": "summary", "position": 1},
            [("load", ()), ("summary", ("load",)), ("clean", ("load",)), ("plot", ("clean",))],
        ),
        (
            {"op": "reassign", "task_id": "plot", "profile": "strong"},
            [("load", ()), ("clean", ("load",)), ("plot", ("clean",)), ("summary", ("load",))],
        ),
    ],
)
def test_edits(edit: dict, expected: list) -> None:
    assert shape(ops.apply(chain(), edit)) == expected


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"op": "add", "title": "X", "deps": ["nope"]}, "depends on unknown task 'nope'"),
        ({"op": "add", "title": "X", "task_id": "load"}, "already in the plan"),
        ({"op": "drop", "task_id": "nope"}, "no task 'nope'"),
        ({"op": "split", "task_id": "clean", "titles": ["only one"]}, "at least two parts"),
        ({"op": "merge", "task_ids": ["clean"]}, "at least two different"),
        ({"op": "merge", "task_ids": ["clean", "ghost"]}, "no task 'ghost'"),
        # load -> clean -> plot: merging the ends would leave clean both before and after
        ({"op": "merge", "task_ids": ["load", "plot"]}, "cycle"),
        ({"op": "update", "task_id": "load", "deps": ["plot"]}, "cycle"),
        ({"op": "update", "task_id": "load", "complexity": "epic"}, "complexity must be one of"),
        ({"op": "reorder", "task_id": "plot", "position": 0}, "depends on"),
        ({"op": "reorder", "task_id": "plot", "position": 9}, "outside the plan"),
        ({"op": "reassign", "task_id": "plot", "profile": " "}, "cannot be empty"),
        ({"op": "explode", "task_id": "plot"}, "unknown plan operation"),
        ({"op": "drop", "id": "plot"}, "unexpected keyword"),
    ],
)
def test_invalid_edits_raise_plan_error(edit: dict, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        ops.apply(chain(), edit)


def test_only_task_cannot_be_dropped() -> None:
    with pytest.raises(PlanError, match="only task"):
        ops.drop(Plan((Task("a", "A"),)), "a")


def test_split_moves_tests_to_the_last_part() -> None:
    p = ops.split(chain(), "clean", ["a", "b", "c"])
    assert [p.get(f"clean.{n}").tests for n in (1, 2, 3)] == [(), (), ("assert clean_ok",)]


def test_merge_keeps_tests_and_the_hardest_complexity() -> None:
    p = ops.update(chain(), "plot", complexity="hard", tests=["assert fig"])
    merged = ops.merge(p, ["clean", "plot"], title="Clean and plot").get("clean")
    assert merged.title == "Clean and plot"
    assert merged.tests == ("assert clean_ok", "assert fig")
    assert merged.complexity == "hard"


@pytest.mark.parametrize("status", ["approved", "running", "skipped"])
def test_finished_or_running_tasks_are_not_rewritten(status) -> None:
    p = ops.set_status(chain(), "clean", status)
    with pytest.raises(PlanError, match=f"it is {status}"):
        ops.split(p, "clean", ["a", "b"])


def test_edits_never_mutate_the_original() -> None:
    original = chain()
    ops.drop(original, "clean")
    assert shape(original) == shape(chain())


def test_a_task_can_run_on_its_own_model_and_the_registry_honours_it() -> None:
    from jupyter_codegen.core.plan import Plan, Task
    from jupyter_codegen.core.plan_ops import apply
    from jupyter_codegen.orchestration.registry import default_registry

    plan = Plan((Task("t1", "one"), Task("t2", "two", deps=("t1",))))
    chosen = apply(plan, {"op": "set_model", "task_id": "t2", "model": "openai/gpt-4o"})
    assert (
        chosen.get("t2").model == "openai/gpt-4o"
        and chosen.get("t2").as_dict()["model"] == "openai/gpt-4o"
    )
    registry = default_registry()
    assert registry.for_task(chosen.get("t2")).model_for("local/x") == "openai/gpt-4o"
    assert registry.for_task(chosen.get("t1")).model_for("local/x") == "local/x"
    undone = apply(chosen, {"op": "set_model", "task_id": "t2", "model": " "})
    assert undone.get("t2").model is None and "model" not in undone.get("t2").as_dict()
