"""Attempts at one task and the result of the development step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from jupyter_codegen.core.execution import Execution
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.usage import Usage


@dataclass(frozen=True)
class Attempt:
    """One proposal: the reply, the code taken from it, and how it ran."""

    number: int
    reply: Reply
    code: str | None
    execution: Execution | None
    problem: str | None = None  # why it failed, in words, when it did

    @property
    def passed(self) -> bool:
        """True if the code was extracted and ran without error."""
        return self.execution is not None and self.execution.ok


StepStatus = Literal["passed", "failed", "budget", "no-code"]


@dataclass
class StepResult:
    """Every attempt at a task, and which one is kept."""

    attempts: list[Attempt] = field(default_factory=list)
    status: StepStatus = "failed"
    stop_reason: str = ""

    @property
    def best(self) -> Attempt | None:
        """The attempt to keep: the first that passed, else the last with code."""
        for attempt in self.attempts:
            if attempt.passed:
                return attempt
        with_code = [a for a in self.attempts if a.code]
        return with_code[-1] if with_code else None

    @property
    def usage(self) -> Usage:
        """Tokens and cost over all attempts."""
        total = Usage()
        for attempt in self.attempts:
            total = total + attempt.reply.usage
        return total
