"""Tests that judge a task's code, and where each came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

CheckSource = Literal["plan", "user", "doctest", "generated"]


@dataclass(frozen=True)
class Check:
    """One test: Python code that must run without raising after the task's code.

    `source`: "plan" (the planner's acceptance checks), "user" (written by the person in the
    task cell or a referenced cell), "doctest" (an example in the task's docstrings, already
    rendered as code that runs the example with doctest), "generated" (from the test-designer
    agent, approved by the person). `name` is a short label for reports. `shown` is what a
    model is told the check is, when the code is machinery (a doctest runner shows its examples).
    """

    source: CheckSource
    code: str
    name: str = ""
    shown: str = ""

    @property
    def for_model(self) -> str:
        """The check as the model reads it in the task prompt."""
        return self.shown or self.code

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return {"source": self.source, "code": self.code, "name": self.name}

    @property
    def label(self) -> str:
        """The name, or the first line of the code."""
        if self.name or not self.code.strip():
            return self.name
        return self.code.strip().splitlines()[0][:80]


_TASK_MARK = "# --- task "
_TEST_MARK = "# test: "


def render_tests(tests: dict[str, tuple[Check, ...]], titles: dict[str, str]) -> str:
    """Proposed tests as one editable text: a marker line per task, then one per test."""
    parts = []
    for task_id, checks in tests.items():
        parts.append(f"{_TASK_MARK}{task_id}: {titles.get(task_id, '')}".rstrip())
        for check in checks:
            parts.append(f"{_TEST_MARK}{check.name or 'test'}\n{check.code.strip()}")
    return "\n".join(parts) + "\n"


def parse_tests(text: str) -> dict[str, list[Check]]:
    """Read `render_tests` back after a person edited it; tests under no task marker are an error."""
    from jupyter_codegen.errors import CodegenError

    found: dict[str, list[Check]] = {}
    task: str | None = None
    name, body = "", list[str]()

    def flush() -> None:
        code = "\n".join(body).strip()
        if code:
            if task is None:
                raise CodegenError(
                    f"tests must sit under a '{_TASK_MARK}ID' line naming their task"
                )
            found[task].append(Check("generated", code + "\n", name))

    for line in text.splitlines():
        if line.startswith(_TASK_MARK):
            flush()
            task = line[len(_TASK_MARK) :].split(":", 1)[0].strip()
            found.setdefault(task, [])
            name, body = "", []
        elif line.startswith(_TEST_MARK):
            flush()
            name, body = line[len(_TEST_MARK) :].strip(), []
        else:
            body.append(line)
    flush()
    return found
