"""Attempts at one task and the result of the development step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from jupyter_codegen.core.execution import Execution
from jupyter_codegen.core.findings import Finding
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.usage import Usage


@dataclass(frozen=True)
class TestResult:
    """One acceptance check run after the code."""

    test: str
    execution: Execution

    @property
    def passed(self) -> bool:
        """True if the check ran without raising."""
        return self.execution.ok


@dataclass(frozen=True)
class Attempt:
    """One proposal: the reply, the code taken from it, how it ran and how its checks went."""

    number: int
    reply: Reply
    code: str | None
    execution: Execution | None
    problem: str | None = None  # why it failed, in words, when it did
    tests: tuple[TestResult, ...] = ()
    findings: tuple[Finding, ...] = ()  # what the security and import gates saw before it ran

    @property
    def ran(self) -> bool:
        """True if the code itself ran without error."""
        return self.execution is not None and self.execution.ok

    @property
    def tests_passed(self) -> int:
        """How many acceptance checks passed."""
        return sum(1 for t in self.tests if t.passed)

    @property
    def passed(self) -> bool:
        """True if the code ran and every check passed."""
        return self.ran and all(t.passed for t in self.tests)


# blocked: the code has high-severity findings and waits for a person's approval to run.
StepStatus = Literal["passed", "failed", "budget", "no-code", "blocked"]


@dataclass
class StepResult:
    """Every attempt at a task, and which one is kept."""

    attempts: list[Attempt] = field(default_factory=list)
    status: StepStatus = "failed"
    stop_reason: str = ""

    @property
    def best(self) -> Attempt | None:
        """The attempt to keep: one that passed, else the one that ran and passed most checks."""
        with_code = [a for a in self.attempts if a.code]
        if not with_code:
            return None
        # max() keeps the first of equals; reversing makes later attempts win ties.
        return max(reversed(with_code), key=lambda a: (a.passed, a.ran, a.tests_passed))

    @property
    def usage(self) -> Usage:
        """Tokens and cost over all attempts."""
        total = Usage()
        for attempt in self.attempts:
            total = total + attempt.reply.usage
        return total
