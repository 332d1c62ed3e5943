"""A real sandbox kernel: capture, errors, limits, death and isolation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jupyter_codegen.kernel.sandbox import KernelSandbox, scrubbed_env


@pytest.fixture(scope="module")
def sandbox():
    with KernelSandbox(timeout=20, max_output=5000) as box:
        yield box


def test_captures_stdout_stderr_and_rich_output(sandbox) -> None:
    result = sandbox.execute(
        "import sys\nprint('out')\nprint('err', file=sys.stderr)\nfrom IPython.display import HTML, display\ndisplay(HTML('<b>x</b>'))\n40 + 2"
    )
    assert result.status == "ok"
    assert result.stdout == "out\n"
    assert result.stderr == "err\n"
    assert result.outputs[0]["data"]["text/html"] == "<b>x</b>"
    assert result.outputs[1]["data"]["text/plain"] == "42"


def test_error_is_captured_as_plain_text(sandbox) -> None:
    result = sandbox.execute("def f():\n    return 1 / 0\nf()")
    assert result.status == "error"
    assert result.error is not None and result.error.ename == "ZeroDivisionError"
    assert "\x1b[" not in result.error.traceback
    assert "ZeroDivisionError" in result.feedback()


def test_hang_is_interrupted_and_the_kernel_keeps_its_state(sandbox) -> None:
    sandbox.execute("kept = 7")
    result = sandbox.execute("import time\nwhile True: time.sleep(0.05)", timeout=1.5)
    assert result.status == "timeout"
    assert "did not finish" in result.feedback()
    after = sandbox.execute("print(kept)")
    assert after.stdout == "7\n"  # interrupted, not restarted


def test_uninterruptible_hang_restarts_the_kernel(sandbox) -> None:
    before = sandbox.restarts
    # SIGINT is ignored, so only a restart can end this.
    code = "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: time.sleep(0.05)"
    result = sandbox.execute(code, timeout=1.0)
    assert result.status == "timeout"
    assert sandbox.restarts == before + 1
    assert sandbox.execute("print('alive')").stdout == "alive\n"


def test_kernel_death_is_reported_and_replaced(sandbox) -> None:
    before = sandbox.restarts
    result = sandbox.execute("import os\nos._exit(3)")
    assert result.status == "died"
    assert "kernel died" in result.feedback()
    assert sandbox.restarts == before + 1
    assert sandbox.execute("print(1 + 1)").stdout == "2\n"


def test_output_flood_is_truncated_and_says_so(sandbox) -> None:
    result = sandbox.execute("print('x' * 100_000)")
    assert result.truncated
    assert len(result.stdout) <= 5000


def test_reset_clears_the_namespace(sandbox) -> None:
    sandbox.execute("leftover = 1")
    sandbox.reset()
    result = sandbox.execute("leftover")
    assert result.status == "error" and result.error is not None
    assert result.error.ename == "NameError"


def test_runs_in_a_private_workspace_not_the_callers_directory(sandbox) -> None:
    result = sandbox.execute("import os\nprint(os.getcwd())")
    assert Path(result.stdout.strip()) == sandbox.workdir
    assert Path(result.stdout.strip()) != Path.cwd()


@pytest.mark.parametrize(
    "name", ["OPENAI_API_KEY", "GITHUB_TOKEN", "aws_secret_access_key", "DB_PASSWORD"]
)
def test_scrubbed_env_drops_secret_names(name: str) -> None:
    assert name not in scrubbed_env({name: "x", "PATH": "/bin"})
    assert scrubbed_env({name: "x", "PATH": "/bin"}) == {"PATH": "/bin"}


def test_shutdown_removes_its_directories() -> None:
    box = KernelSandbox(timeout=20)
    box.start()
    workdir, sockets = box.workdir, box._sockets
    assert workdir.is_dir() and sockets.is_dir()
    box.shutdown()
    assert not workdir.exists() and not sockets.exists()


def test_generated_code_never_runs_in_the_callers_process() -> None:
    with KernelSandbox(timeout=20) as box:
        result = box.execute("import os\nprint(os.getpid())")
    assert int(result.stdout) != os.getpid()
