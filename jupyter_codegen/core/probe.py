"""The consistency probe's judgement: where independent solutions disagree, the task is unclear.

After ClarifyGPT: sample several solutions, run them on the same inputs, and turn each input on
which they give different results into a question for the person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from jupyter_codegen.core.spec import Question

PROBE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "calls": {
            "type": "array",
            "minItems": 1,
            "maxItems": 5,
            "items": {"type": "string", "maxLength": 160},
        }
    },
    "required": ["calls"],
}
FAILED = "the solution did not run"


def disagreements(
    calls: Sequence[str], outputs: Sequence[Sequence[str]], limit: int = 3
) -> list[Question]:
    """A question for each call whose results differ between candidates (majority as default).

    `outputs[k][i]` is candidate k's result for call i; candidates that did not run at all are
    left out, since a crash says nothing about what the task means.
    """
    usable = [row for row in outputs if len(row) == len(calls) and FAILED not in row]
    questions: list[Question] = []
    for index, call in enumerate(calls):
        results = Counter(row[index] for row in usable)
        if len(results) < 2:
            continue
        ranked = [value for value, _ in results.most_common()]
        options = " or ".join(ranked[:3])
        questions.append(
            Question(
                f"What should {call} give? Independent solutions disagree: {options}", ranked[0]
            )
        )
        if len(questions) == limit:
            break
    return questions
