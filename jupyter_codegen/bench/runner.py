"""One benchmark problem through the same engine as the notebook, headless, on the --auto
policy; then judged by its hidden tests in an isolated process.

Modes:
- `single`: one model call, no clarification, no plan, no checks, no self-debug.
- `workflow`: the checks the prompt itself gives (its `>>>` examples, asserts), run in the
  sandbox kernel after each attempt, and up to `max_iters` attempts of self-debug.

The hidden tests go to the judge only. They are never part of the task text, the checks, the
context or any prompt; `tests/bench/test_runner.py` checks every prompt sent.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from jupyter_codegen.bench.suites import Problem, defines
from jupyter_codegen.core.decision import AutoPolicy
from jupyter_codegen.core.precedence import EMBEDDED_MODEL
from jupyter_codegen.core.spec_tests import checks_from_source
from jupyter_codegen.core.usage import Budget, Meter

MODES = ("single", "workflow")


@dataclass(frozen=True)
class Settings:
    """What a bench run holds fixed across its problems."""

    suite: str = "humaneval"
    mode: str = "workflow"
    model: str = EMBEDDED_MODEL
    samples: int = 1
    max_iters: int = 3  # attempts per problem in workflow mode
    timeout: float = 20.0  # sandbox wall time per execution
    judge_timeout: float = 10.0
    temperature: float | None = None  # None: 0 for one sample, 0.8 for several

    @property
    def sampling_temperature(self) -> float:
        if self.temperature is not None:
            return self.temperature
        return 0.0 if self.samples == 1 else 0.8


@dataclass
class Outcome:
    """One sample of one problem: a row of results.jsonl."""

    suite: str
    mode: str
    model: str
    problem: str
    sample: int
    passed: bool
    status: str  # the judge's: passed | failed | timeout | error
    detail: str
    prompt_tokens: int
    completion_tokens: int
    cost: float | None
    seconds: float  # generation, sandbox runs and self-debug
    judge_seconds: float
    iterations: int  # self-debug rounds: attempts after the first
    visible_checks: int  # checks taken from the prompt (workflow mode)
    findings: int  # security and import findings on the final code
    complexity: int | None = None  # of passing code (radon)
    maintainability: float | None = None
    code: str = ""
    at: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def task_text(problem: Problem) -> str:
    """The task the engine gets: the prompt only."""
    kind = "class" if f"class {problem.entry_point}" in problem.prompt else "function"
    return (
        f"Complete this Python {kind}, `{problem.entry_point}`, as its docstring says. "
        f"Reply with the whole {kind} (and any imports it needs) in one Python code block.\n\n"
        f"```python\n{problem.prompt.rstrip()}\n```"
    )


class Worker:
    """One process's model gateway and sandbox kernel, reused across problems."""

    def __init__(self, settings: Settings) -> None:
        from jupyter_codegen.kernel import pool
        from jupyter_codegen.kernel.limits import Limits
        from jupyter_codegen.llm.gateway import Gateway

        self.settings = settings
        self.gateway = Gateway(meter=Meter(budget=Budget()))
        self.sandbox = pool.acquire(Limits(wall_seconds=settings.timeout))

    def close(self) -> None:
        self.sandbox.shutdown()

    def run(self, problem: Problem, sample: int) -> Outcome:
        """Develop `problem` once, judge it, and measure it."""
        from jupyter_codegen.bench.judge import judge

        started = time.monotonic()
        session = self.develop(problem)
        seconds = time.monotonic() - started
        code, iterations, findings = _result(session, problem)
        verdict = judge(problem.program(code), timeout=self.settings.judge_timeout)
        total = session.usage.total()
        s = self.settings
        outcome = Outcome(
            suite=s.suite,
            mode=s.mode,
            model=s.model,
            problem=problem.id,
            sample=sample,
            passed=verdict.passed,
            status=verdict.status,
            detail=verdict.detail,
            prompt_tokens=total.prompt_tokens,
            completion_tokens=total.completion_tokens,
            cost=total.cost,
            seconds=round(seconds, 3),
            judge_seconds=round(verdict.seconds, 3),
            iterations=iterations,
            visible_checks=len(session.request.checks),
            findings=findings,
            code=code,
        )
        if verdict.passed and code.strip():
            from jupyter_codegen.validation.quality import measure

            quality = measure(code)
            outcome.complexity = quality.complexity
            outcome.maintainability = round(quality.maintainability, 2)
        return outcome

    def develop(self, problem: Problem) -> Any:
        """A headless session on the problem's prompt, driven to its end by the --auto policy."""
        from jupyter_codegen.engine import Request, Session, drive
        from jupyter_codegen.validation.gate import scanner

        s = self.settings
        workflow = s.mode == "workflow"
        request = Request(
            task=task_text(problem),
            model=s.model,
            model_source="bench",
            auto=True,
            clarify=False,
            single=True,
            max_iters=s.max_iters if workflow else 1,
            timeout=s.timeout,
            validate=False,
            review=False,
            design_tests=False,
            checks=tuple(checks_from_source(problem.prompt)) if workflow else (),
        )
        params = {"temperature": s.sampling_temperature}
        session = Session(
            request,
            lambda profile: self.gateway.client(
                profile.model_for(s.model), **{**profile.params(), **params}
            ),
            self.sandbox,
            scan=scanner(),
        )
        drive(session, AutoPolicy())
        return session


def _result(session: Any, problem: Problem) -> tuple[str, int, int]:
    """The code the session ends with, the self-debug rounds it took and the findings on it.

    The approved code when the --auto policy approved one (it passed the prompt's checks).
    Otherwise the earliest of the best attempts by (checks passed, ran cleanly), among those
    that define the entry point: a repair that passes no more of the prompt's checks does not
    replace the first answer, as in the self-debugging literature, so the workflow never does
    worse than its own first attempt for a small model's confused "fix".
    """
    step = next(iter(session.results.values()), None)
    if step is None or not step.attempts:
        return "", 0, 0
    rounds = len(step.attempts) - 1
    if session.accepted:
        chosen = step.best
        return session.accepted[-1].code, rounds, len(chosen.findings) if chosen else 0
    usable = [a for a in step.attempts if a.code and defines(a.code, problem.entry_point)]
    candidates = usable or [a for a in step.attempts if a.code] or step.attempts
    chosen = max(
        candidates, key=lambda a: (a.passed, a.tests_passed, a.ran)
    )  # earliest of the best
    return chosen.code or "", rounds, len(chosen.findings)
