"""Pure plan edits: each takes a plan and returns a new, valid one or raises PlanError.

Users apply them through `%codegen plan ...` and the API; the engine applies them too (a fix-up
task after repeated failures). `apply` takes the JSON form recorded in events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from jupyter_codegen.core.plan import (
    COMPLEXITIES,
    STATUSES,
    Complexity,
    Plan,
    PlanError,
    Status,
    Task,
    new_id,
)

_EDITABLE = frozenset({"pending", "failed", "rejected"})


def _checked(plan: Plan) -> Plan:
    return plan.validate()


def _editable(task: Task, verb: str) -> None:
    if task.status not in _EDITABLE:
        raise PlanError(f"cannot {verb} task {task.id!r}: it is {task.status}")


def add(
    plan: Plan,
    title: str,
    description: str = "",
    deps: Sequence[str] = (),
    tests: Sequence[str] = (),
    profile: str = "coder",
    complexity: Complexity = "normal",
    task_id: str | None = None,
    after: str | None = None,
) -> Plan:
    """Add a task at the end, or right after task `after`."""
    task_id = task_id or new_id(plan)
    if task_id in plan.ids:
        raise PlanError(f"task id {task_id!r} is already in the plan")
    task = Task(task_id, title, description, tuple(deps), tuple(tests), profile, complexity)
    tasks = list(plan.tasks)
    index = len(tasks) if after is None else plan.ids.index(plan.get(after).id) + 1
    tasks.insert(index, task)
    return _checked(Plan(tuple(tasks)))


def drop(plan: Plan, task_id: str) -> Plan:
    """Remove a task; tasks that needed it inherit its dependencies, so order is kept."""
    task = plan.get(task_id)
    if task.status == "running":
        raise PlanError(f"cannot drop task {task_id!r} while it is running")
    tasks = []
    for other in plan.tasks:
        if other.id == task_id:
            continue
        if task_id in other.deps:
            deps = [d for d in other.deps if d != task_id]
            deps += [d for d in task.deps if d not in deps]
            other = replace(other, deps=tuple(deps))
        tasks.append(other)
    if not tasks:
        raise PlanError(f"cannot drop {task_id!r}: it is the only task and a plan needs one")
    return _checked(Plan(tuple(tasks)))


def split(plan: Plan, task_id: str, titles: Sequence[str]) -> Plan:
    """Replace a task with a chain of parts; the first takes its deps, dependants wait for the last."""
    task = plan.get(task_id)
    _editable(task, "split")
    if len(titles) < 2:
        raise PlanError(f"splitting {task_id!r} needs at least two parts, got {len(titles)}")
    part_ids = [f"{task_id}.{n}" for n in range(1, len(titles) + 1)]
    clash = set(part_ids) & set(plan.ids)
    if clash:
        raise PlanError(f"cannot split {task_id!r}: ids {sorted(clash)} are taken")
    parts = []
    for n, (pid, title) in enumerate(zip(part_ids, titles, strict=True)):
        deps = task.deps if n == 0 else (part_ids[n - 1],)
        tests = task.tests if n == len(titles) - 1 else ()
        parts.append(
            replace(
                task,
                id=pid,
                title=title,
                description=title,
                deps=deps,
                tests=tests,
                status="pending",
            )
        )
    tasks: list[Task] = []
    for other in plan.tasks:
        if other.id == task_id:
            tasks.extend(parts)
            continue
        if task_id in other.deps:
            other = replace(
                other, deps=tuple(part_ids[-1] if d == task_id else d for d in other.deps)
            )
        tasks.append(other)
    return _checked(Plan(tuple(tasks)))


def merge(plan: Plan, task_ids: Sequence[str], title: str | None = None) -> Plan:
    """Fold several tasks into the first of them (in plan order); dependants follow it."""
    if len(set(task_ids)) < 2:
        raise PlanError("merging needs at least two different task ids")
    merged = [t for t in plan.tasks if t.id in set(task_ids)]
    missing = set(task_ids) - {t.id for t in merged}
    if missing:
        plan.get(sorted(missing)[0])  # raises with the list of known ids
    for task in merged:
        _editable(task, "merge")
    keep, ids = merged[0], {t.id for t in merged}
    deps: list[str] = []
    for task in merged:
        deps += [d for d in task.deps if d not in ids and d not in deps]
    combined = replace(
        keep,
        title=title or " + ".join(t.title for t in merged),
        description="\n\n".join(t.description or t.title for t in merged),
        deps=tuple(deps),
        tests=tuple(test for t in merged for test in t.tests),
        complexity=max((t.complexity for t in merged), key=COMPLEXITIES.index),
        status="pending",
    )
    tasks: list[Task] = []
    for other in plan.tasks:
        if other.id == keep.id:
            tasks.append(combined)
        elif other.id not in ids:
            new_deps: list[str] = []
            for d in other.deps:
                target = keep.id if d in ids else d
                if target not in new_deps:
                    new_deps.append(target)
            tasks.append(replace(other, deps=tuple(new_deps)))
    result = Plan(tuple(tasks))
    problems = result.problems()
    if problems:
        raise PlanError(f"cannot merge {', '.join(task_ids)}: " + "; ".join(problems))
    return result


def update(
    plan: Plan,
    task_id: str,
    *,
    title: str | None = None,
    description: str | None = None,
    deps: Sequence[str] | None = None,
    tests: Sequence[str] | None = None,
    complexity: Complexity | None = None,
) -> Plan:
    """Change a task's fields; anything left as None stays as it was."""
    task = plan.get(task_id)
    _editable(task, "update")
    if complexity is not None and complexity not in COMPLEXITIES:
        raise PlanError(f"complexity must be one of {', '.join(COMPLEXITIES)}, not {complexity!r}")
    changed = replace(
        task,
        title=task.title if title is None else title,
        description=task.description if description is None else description,
        deps=task.deps if deps is None else tuple(deps),
        tests=task.tests if tests is None else tuple(tests),
        complexity=task.complexity if complexity is None else complexity,
    )
    return _checked(Plan(tuple(changed if t.id == task_id else t for t in plan.tasks)))


