"""One agent working one task: propose code, run it in the sandbox, debug from the failure."""

from __future__ import annotations

import hashlib

from jupyter_codegen.core.events import Event, Listener, ignore
from jupyter_codegen.core.extract import extract_code
from jupyter_codegen.core.ports import Message, ModelClient, Sandbox, TokenSink
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.step import Attempt, StepResult
from jupyter_codegen.development.prompts import fix_message, generation_messages
from jupyter_codegen.errors import BudgetExceededError, NoCodeError


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


def develop(
    task: str,
    client: ModelClient,
    sandbox: Sandbox,
    *,
    max_iters: int = 3,
    context: str = "",
    timeout: float | None = None,
    on_event: Listener = ignore,
    on_token: TokenSink | None = None,
) -> StepResult:
    """Generate code for `task`, retrying with runtime feedback at most `max_iters` times."""
    messages: list[Message] = generation_messages(task, context)
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
            sandbox.reset()
            execution = sandbox.execute(code, timeout)
            on_event(
                Event(
                    "execution",
                    {
                        "attempt": number,
                        "code_sha": code_hash(code),
                        "status": execution.status,
                        "duration": round(execution.duration, 3),
                    },
                )
            )
            problem = None if execution.ok else execution.feedback(300)
            result.attempts.append(Attempt(number, reply, code, execution, problem))
            if execution.ok:
                result.status, result.stop_reason = "passed", ""
                return result
            result.status = "failed"
            feedback = execution.feedback()
        messages = [
            *messages,
            {"role": "assistant", "content": reply.content},
            fix_message(feedback),
        ]
    if result.status == "failed" and not result.stop_reason.startswith("stopped"):
        last = result.attempts[-1].execution
        how = _FAILURE_WORDS[last.status] if last else "had no code"
        tries = len(result.attempts)
        result.stop_reason = (
            f"no attempt passed in {tries} {'try' if tries == 1 else 'tries'} "
            f"(--max-iters {max_iters}); the last one {how}"
        )
    return result


_FAILURE_WORDS = {
    "ok": "passed",
    "error": "raised an error",
    "timeout": "timed out",
    "died": "killed the kernel",
}
