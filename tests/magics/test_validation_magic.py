"""The validation phase from the magics: your tests, the gates, sign-off, feedback, install."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from IPython.core.error import UsageError

from tests.replies import code

REVERSE = code("def reverse_words(s):\n    return ' '.join(reversed(s.split()))")
WRONG = code("def reverse_words(s):\n    return s")
SHOUT = code("def shout(s):\n    return s.upper() + '!'")
CONCERNS = json.dumps(
    {
        "concerns": [
            {"kind": "edge-case", "severity": "medium", "task": "t1", "text": "shout('') is '!'"}
        ]
    }
)


def session(ip):
    return ip.magics_manager.registry["CodegenMagics"].session


def run(ip, line: str, cell: str = "reverse the words"):
    return ip.run_cell_magic("codegen", f"--single --no-clarify {line}", cell)


def test_tests_in_a_referenced_cell_judge_the_code(ip, script, capsys) -> None:
    ip.run_cell(
        "def test_reverse():\n    assert reverse_words('a b c') == 'c b a'", store_history=True
    )
    number = ip.execution_count - 1
    run(ip, f"--auto --max-iters 1 --tests {number} --model {script(WRONG, REVERSE)}")
    s = session(ip)
    attempts = s.results["t1"].attempts
    assert not attempts[0].passed and attempts[1].passed  # the person's test drove self-debug
    (check,) = s.request.checks
    assert check.source == "user" and check.name == "test_reverse"
    assert s.validation.passed and s.signed_off
    out = capsys.readouterr().out
    assert "| spec | user | `test_reverse` | pass |" in out


def test_tests_naming_a_cell_that_does_not_exist_is_a_usage_error(ip, script) -> None:
    with pytest.raises(UsageError, match=r"--tests 9999: there is no cell In\[9999\]"):
        run(ip, f"--auto --tests 9999 --model {script(REVERSE)}")
    with pytest.raises(UsageError, match="--tests takes execution counts"):
        run(ip, f"--auto --tests x --model {script(REVERSE)}")


def test_os_system_is_refused_under_auto_unless_allowed(ip, script, capsys) -> None:
    risky = code("import os\ncode = os.system('true')")
    with pytest.raises(UsageError, match="refused to run code with high-severity findings"):
        run(ip, f"--auto --max-iters 0 --model {script(risky)}", "run true")
    out = capsys.readouterr().out
    assert "os.system" in out and "[high] line 2" in out
    assert "code" not in ip.user_ns  # nothing ran in this kernel either
    run(ip, f"--auto --allow-risky --model {script(risky, name='again.json')}", "run true")
    assert ip.user_ns["code"] == 0


def test_feedback_at_signoff_becomes_a_task_that_is_developed(ip, script, capsys) -> None:
    whisper = code("def whisper(s):\n    return s.lower()")
    run(ip, f"--model {script(SHOUT, whisper)}", "shout")
    ip.run_line_magic("codegen", "next")  # approve t1: validation runs, sign-off waits
    assert "**Sign-off.**" in capsys.readouterr().out
    ip.run_line_magic("codegen", "feedback add whisper(s), the opposite of shout")
    s = session(ip)
    new = s.plan.tasks[-1]
    assert new.title == "Feedback: add whisper(s), the opposite of shout"
    assert "is waiting for your decision" in capsys.readouterr().out  # the new step
    ip.run_line_magic("codegen", "next")
    ip.run_line_magic("codegen", "approve")  # sign-off
    assert s.signed_off and ip.user_ns["whisper"]("A") == "a"
    signoffs = [e.data["accepted"] for e in s.events if e.kind == "signoff"]
    assert signoffs == [False, True]


def test_a_reviewer_concern_becomes_a_task_with_one_command(ip, script, capsys) -> None:
    fixed = code("def shout_or_empty(s):\n    return shout(s) if s else ''")
    model = script(SHOUT, CONCERNS, fixed, json.dumps({"concerns": []}))
    run(ip, f"--review --model {model}", "shout")
    ip.run_line_magic("codegen", "next")
    out = capsys.readouterr().out
    assert "`c1` [medium] edge-case (`t1`): shout('') is '!'" in out
    with pytest.raises(UsageError, match="needs concern ids"):
        ip.run_line_magic("codegen", "concern")
    ip.run_line_magic("codegen", "concern c1")
    s = session(ip)
    assert s.plan.tasks[-1].title.startswith("Address: shout('') is '!'")
    ip.run_line_magic("codegen", "next")
    ip.run_line_magic("codegen", "approve")
    assert s.signed_off and len(s.accepted) == 2


def test_install_is_an_explicit_recorded_decision(ip, script, monkeypatch) -> None:
    run(ip, f"--model {script(REVERSE)}")
    calls = []

    def fake_run(command, **kwargs):
        calls.append(command)
        return subprocess.CompletedProcess(command, 0, "Successfully installed polars\n", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    shown = ip.run_line_magic("codegen", "install polars==1.0")
    assert calls == [[sys.executable, "-m", "pip", "install", "polars==1.0"]]
    assert "pip install polars==1.0" in shown.markdown
    (event,) = [e for e in session(ip).events if e.kind == "install"]
    assert event.data["command"] == calls[0] and event.data["returncode"] == 0
    with pytest.raises(UsageError, match="spaces are not allowed"):
        ip.run_line_magic("codegen", "install 'polars; rm -rf ~'")
    assert len(calls) == 1


def test_state_leaked_between_attempts_fails_the_system_test_in_a_fresh_kernel(
    ip, script, capsys
) -> None:
    leak = code("import builtins\nbuiltins.LIMIT = 3\nraise RuntimeError('first try')")
    uses = code("def first(xs):\n    return xs[:LIMIT]")
    task = "first(xs): the first three items\nassert first([1, 2, 3, 4]) == [1, 2, 3]"
    with pytest.raises(UsageError, match="not signed off: system test FAILED: 0/1 tests"):
        run(ip, f"--auto --max-iters 1 --model {script(leak, uses)}", task)
    s = session(ip)
    assert s.results["t1"].status == "passed"  # it passed in the development kernel
    (failed,) = s.validation.system.tests
    assert not failed.passed and "NameError" in failed.detail and "LIMIT" in failed.detail
    assert "[medium]" in capsys.readouterr().out  # builtins tampering was flagged, not blocked
