"""Resource limits and isolation for the sandbox kernel, applied by prefixing its command line."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one sandbox kernel may use; every field can be set from `c.Codegen`."""

    wall_seconds: float = 60.0  # per execution: interrupt, then restart
    cpu_seconds: int = 900  # CPU time over the kernel's life (RLIMIT_CPU); past it, a restart
    memory_mb: int = 4096  # address space (RLIMIT_AS): allocations past it raise MemoryError
    file_size_mb: int = 256  # largest file it may write (RLIMIT_FSIZE)
    processes: int = 64  # child processes it may start (fork bombs stop here)
    output_chars: int = 100_000  # captured stdout+stderr per execution; the rest is cut
    network: bool = False  # allow network access


@functools.cache
def _works(*argv: str) -> bool:
    """Run a tiny command once per process to learn whether an isolation tool works here."""
    try:
        return subprocess.run([*argv, "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def network_isolation() -> list[str] | None:
    """The argv prefix that cuts the network (a new, empty network namespace), or None."""
    if shutil.which("unshare") is None:
        return None
    if os.geteuid() == 0 and _works("unshare", "--net"):
        return ["unshare", "--net"]
    if _works("unshare", "--net", "--map-root-user"):  # unprivileged user namespaces
        return ["unshare", "--net", "--map-root-user"]
    return None


def prefix(limits: Limits) -> tuple[list[str], list[str]]:
    """The argv to put before the kernel command, and notes on what could not be enforced."""
    argv: list[str] = []
    notes: list[str] = []
    if not limits.network:
        isolation = network_isolation()
        if isolation is None:
            notes.append(
                "No network namespace is available here (unshare), so generated code is kept off "
                "the network only by the sandbox's Python-level guard."
            )
        else:
            argv += isolation
    if shutil.which("prlimit"):
        argv += [
            "prlimit",
            f"--as={limits.memory_mb * 1024 * 1024}",
            f"--cpu={limits.cpu_seconds}",
            f"--fsize={limits.file_size_mb * 1024 * 1024}",
        ]
        # RLIMIT_NPROC counts every process of the user and does not bind root, so it is set
        # only for an ordinary user, with room for what the user already runs.
        if os.geteuid() != 0:
            argv.append(f"--nproc={_user_processes() + limits.processes}")
        argv.append("--")
    else:
        notes.append(
            "prlimit is not installed, so CPU, memory and file-size limits are not enforced."
        )
    return argv, notes


def _user_processes() -> int:
    try:
        out = subprocess.run(
            ["ps", "-U", str(os.geteuid()), "-o", "pid="],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return len(out.stdout.split())
    except (OSError, subprocess.SubprocessError):
        return 256
