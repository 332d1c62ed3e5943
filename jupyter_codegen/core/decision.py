"""Human gates: what is waiting for a decision, the decision, and the headless policies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.plan import Plan, Task
from jupyter_codegen.core.spec import ClarityReport
from jupyter_codegen.core.step import StepResult

GateKind = Literal["clarify", "plan", "tests", "step", "signoff"]
GATES: tuple[GateKind, ...] = ("clarify", "plan", "tests", "step", "signoff")
Action = Literal["approve", "edit", "reject", "regenerate", "defer", "skip"]


class Verdict(Protocol):
    """What the sign-off gate shows: the validation report (validation/report.py)."""

    @property
    def passed(self) -> bool:
        """True when the system test passed."""

    def summary(self) -> str:
        """One line: what failed, or that everything passed."""


@dataclass(frozen=True)
class Gate:
    """A point where the session waits for a person (or a policy standing in for one)."""

    kind: GateKind
    report: ClarityReport | None = None
    plan: Plan | None = None
    task: Task | None = None
    step: StepResult | None = None
    tests: dict[str, tuple[Check, ...]] | None = None  # tests gate: proposed tests per task
    verdict: Verdict | None = None  # sign-off gate: the validation report


@dataclass(frozen=True)
class Decision:
    """The answer at a gate.

    clarify: `answers` maps question index to answer (missing ones take the default).
    plan: approve the plan as it now stands (edits are applied before deciding), or reject it.
    tests: approve the proposed tests; edit (`code` holds them, in `render_tests` form); reject
    (develop without generated tests); regenerate (design again with `comment`).
    step: approve (for blocked code: allow it to run in the sandbox); edit (accept `code`
    instead); regenerate (reject with feedback: another try, with `comment` in its prompt);
    reject (give the task up; a failed one gets a fix-up task); skip; or defer to the user.
    signoff: approve accepts the result; reject sends feedback: each `feedback` item and each
    reviewer concern named in `concerns` becomes a new task (with neither, the result is left
    unsigned and the session ends).
    """

    action: Action
    actor: str
    comment: str = ""
    answers: tuple[tuple[int, str], ...] = ()
    code: str = ""
    feedback: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()


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
        if gate.kind == "tests":
            return Decision("approve", self.actor, "took the designed tests as proposed")
        if gate.kind == "signoff":
            assert gate.verdict is not None
            if gate.verdict.passed:
                return Decision("approve", self.actor, gate.verdict.summary())
            return Decision("reject", self.actor, f"not signed off: {gate.verdict.summary()}")
        assert gate.step is not None
        if gate.step.status == "blocked":
            return Decision(
                "reject",
                self.actor,
                "refused to run code with high-severity findings (--allow-risky permits it): "
                + gate.step.stop_reason,
            )
        if gate.step.status == "passed":
            return Decision(
                "approve", self.actor, "ran cleanly and passed its checks in the sandbox"
            )
        return Decision("reject", self.actor, gate.step.stop_reason or "the code did not pass")


@dataclass(frozen=True)
class PartlyAuto:
    """`--auto GATES`: the policy answers those gates, the person answers the rest."""

    gates: frozenset[str]
    policy: Approver
    person: Approver

    def decide(self, gate: Gate) -> Decision:
        """Route the gate to the policy or to the person by its kind."""
        return (self.policy if gate.kind in self.gates else self.person).decide(gate)