def reorder(plan: Plan, task_id: str, position: int) -> Plan:
    """Move a task to `position` (0-based) in display order, never before what it needs."""
    task = plan.get(task_id)
    if not 0 <= position < len(plan.tasks):
        raise PlanError(f"position {position} is outside the plan (0 to {len(plan.tasks) - 1})")
    tasks = [t for t in plan.tasks if t.id != task_id]
    tasks.insert(position, task)
    index = {t.id: n for n, t in enumerate(tasks)}
    for other in tasks:
        for dep in other.deps:
            if index[dep] > index[other.id]:
                raise PlanError(
                    f"cannot move {task_id!r} to position {position}: {other.id!r} depends on {dep!r}, which would come after it"
                )
    return _checked(Plan(tuple(tasks)))


def reassign(plan: Plan, task_id: str, profile: str) -> Plan:
    """Give a task another agent profile."""
    task = plan.get(task_id)
    if not profile.strip():
        raise PlanError("a profile name cannot be empty")
    return Plan(tuple(replace(t, profile=profile) if t.id == task.id else t for t in plan.tasks))


def set_model(plan: Plan, task_id: str, model: str) -> Plan:
    """Run one task on another model, keeping its profile's other settings ('' undoes it)."""
    task = plan.get(task_id)
    _editable(task, "give another model")
    chosen = model.strip() or None
    return Plan(tuple(replace(t, model=chosen) if t.id == task.id else t for t in plan.tasks))


def set_status(plan: Plan, task_id: str, status: Status) -> Plan:
    """Record a task's progress."""
    if status not in STATUSES:
        raise PlanError(f"unknown status {status!r}")
    task = plan.get(task_id)
    return Plan(tuple(replace(t, status=status) if t.id == task.id else t for t in plan.tasks))


_OPS: dict[str, Any] = {
    "add": add,
    "drop": drop,
    "split": split,
    "merge": merge,
    "update": update,
    "reorder": reorder,
    "reassign": reassign,
    "set_model": set_model,
    "set_status": set_status,
}


def apply(plan: Plan, edit: dict[str, Any]) -> Plan:
    """Apply an edit in its JSON form, e.g. {"op": "drop", "task_id": "t2"}."""
    args = dict(edit)
    name = args.pop("op", None)
    if name not in _OPS:
        raise PlanError(f"unknown plan operation {name!r}; known: {', '.join(_OPS)}")
    try:
        result: Plan = _OPS[name](plan, **args)
    except TypeError as exc:
        raise PlanError(f"plan operation {name!r}: {exc}") from None
    return result
