import pytest

from jupyter_codegen.core.plan import Plan, PlanError, Task, single


def plan(*specs: tuple[str, tuple[str, ...]]) -> Plan:
    return Plan(tuple(Task(tid, f"task {tid}", deps=deps) for tid, deps in specs))


@pytest.mark.parametrize(
    ("p", "problem"),
    [
        (Plan(()), "the plan has no tasks"),
        (plan(("a", ()), ("a", ())), "task id 'a' is used more than once"),
        (plan(("a", ("zz",))), "task 'a' depends on unknown task 'zz'"),
        (plan(("a", ("a",))), "task 'a' depends on itself"),
        (plan(("a", ("b",)), ("b", ("a",))), "the dependencies form a cycle: a -> b -> a"),
        (plan(("a", ()), ("b", ("d",)), ("c", ("b",)), ("d", ("c",))), "cycle: b -> d -> c -> b"),
        (Plan((Task("a", "  "),)), "task 'a' has no title"),
        (Plan((Task(" ", "x"),)), "a task has an empty id"),
    ],
)
def test_problems_are_named(p: Plan, problem: str) -> None:
    assert any(problem in found for found in p.problems())
    with pytest.raises(PlanError, match="invalid plan"):
        p.validate()


def test_valid_plan_has_no_problems() -> None:
    assert plan(("a", ()), ("b", ("a",))).problems() == []


@pytest.mark.parametrize(
    ("p", "order"),
    [
        (plan(("a", ()), ("b", ()), ("c", ())), ["a", "b", "c"]),
        (plan(("c", ("a",)), ("a", ()), ("b", ())), ["a", "c", "b"]),
        (plan(("d", ("b", "c")), ("b", ("a",)), ("c", ("a",)), ("a", ())), ["a", "b", "c", "d"]),
    ],
)
def test_order_respects_deps_and_keeps_display_order(p: Plan, order: list[str]) -> None:
    assert [t.id for t in p.order()] == order


def test_ready_and_blocked_follow_statuses() -> None:
    from jupyter_codegen.core.plan_ops import set_status

    p = plan(("a", ()), ("b", ("a",)), ("c", ()), ("d", ("b",)))
    assert [t.id for t in p.ready()] == ["a", "c"]
    p = set_status(p, "a", "approved")
    assert [t.id for t in p.ready()] == ["b", "c"]
    p = set_status(p, "b", "rejected")
    assert [t.id for t in p.blocked()] == ["d"]
    assert [t.id for t in p.ready()] == ["c"]


def test_get_unknown_id_lists_known_ids() -> None:
    with pytest.raises(PlanError, match=r"no task 'x' in the plan \(tasks: a, b\)"):
        plan(("a", ()), ("b", ())).get("x")


def test_single_plan_uses_the_first_line_as_title() -> None:
    p = single("Reverse words\nkeep punctuation")
    assert [(t.id, t.title) for t in p.tasks] == [("t1", "Reverse words")]
    assert "keep punctuation" in p.tasks[0].description
