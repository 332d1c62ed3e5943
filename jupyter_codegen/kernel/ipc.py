"""Kernel managers that talk over IPC sockets kept in a private directory."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_SCRATCH = re.compile(r"^codegen-\w+-(\d+)-")


def scratch_dir(role: str) -> Path:
    """A private temporary directory whose name records the owning process."""
    return Path(tempfile.mkdtemp(prefix=f"codegen-{role}-{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale() -> None:
    """Remove scratch directories left by processes that were killed before cleaning up.

    Jupyter shuts kernels down hard enough that exit hooks do not always run, so each new
    sandbox tidies up after dead ones instead.
    """
    for entry in Path(tempfile.gettempdir()).glob("codegen-*"):
        match = _SCRATCH.match(entry.name)
        if match and entry.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


def ipc_manager(
    kernel_name: str, directory: Path, *, asynchronous: bool = False, prefix: Sequence[str] = ()
) -> Any:
    """A KernelManager whose sockets and connection file live in `directory`.

    IPC keeps kernels off the TCP stack (and works inside `unshare -n`); without an explicit
    path jupyter_client would drop `kernel-ipc-N` sockets into the current directory.
    """
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    directory.mkdir(parents=True, exist_ok=True)
    manager: Any = AsyncKernelManager if asynchronous else KernelManager
    if prefix:
        base = manager

        class Prefixed(base):  # type: ignore[misc, valid-type]
            """Runs the kernel command behind `prefix` (unshare, prlimit...)."""

            def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
                return [*prefix, *super().format_kernel_cmd(extra_arguments)]

        manager = Prefixed
    km = manager(kernel_name=kernel_name, transport="ipc")
    km.ip = str(directory / "kernel-ipc")
    km.connection_file = str(directory / "kernel.json")
    return km
