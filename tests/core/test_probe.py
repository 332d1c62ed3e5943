import pytest

from jupyter_codegen.core.probe import FAILED, disagreements
from jupyter_codegen.core.spec import Question

CALLS = ["f('')", "f('A b')"]


@pytest.mark.parametrize(
    ("outputs", "questions"),
    [
        ([["''", "'b A'"], ["''", "'b A'"]], []),
        (
            [["''", "'b A'"], ["''", "'b a'"], ["''", "'b A'"]],
            [
                Question(
                    "What should f('A b') give? Independent solutions disagree: 'b A' or 'b a'",
                    "'b A'",
                )
            ],
        ),
        # a candidate that did not run at all is not evidence of ambiguity
        ([["''", "'b A'"], [FAILED, FAILED]], []),
        (
            [["raises ValueError", "'x'"], ["''", "'x'"]],
            [
                Question(
                    "What should f('') give? Independent solutions disagree: raises ValueError or ''",
                    "raises ValueError",
                )
            ],
        ),
        ([], []),
    ],
)
def test_disagreements_become_questions_with_the_majority_as_default(outputs, questions) -> None:
    assert disagreements(CALLS, outputs) == questions


def test_at_most_limit_questions() -> None:
    calls = [f"f({i})" for i in range(6)]
    outputs = [[str(i) for i in range(6)], [str(-i - 1) for i in range(6)]]
    assert len(disagreements(calls, outputs, limit=3)) == 3
