"""One agent working one task: propose code, run it and its checks, debug from the failure."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace

from jupyter_codegen.core.events import Event, Listener, ignore
from jupyter_codegen.core.execution import Execution
from jupyter_codegen.core.extract import extract_code
from jupyter_codegen.core.findings import Finding
from jupyter_codegen.core.ports import Message, ModelClient, Sandbox, TokenSink
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.step import Attempt, StepResult, TestResult
from jupyter_codegen.development.prompts import fix_message, generation_messages
from jupyter_codegen.errors import BudgetExceededError, NoCodeError, SandboxError

_FAILURE_WORDS = {
    "ok": "passed",
    "error": "raised an error",
    "timeout": "timed out",
    "died": "killed the kernel",
}


def code_diff(before: str | None, after: str) -> str:
    """A unified diff from the previous attempt's code ('' for the first attempt)."""
    if before is None:
        return ""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        "previous attempt",
        "this attempt",
    )
    return "".join(lines)


def code_hash(code: str) -> str:
    """A short stable digest of a piece of code."""
    return hashlib.sha256(code.encode()).hexdigest()[:16]


def _call_event(reply: Reply, number: int) -> Event:
    return Event(
        "model_call",
        {
            "attempt": number,
            "model": reply.model,
            "prompt_tokens": reply.usage.prompt_tokens,
            "completion_tokens": reply.usage.completion_tokens,
            "cost": reply.usage.cost,
            "latency": round(reply.latency, 3),
            "tries": reply.tries,
        },
    )


def restore(sandbox: Sandbox, prelude: Sequence[str], timeout: float | None) -> None:
    """Reset the sandbox and replay the code already accepted, so each attempt starts alike."""
    sandbox.reset()
    for code in prelude:
        result = sandbox.execute(code, timeout)
        if not result.ok:
            raise SandboxError(
                f"replaying accepted code in the sandbox failed: {result.feedback(500)}"
            )


def _signature(attempt: Attempt) -> tuple[object, ...]:
    """How an attempt failed: same signature twice in a row means no progress."""
    execution = attempt.execution
    error = execution.error if execution else None
    failed = [t.test for t in attempt.tests if not t.passed]
    return (
        execution.status if execution else None,
        (error.ename, error.evalue) if error else None,
        attempt.tests_passed,
        tuple(failed),
    )


def _test_feedback(failed: TestResult, ran: Execution) -> str:
    printed = ran.text_plain()[-500:]
    output = f"\nThe code printed:\n{printed}" if printed.strip() else ""
    return f"The code ran, but this check failed:\n{failed.test}\n{failed.execution.feedback()}{output}"


def _feedback(attempt: Attempt) -> str:
    """What to tell the model about an attempt that ran and failed."""
    assert attempt.execution is not None
    failed = next((t for t in attempt.tests if not t.passed), None)
    if failed is None:
        return attempt.execution.feedback()
    return _test_feedback(failed, attempt.execution)


