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
    agent, approved by the person). `name` is a short label for reports.
    """

    source: CheckSource
    code: str
    name: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return {"source": self.source, "code": self.code, "name": self.name}

    @property
    def label(self) -> str:
        """The name, or the first line of the code."""
        if self.name or not self.code.strip():
            return self.name
        return self.code.strip().splitlines()[0][:80]
