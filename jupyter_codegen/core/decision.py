"""Human gates: what is waiting for a decision, the decision, and the headless policies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from jupyter_codegen.core.plan import Plan, Task
from jupyter_codegen.core.spec import ClarityReport
from jupyter_codegen.core.step import StepResult

GateKind = Literal["clarify", "plan", "step"]
Action = Literal["approve", "edit", "reject", "regenerate", "defer", "skip"]


@dataclass(frozen=True)
class Gate:
    """A point where the session waits for a person (or a policy standing in for one)."""

    kind: GateKind
    report: ClarityReport | None = None
    plan: Plan | None = None
    task: Task | None = None
    step: StepResult | None = None


@dataclass(frozen=True)
class Decision:
    """The answer at a gate.

    clarify: `answers` maps question index to answer (missing ones take the default).
    plan: approve the plan as it now stands (edits are applied before deciding), or reject it.
    step: approve; edit (accept `code` instead); regenerate (reject with feedback: another try,
    with `comment` in its prompt); reject (give the task up; a failed one gets a fix-up task);
    skip; or defer to the notebook user.
    """

    action: Action
    actor: str
    comment: str = ""
    answers: tuple[tuple[int, str], ...] = ()
    code: str = ""


class Approver(Protocol):
    """Anything that can answer gates: a policy, text prompts, widgets, a test."""

    def decide(self, gate: Gate) -> Decision: ...


class AutoPolicy:
    """The headless `--auto` policy: defaults for questions, the plan as proposed, passing code."""

    actor = "auto-policy"

    def decide(self, gate: Gate) -> Decision:
        """Answer any gate without a person."""
        if gate.kind == "clarify":
            return Decision("approve", self.actor, "took the suggested defaults")
        if gate.kind == "plan":
            return Decision("approve", self.actor, "approved the plan as proposed")
        assert gate.step is not None
        if gate.step.status == "passed":
            return Decision(
                "approve", self.actor, "ran cleanly and passed its checks in the sandbox"
            )
        return Decision("reject", self.actor, gate.step.stop_reason or "the code did not pass")
