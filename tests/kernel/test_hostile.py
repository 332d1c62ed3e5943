"""Hostile code against a real sandbox: each case gets a clear error and the sandbox goes on."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from jupyter_codegen.kernel.limits import Limits, network_isolation
from jupyter_codegen.kernel.sandbox import KernelSandbox

OUTSIDE = Path(__file__).resolve().parent / "written_by_sandbox.txt"


@pytest.fixture(scope="module")
def sandbox():
    with KernelSandbox(
        limits=Limits(wall_seconds=10, memory_mb=1024, file_size_mb=16, output_chars=5000)
    ) as box:
        yield box


def children_of_sandbox() -> int:
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if "ipykernel_launcher" in line)


@pytest.mark.parametrize(
    ("case", "code", "status", "message"),
    [
        ("infinite loop", "while True:\n    pass", "timeout", "did not finish"),
        (
            "fork bomb",
            "import os\nwhile True:\n    os.fork()",
            "error",
            "starting more than 64 processes is blocked",
        ),
        ("memory hog", "hog = bytearray(4 * 1024**3)", "error", "MemoryError"),
        (
            "huge file",
            "open('big.bin', 'wb').write(b'0' * (64 * 1024 * 1024))",
            "error",
            "File too large",
        ),
        (
            "writing outside the workspace",
            f"open({str(OUTSIDE)!r}, 'w').write('x')",
            "error",
            "writing outside the workspace",
        ),
        (
            "deleting outside the workspace",
            "import os\nos.remove('/etc/hostname')",
            "error",
            "os.remove outside the workspace",
        ),
        (
            "network connection",
            "import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=3)",
            "error",
            "network",
        ),
        ("os._exit", "import os\nos._exit(1)", "died", "kernel died"),
    ],
)
def test_hostile_code_is_contained(sandbox, case, code, status, message) -> None:
    result = sandbox.execute(code)
    assert result.status == status, case
    assert message in result.feedback(), case
    assert sandbox.execute("print('still here')").stdout == "still here\n"


def test_huge_print_is_truncated_and_says_so(sandbox) -> None:
    result = sandbox.execute("print('x' * 10_000_000)")
    assert result.ok and result.truncated
    assert len(result.stdout) <= 5000


def test_api_keys_are_not_visible(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-a-real-key-000")
    monkeypatch.setenv("HF_TOKEN", "hf_not_real")
    with KernelSandbox(timeout=20) as box:
        result = box.execute(
            "import os\nprint([k for k in os.environ if 'KEY' in k or 'TOKEN' in k])"
        )
    assert result.stdout == "[]\n"


def test_fork_bomb_leaves_no_processes_behind(sandbox) -> None:
    before = children_of_sandbox()
    sandbox.execute("import os\nwhile True:\n    os.fork()")
    import time

    time.sleep(1)
    assert children_of_sandbox() <= before
    # the cap is per execution: the next one may start processes again
    assert (
        sandbox.execute(
            "import subprocess\nprint(subprocess.run(['echo', 'ok'], capture_output=True, text=True).stdout)"
        ).stdout
        == "ok\n\n"
    )


def test_writes_inside_the_workspace_and_temp_dir_work(sandbox) -> None:
    result = sandbox.execute(
        "import tempfile\nopen('notes.txt', 'w').write('hi')\nprint(tempfile.gettempdir())"
    )
    assert result.ok
    assert Path(result.stdout.strip()).is_relative_to(sandbox.workdir)
    assert (sandbox.workdir / "notes.txt").read_text() == "hi"
    assert not OUTSIDE.exists()


@pytest.mark.skipif(network_isolation() is None, reason="no network namespace on this machine")
def test_network_namespace_has_no_interfaces_up(sandbox) -> None:
    # Below the Python guard: even a raw socket made through ctypes-free C code has no route.
    result = sandbox.execute("import os\nprint(open('/proc/net/dev').read().count(':'))")
    assert result.stdout.strip() == "1"  # only the loopback device, and it is down


def test_the_sandbox_cannot_kill_the_process_that_owns_it(sandbox) -> None:
    # This test process stands in for the user's kernel, the sandbox's parent.
    result = sandbox.execute("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")
    assert result.status == "error"
    assert "signalling the notebook's kernel" in result.feedback()
    result = sandbox.execute("import os, signal\nos.killpg(0, signal.SIGKILL)")
    assert "signalling a process group" in result.feedback()
    assert os.getpid() > 0  # still alive to assert anything at all