def develop(
    task: str,
    client: ModelClient,
    sandbox: Sandbox,
    *,
    max_iters: int = 3,
    context: str = "",
    prelude: Sequence[str] = (),
    tests: Sequence[str] = (),
    shown: Sequence[str] = (),
    seed: Callable[[str], str] | None = None,
    timeout: float | None = None,
    scan: Callable[[str], Sequence[Finding]] | None = None,
    allow_risky: bool = False,
    on_event: Listener = ignore,
    on_token: TokenSink | None = None,
) -> StepResult:
    """Generate code for `task`, retrying with runtime feedback at most `max_iters` times.

    `prelude` is code accepted earlier in the session, replayed before every attempt; `tests`
    are statements that must run cleanly after the code (`shown` is how the prompt words them,
    when that differs: a doctest check shows its examples, not its runner); `seed(code)` returns setup code that
    recreates the user's objects the code refers to. `scan(code)` is the security and import
    gate, run before the code: an import that cannot resolve is fed back to the model without
    running; high-severity findings stop the step as "blocked" unless `allow_risky`.
    """
    messages: list[Message] = generation_messages(task, context, shown or tests)
    result = StepResult()
    seen: set[str] = set()
    for number in range(1, max_iters + 2):
        try:
            reply = client.complete(messages, on_token=on_token)
        except BudgetExceededError as exc:
            result.status, result.stop_reason = "budget", str(exc)
            break
        on_event(_call_event(reply, number))
        try:
            code = extract_code(reply.content)
        except NoCodeError as exc:
            result.attempts.append(Attempt(number, reply, None, None, str(exc)))
            result.status, result.stop_reason = "no-code", str(exc)
            feedback = "Your reply had no Python code. Reply with one ```python code block."
        else:
            if code_hash(code) in seen:
                result.attempts.append(Attempt(number, reply, code, None, "repeated earlier code"))
                result.stop_reason = "stopped early: the model repeated code that already failed"
                break
            seen.add(code_hash(code))
            previous = next((a.code for a in reversed(result.attempts) if a.code), None)
            findings = tuple(scan(code)) if scan else ()
            on_event(
                Event(
                    "attempt",
                    {
                        "attempt": number,
                        "code": code,
                        "diff": code_diff(previous, code),
                        "findings": [f.as_dict() for f in findings],
                    },
                )
            )
            missing = [f for f in findings if f.source == "imports"]
            risky = [f for f in findings if f.severity == "high" and f.source != "imports"]
            if missing:
                problem = "; ".join(f"{f.message} ({f.suggestion})" for f in missing)
                result.attempts.append(Attempt(number, reply, code, None, problem, (), findings))
                result.status = "failed"
                feedback = (
                    f"Your code was not run: {problem}. Use only modules that are installed; "
                    "never assume a package can be installed."
                )
            elif risky and not allow_risky:
                problem = "; ".join(f.describe() for f in risky)
                result.attempts.append(Attempt(number, reply, code, None, problem, (), findings))
                result.status = "blocked"
                result.stop_reason = f"not run: it needs your approval first: {problem}"
                break
            else:
                # The checks may use the notebook's data too (`assert f(df) == ...`); their
                # names are seeded first, so anything the code defines replaces them.
                setup = (
                    "\n".join(filter(None, [seed("\n".join(tests)), seed(code)])) if seed else ""
                )
                attempt = replace(
                    _run(
                        number,
                        reply,
                        code,
                        sandbox,
                        [*prelude, setup] if setup else prelude,
                        tests,
                        timeout,
                        on_event,
                    ),
                    findings=findings,
                )
                result.attempts.append(attempt)
                if attempt.passed:
                    result.status, result.stop_reason = "passed", ""
                    return result
                result.status = "failed"
                feedback = _feedback(attempt)
                earlier = [a for a in result.attempts[:-1] if a.execution is not None]
                if earlier and _signature(earlier[-1]) == _signature(attempt):
                    result.stop_reason = f"stopped early: attempt {number} failed exactly like attempt {earlier[-1].number}"
                    break
        messages = [
            *messages,
            {"role": "assistant", "content": reply.content},
            fix_message(feedback),
        ]
    if result.status == "failed" and not result.stop_reason.startswith("stopped"):
        last = result.attempts[-1]
        how = (
            "failed a check"
            if last.ran
            else _FAILURE_WORDS[last.execution.status]
            if last.execution
            else f"was not run ({last.problem})"
            if last.code
            else "had no code"
        )
        tries = len(result.attempts)
        result.stop_reason = (
            f"no attempt passed in {tries} {'try' if tries == 1 else 'tries'} "
            f"(--max-iters {max_iters}); the last one {how}"
        )
    return result


def run_checked(
    code: str, sandbox: Sandbox, prelude: Sequence[str], tests: Sequence[str], timeout: float | None
) -> tuple[Execution, list[TestResult]]:
    """Rebuild the sandbox from `prelude`, run `code`, then its checks if it ran."""
    restore(sandbox, prelude, timeout)
    execution = sandbox.execute(code, timeout)
    checks: list[TestResult] = []
    if execution.ok:
        checks = [TestResult(test, sandbox.execute(test, timeout)) for test in tests]
    return execution, checks


def _run(
    number: int,
    reply: Reply,
    code: str,
    sandbox: Sandbox,
    prelude: Sequence[str],
    tests: Sequence[str],
    timeout: float | None,
    on_event: Listener,
) -> Attempt:
    execution, checks = run_checked(code, sandbox, prelude, tests, timeout)
    on_event(
        Event(
            "execution",
            {
                "attempt": number,
                "code_sha": code_hash(code),
                "status": execution.status,
                "output": execution.text_plain()[:200],
                "error": f"{execution.error.ename}: {execution.error.evalue}"[:200]
                if execution.error
                else None,
                "duration": round(execution.duration, 3),
                "tests_passed": sum(1 for c in checks if c.passed),
                "tests_total": len(tests),
            },
        )
    )
    problem = None
    if not execution.ok:
        problem = execution.feedback(300)
    elif not all(c.passed for c in checks):
        problem = f"{sum(1 for c in checks if not c.passed)} of {len(checks)} checks failed"
    return Attempt(number, reply, code, execution, problem, tuple(checks))
