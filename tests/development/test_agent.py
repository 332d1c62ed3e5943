import pytest

from jupyter_codegen.core.usage import Budget, Meter
from jupyter_codegen.development.agent import develop
from tests.development.fakes import FakeClient, FakeSandbox

GOOD = "```python\nassert 1 + 1 == 2\n```"
BAD = "```python\nraise ValueError('boom')\n```"
BAD2 = "```python\nraise KeyError('other')\n```"


def test_first_attempt_passes() -> None:
    sandbox = FakeSandbox()
    result = develop("t", FakeClient([GOOD]), sandbox)
    assert result.status == "passed"
    assert len(result.attempts) == 1
    assert sandbox.resets == 1


def test_self_debug_feeds_the_traceback_back() -> None:
    client = FakeClient([BAD, GOOD])
    result = develop("t", client, FakeSandbox(), max_iters=2)
    assert result.status == "passed"
    assert [a.passed for a in result.attempts] == [False, True]
    follow_up = client.seen[1][-1]["content"]
    assert "ValueError: boom" in follow_up
    assert client.seen[1][-2] == {"role": "assistant", "content": BAD}


@pytest.mark.parametrize("max_iters", [0, 1, 3])
def test_attempts_are_bounded_by_max_iters(max_iters: int) -> None:
    replies = [f"```python\nraise ValueError({i})\n```" for i in range(10)]
    result = develop("t", FakeClient(replies), FakeSandbox(), max_iters=max_iters)
    assert result.status == "failed"
    assert len(result.attempts) == max_iters + 1
    assert f"--max-iters {max_iters}" in result.stop_reason


def test_stops_early_when_the_model_repeats_failed_code() -> None:
    result = develop("t", FakeClient([BAD, BAD, GOOD]), FakeSandbox(), max_iters=5)
    assert result.status == "failed"
    assert len(result.attempts) == 2
    assert "repeated" in result.stop_reason


def test_best_attempt_is_kept_not_the_last() -> None:
    result = develop("t", FakeClient([BAD, BAD2, "no code here"]), FakeSandbox(), max_iters=2)
    assert result.best is not None
    assert result.best.code is not None and "KeyError" in result.best.code


def test_reply_without_code_gets_a_retry() -> None:
    client = FakeClient(["I think you should try harder.", GOOD])
    result = develop("t", client, FakeSandbox(), max_iters=1)
    assert result.status == "passed"
    assert result.attempts[0].problem is not None and "no Python code" in result.attempts[0].problem
    assert "no Python code" in client.seen[1][-1]["content"]


def test_budget_stops_cleanly_and_keeps_what_was_done() -> None:
    client = FakeClient([BAD, BAD2, GOOD], meter=Meter(Budget(max_tokens=15)))
    result = develop("t", client, FakeSandbox(), max_iters=5)
    assert result.status == "budget"
    # 14 tokens after the first call leaves room for one more; 28 after the second does not.
    assert "budget of 15 tokens reached after 2 model calls" in result.stop_reason
    assert len(result.attempts) == 2
    assert result.best is not None and result.best.code is not None


def test_events_record_calls_and_executions() -> None:
    events = []
    develop("t", FakeClient([BAD, GOOD]), FakeSandbox(), on_event=events.append)
    assert [e.kind for e in events] == ["model_call", "attempt", "execution"] * 2
    assert events[2].data["status"] == "error"
    assert events[5].data["status"] == "ok"
    assert events[1].data["diff"] == ""
    assert "-raise ValueError('boom')" in events[4].data["diff"]
    assert "+assert 1 + 1 == 2" in events[4].data["diff"]


def test_definitions_list_names_not_code() -> None:
    from jupyter_codegen.development.prompts import definitions

    cells = [
        "import numpy as np\ndef is_prime(n, k: int = 2):\n    pass\nx, y = 1, 2\nclass A:\n    pass",
        "broken (",
    ]
    assert definitions(cells) == [
        "np (imported)",
        "def is_prime(n, k: int=2)",
        "x (a variable)",
        "y (a variable)",
        "class A",
    ]


def test_stops_early_when_an_attempt_fails_exactly_like_the_last() -> None:
    same = [
        "```python\nraise ValueError('boom')\n```",
        "```python\nx = 1\nraise ValueError('boom')\n```",
        GOOD,
    ]
    result = develop("t", FakeClient(same), FakeSandbox(), max_iters=5)
    assert len(result.attempts) == 2
    assert result.stop_reason == "stopped early: attempt 2 failed exactly like attempt 1"


def test_progress_on_checks_keeps_the_loop_going_and_the_diff_is_recorded() -> None:
    events = []
    replies = [
        "```python\ndef f(x):\n    return 0\n```",
        "```python\ndef f(x):\n    return 1 if x else 0\n```",
        "```python\ndef f(x):\n    return x\n```",
    ]
    result = develop(
        "t",
        FakeClient(replies),
        FakeSandbox(),
        max_iters=3,
        tests=["assert f(0) == 0", "assert f(1) == 1", "assert f(5) == 5"],
        on_event=events.append,
    )
    assert [a.tests_passed for a in result.attempts] == [1, 2, 3]
    assert result.status == "passed"
    diffs = [e.data["diff"] for e in events if e.kind == "attempt"]
    assert "-    return 1 if x else 0\n+    return x" in diffs[2]


def test_feedback_carries_the_failing_check_its_message_and_the_output() -> None:
    client = FakeClient(
        [
            "```python\ndef area(w, h):\n    return w + h\nprint('area of 2x3 is', area(2, 3))\n```",
            "```python\ndef area(w, h):\n    return w * h\n```",
        ]
    )
    develop("t", client, FakeSandbox(), tests=["assert area(2, 3) == 6, 'area(2, 3) should be 6'"])
    follow_up = client.seen[1][-1]["content"]
    assert "this check failed:\nassert area(2, 3) == 6" in follow_up
    assert "AssertionError: area(2, 3) should be 6" in follow_up
    assert "The code printed:\narea of 2x3 is 5" in follow_up
