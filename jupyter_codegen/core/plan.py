"""The plan: a DAG of subtasks, changed only through pure operations that keep it valid."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any, Literal

from jupyter_codegen.errors import CodegenError

Status = Literal["pending", "running", "passed", "failed", "approved", "rejected", "skipped"]
Complexity = Literal["trivial", "normal", "hard"]
STATUSES: tuple[Status, ...] = (
    "pending",
    "running",
    "passed",
    "failed",
    "approved",
    "rejected",
    "skipped",
)
COMPLEXITIES: tuple[Complexity, ...] = ("trivial", "normal", "hard")
DONE: frozenset[Status] = frozenset({"approved", "skipped"})


class PlanError(CodegenError):
    """An operation or a model's plan would make the plan invalid."""


@dataclass(frozen=True)
class Task:
    """One subtask: what to build, what it needs first, and how it is judged."""

    id: str
    title: str
    description: str = ""
    deps: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()  # acceptance checks: Python statements that must run cleanly
    profile: str = "coder"
    complexity: Complexity = "normal"
    status: Status = "pending"
    model: str | None = None  # a model for this task only, over its profile's

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "deps": list(self.deps),
            "tests": list(self.tests),
            "profile": self.profile,
            "complexity": self.complexity,
            "status": self.status,
            **({"model": self.model} if self.model else {}),
        }


@dataclass(frozen=True)
class Plan:
    """Tasks in display order; execution order also respects dependencies."""

    tasks: tuple[Task, ...]

    @property
    def ids(self) -> list[str]:
        """Task ids in display order."""
        return [t.id for t in self.tasks]

    def get(self, task_id: str) -> Task:
        """The task with this id, or a PlanError naming the ids that exist."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise PlanError(f"no task {task_id!r} in the plan (tasks: {', '.join(self.ids) or 'none'})")

    def dependants(self, task_id: str) -> list[Task]:
        """Tasks that depend directly on `task_id`."""
        return [t for t in self.tasks if task_id in t.deps]

    def problems(self) -> list[str]:
        """Everything that makes this plan invalid, in words; empty when it is valid."""
        found: list[str] = []
        if not self.tasks:
            return ["the plan has no tasks"]
        seen: set[str] = set()
        for task in self.tasks:
            if not task.id.strip():
                found.append(f"a task has an empty id (title {task.title!r})")
            if task.id in seen:
                found.append(f"task id {task.id!r} is used more than once")
            seen.add(task.id)
            if not task.title.strip():
                found.append(f"task {task.id!r} has no title")
        for task in self.tasks:
            for dep in task.deps:
                if dep == task.id:
                    found.append(f"task {task.id!r} depends on itself")
                elif dep not in seen:
                    found.append(f"task {task.id!r} depends on unknown task {dep!r}")
        cycle = self._cycle()
        if cycle:
            found.append("the dependencies form a cycle: " + " -> ".join(cycle))
        return found

    def _cycle(self) -> list[str]:
        """One dependency cycle as a path of ids, or [] if there is none."""
        known = set(self.ids)
        deps = {t.id: [d for d in t.deps if d in known and d != t.id] for t in self.tasks}
        state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
        path: list[str] = []

        def visit(node: str) -> list[str]:
            state[node] = 1
            path.append(node)
            for dep in deps.get(node, []):
                if state.get(dep) == 1:
                    return [*path[path.index(dep) :], dep]
                if dep not in state:
                    found = visit(dep)
                    if found:
                        return found
            state[node] = 2
            path.pop()
            return []

        for task_id in deps:
            if task_id not in state:
                found = visit(task_id)
                if found:
                    return found
        return []

    def validate(self) -> Plan:
        """Return self if valid; otherwise raise PlanError listing every problem."""
        problems = self.problems()
        if problems:
            raise PlanError("invalid plan: " + "; ".join(problems))
        return self

    def order(self) -> list[Task]:
        """A topological order that keeps display order wherever dependencies allow."""
        self.validate()
        placed: set[str] = set()
        ordered: list[Task] = []
        while len(ordered) < len(self.tasks):
            for task in self.tasks:
                if task.id not in placed and all(d in placed for d in task.deps):
                    ordered.append(task)
                    placed.add(task.id)
                    break
        return ordered

    def ready(self) -> list[Task]:
        """Pending tasks whose dependencies are all done, in execution order."""
        done = {t.id for t in self.tasks if t.status in DONE}
        return [t for t in self.order() if t.status == "pending" and all(d in done for d in t.deps)]

    def blocked(self) -> list[Task]:
        """Unfinished tasks that can never run because a dependency was rejected or failed."""
        dead = {t.id for t in self.tasks if t.status in ("rejected", "failed")}
        blocked: list[Task] = []
        for task in self.order():
            if task.status == "pending" and any(d in dead for d in task.deps):
                blocked.append(task)
                dead.add(task.id)
        return blocked

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return {"tasks": [t.as_dict() for t in self.tasks]}


def single(title: str, description: str = "", profile: str = "coder") -> Plan:
    """The one-task plan `--single` uses, without a planner call."""
    first_line = title.strip().splitlines()[0] if title.strip() else "task"
    return Plan((Task("t1", first_line[:80], description or title.strip(), profile=profile),))


def _fresh_id(plan: Plan, base: str) -> str:
    taken = set(plan.ids)
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def new_id(plan: Plan) -> str:
    """The next free 't<n>' id."""
    return _fresh_id(plan, "t")


def repaired(plan: Plan) -> tuple[Plan, list[str]]:
    """Make a broken plan valid without asking anyone, saying what was changed.

    Blank titles get their id, repeated ids are renamed, unknown and self dependencies are
    dropped, and a dependency on a task listed later is dropped when it closes a cycle.
    """
    notes: list[str] = []
    tasks: list[Task] = []
    seen: set[str] = set()
    for task in plan.tasks:
        if not task.id.strip() or task.id in seen:
            fresh = _fresh_id(Plan(tuple(tasks)), "t")
            while fresh in {t.id for t in plan.tasks} | seen:
                fresh = f"{fresh}x"
            notes.append(f"renamed a task with id {task.id!r} to {fresh!r}")
            task = replace(task, id=fresh)
        if not task.title.strip():
            notes.append(f"gave task {task.id!r} a title")
            task = replace(task, title=(task.description.strip().splitlines() or [task.id])[0][:80])
        seen.add(task.id)
        tasks.append(task)
    known = {t.id for t in tasks}
    position = {t.id: n for n, t in enumerate(tasks)}
    fixed: list[Task] = []
    for task in tasks:
        deps = []
        for dep in dict.fromkeys(task.deps):
            if dep == task.id:
                notes.append(f"removed the dependency of task {task.id!r} on itself")
            elif dep not in known:
                notes.append(f"removed the dependency of task {task.id!r} on unknown task {dep!r}")
            else:
                deps.append(dep)
        fixed.append(replace(task, deps=tuple(deps)))
    result = Plan(tuple(fixed))
    while result._cycle():
        cycle = result._cycle()
        # Break the cycle at its backward edge: a task that waits for one listed after it.
        for a, b in itertools.pairwise(cycle):
            if position[b] > position[a]:
                notes.append(
                    f"removed the dependency of task {a!r} on {b!r} to break the cycle {' -> '.join(cycle)}"
                )
                result = Plan(
                    tuple(
                        replace(t, deps=tuple(d for d in t.deps if d != b)) if t.id == a else t
                        for t in result.tasks
                    )
                )
                break
    return result, notes
