"""What a person asked of a session, and the code it accepted."""

from __future__ import annotations

from dataclasses import dataclass, field

from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.usage import Budget
from jupyter_codegen.orchestration import planner


@dataclass(frozen=True)
class Request:
    """What the person asked for: the task and every option that shapes the run."""

    task: str
    model: str
    model_source: str = "embedded default"
    auto: bool = False
    auto_gates: frozenset[str] = frozenset()  # `--auto GATES`: only these (auto=False)
    clarify: bool = True
    single: bool = False
    max_iters: int = 3
    timeout: float = 60.0
    budget: Budget = field(default_factory=Budget)
    max_tasks: int = planner.MAX_TASKS
    probe: bool = False
    images: tuple[str, ...] = ()  # data URLs, sent with the task to every agent
    allow_risky: bool = False  # run code with high-severity findings without asking
    design_tests: bool = False  # a test-designer agent writes tests for each task
    review: bool = False  # a reviewer agent reviews the accepted code
    validate: bool = True  # system test, scans and metrics, then sign-off
    checks: tuple[Check, ...] = ()  # the person's own tests (task cell, referenced cells)


@dataclass
class Accepted:
    """Code the session has accepted for a task, in acceptance order."""

    task_id: str
    title: str
    code: str
    decision: str  # approve | defer | edit
    actor: str = ""  # who decided: a person, or the --auto policy
    at: str = ""  # when, ISO 8601 in UTC
    attempt: int | None = None  # the attempt approved (None for the person's own edit)
