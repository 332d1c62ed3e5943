"""The engine: one run of a task through the phases, driven the same way by every front-end."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from jupyter_codegen.core.decision import Approver, Decision
from jupyter_codegen.core.events import Event, Listener, ignore
from jupyter_codegen.core.ports import ModelClient, Sandbox, TokenSink
from jupyter_codegen.core.step import StepResult
from jupyter_codegen.core.usage import Budget
from jupyter_codegen.development.agent import develop


@dataclass(frozen=True)
class Request:
    """What the person asked for: the task and every option that shapes the run."""

    task: str
    model: str
    model_source: str = "embedded default"
    auto: bool = False
    clarify: bool = True
    single: bool = False
    max_iters: int = 3
    timeout: float = 60.0
    budget: Budget = field(default_factory=Budget)


@dataclass
class Outcome:
    """Everything a run produced: the step, the decision, the events and notes for the reader."""

    request: Request
    step: StepResult
    decision: Decision
    events: list[Event]
    notes: list[str]
    elapsed: float


def pending_features(request: Request) -> list[str]:
    """Say plainly which requested phases this version does not run yet."""
    notes = []
    if request.clarify:
        notes.append(
            "The clarity check is not built yet, so the task was used as written (--no-clarify hides this note)."
        )
    if not request.single:
        notes.append(
            "Task planning is not built yet, so the task ran as a single step (--single hides this note)."
        )
    return notes


def run(
    request: Request,
    client: ModelClient,
    sandbox: Sandbox,
    approver: Approver,
    *,
    context: str = "",
    on_event: Listener = ignore,
    on_token: TokenSink | None = None,
) -> Outcome:
    """Develop the task in the sandbox, then put the result to the approver."""
    started = time.monotonic()
    events: list[Event] = []

    def record(event: Event) -> None:
        events.append(event)
        on_event(event)

    step = develop(
        request.task,
        client,
        sandbox,
        max_iters=request.max_iters,
        context=context,
        timeout=request.timeout,
        on_event=record,
        on_token=on_token,
    )
    decision = approver.review(request.task, step)
    record(
        Event(
            "decision",
            {"action": decision.action, "actor": decision.actor, "comment": decision.comment},
        )
    )
    return Outcome(
        request, step, decision, events, pending_features(request), time.monotonic() - started
    )
