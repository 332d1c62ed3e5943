"""Human gates: what a reviewer decided about a step, and the headless policies that decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from jupyter_codegen.core.step import StepResult

Action = Literal["approve", "reject", "defer"]


@dataclass(frozen=True)
class Decision:
    """A reviewer's answer at a gate; 'defer' hands the choice to the person at the notebook."""

    action: Action
    actor: str
    comment: str = ""


class Approver(Protocol):
    """Answers the pending decision after a development step."""

    def review(self, task: str, result: StepResult) -> Decision: ...


class AutoPolicy:
    """The headless `--auto` policy: approve code that ran cleanly, reject anything else."""

    actor = "auto-policy"

    def review(self, task: str, result: StepResult) -> Decision:
        """Approve a passing step; reject a failing one with the reason."""
        if result.status == "passed":
            return Decision("approve", self.actor, "ran without error in the sandbox")
        return Decision("reject", self.actor, result.stop_reason or "the code did not pass")


class DeferToUser:
    """Interactive default: offer the code as a cell; running it is the person's approval."""

    actor = "notebook-user"

    def review(self, task: str, result: StepResult) -> Decision:
        """Leave the decision to the person at the notebook."""
        return Decision("defer", self.actor, "offered as a new cell for review")
