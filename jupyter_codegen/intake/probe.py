"""The opt-in consistency probe (`--probe`): sample solutions, run them, ask where they differ."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from jupyter_codegen.core.extract import extract_code
from jupyter_codegen.core.ports import ModelClient, Sandbox
from jupyter_codegen.core.probe import FAILED, PROBE_SCHEMA, disagreements
from jupyter_codegen.core.spec import Question
from jupyter_codegen.development.prompts import generation_messages
from jupyter_codegen.errors import NoCodeError, StructuredOutputError
from jupyter_codegen.prompts import template

_EVALUATE = """
import json as __json
__results = []
for __call in CALLS:
    try:
        __results.append(repr(eval(__call)))
    except Exception as __exc:
        __results.append(f"raises {type(__exc).__name__}")
print("__CODEGEN__" + __json.dumps(__results))
"""


@dataclass
class ProbeResult:
    """The calls tried, each candidate's results, and the questions they raise."""

    calls: list[str] = field(default_factory=list)
    outputs: list[list[str]] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    note: str = ""


def _is_call(text: str) -> bool:
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return False
    return isinstance(node, ast.Call)


def _results(sandbox: Sandbox, code: str, calls: list[str], timeout: float) -> list[str]:
    sandbox.reset()
    if not sandbox.execute(code, timeout).ok:
        return [FAILED] * len(calls)
    run = sandbox.execute(_EVALUATE.replace("CALLS", repr(calls)), timeout)
    for line in run.stdout.splitlines():
        if line.startswith("__CODEGEN__"):
            results: list[str] = json.loads(line[len("__CODEGEN__") :])
            return results
    return [FAILED] * len(calls)


def probe(
    task: str,
    planner: ModelClient,
    sampler: Callable[[int], ModelClient],
    sandbox: Sandbox,
    *,
    samples: int = 3,
    timeout: float = 20.0,
) -> ProbeResult:
    """Run the probe; anything that goes wrong becomes a note, never an exception."""
    result = ProbeResult()
    try:
        reply = planner.complete(
            [
                {"role": "system", "content": template("probe.v1").substitute()},
                {"role": "user", "content": f"Task:\n{task.strip()}"},
            ],
            schema=PROBE_SCHEMA,
        )
    except StructuredOutputError as exc:
        result.note = f"The consistency probe was skipped: no usable test calls ({exc})."
        return result
    result.calls = [c.strip() for c in reply.data["calls"] if _is_call(c.strip())]
    if not result.calls:
        result.note = (
            "The consistency probe was skipped: the proposed test calls were not Python calls."
        )
        return result
    for k in range(samples):
        messages = generation_messages(
            f"{task.strip()}\n\n(Independent solution {k + 1} of {samples}.)"
        )
        try:
            code = extract_code(sampler(k).complete(messages).content)
        except NoCodeError:
            result.outputs.append([FAILED] * len(result.calls))
            continue
        result.outputs.append(_results(sandbox, code, result.calls, timeout))
    result.questions = disagreements(result.calls, result.outputs)
    sandbox.reset()
    return result
