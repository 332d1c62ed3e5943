"""A separate ipykernel for generated code, with a wall-clock limit, interrupt and restart."""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

from jupyter_codegen.core.execution import ErrorInfo, Execution
from jupyter_codegen.errors import SandboxError
from jupyter_codegen.kernel.guard import guard_code
from jupyter_codegen.kernel.ipc import ipc_manager, scratch_dir, sweep_stale
from jupyter_codegen.kernel.limits import Limits, prefix

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SECRET = re.compile(r"KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL|AUTH", re.IGNORECASE)
INTERRUPT_GRACE = 5.0


def scrubbed_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment minus anything that looks like a secret."""
    source = dict(os.environ if environ is None else environ)
    return {name: value for name, value in source.items() if not _SECRET.search(name)}


class KernelSandbox:
    """Runs code in its own ipykernel process inside a private working directory."""

    def __init__(
        self,
        timeout: float | None = None,
        max_output: int | None = None,
        workdir: Path | None = None,
        limits: Limits | None = None,
    ) -> None:
        limits = limits or Limits()
        self.limits = replace(
            limits,
            wall_seconds=limits.wall_seconds if timeout is None else timeout,
            output_chars=limits.output_chars if max_output is None else max_output,
        )
        self._own_workdir = workdir is None
        self.workdir = (workdir or scratch_dir("sandbox")).resolve()
        self._sockets = self.workdir  # replaced by a private directory on start()
        self._km: Any = None
        self._kc: Any = None
        self.restarts = 0
        self.notes: list[str] = []  # limits this machine could not enforce, said once

    @property
    def timeout(self) -> float:
        """Wall-clock seconds an execution may take before it is interrupted."""
        return self.limits.wall_seconds

    @property
    def max_output(self) -> int:
        """Characters of stdout and stderr kept per execution."""
        return self.limits.output_chars

    def __enter__(self) -> KernelSandbox:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.shutdown()

    def start(self) -> None:
        """Start the kernel and wait until it answers."""
        sweep_stale()
        self._sockets = scratch_dir("ipc")
        argv, self.notes = prefix(self.limits)
        self._km = ipc_manager("python3", self._sockets, prefix=argv)
        try:
            # The kernel's own stdout/stderr carry only its log chatter; code output arrives
            # over iopub.
            self._km.start_kernel(
                cwd=str(self.workdir),
                env=self._environment(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self._connect()
        except Exception as exc:
            self.shutdown()
            raise SandboxError(f"the sandbox kernel did not start: {exc}") from exc

    def alive(self) -> bool:
        """True while the kernel process is running."""
        return self._km is not None and bool(self._km.is_alive())

    def _environment(self) -> dict[str, str]:
        """No secrets, and every per-user directory pointed into the workspace."""
        env = scrubbed_env()
        home = self.workdir / ".home"
        tmp = self.workdir / ".tmp"
        home.mkdir(exist_ok=True)
        tmp.mkdir(exist_ok=True)
        env.update(
            HOME=str(home),
            TMPDIR=str(tmp),
            IPYTHONDIR=str(home / ".ipython"),
            MPLCONFIGDIR=str(home / ".matplotlib"),
            XDG_CACHE_HOME=str(home / ".cache"),
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    def _connect(self) -> None:
        self._kc = self._km.client()
        self._kc.start_channels()
        self._kc.wait_for_ready(timeout=60)
        guard = self.execute(guard_code(str(self.workdir), self.limits), timeout=30)
        if not guard.ok:
            raise SandboxError(f"the sandbox guard could not be installed: {guard.feedback(500)}")

    def _restart(self) -> None:
        self.restarts += 1
        if self._kc is not None:
            self._kc.stop_channels()
        self._km.restart_kernel(now=True)
        self._connect()

    def shutdown(self) -> None:
        """Stop the kernel and remove the directories the sandbox created."""
        try:
            if self._kc is not None:
                self._kc.stop_channels()
            if self._km is not None and self._km.has_kernel:
                self._km.shutdown_kernel(now=True)
        finally:
            self._kc = self._km = None
            if self._own_workdir:
                shutil.rmtree(self.workdir, ignore_errors=True)
            shutil.rmtree(self._sockets, ignore_errors=True)

    def reset(self) -> None:
        """Clear the kernel's user namespace."""
        self.execute("get_ipython().run_line_magic('reset', '-f')", timeout=30)

    def execute(self, code: str, timeout: float | None = None) -> Execution:
        """Run `code` and capture everything it prints, displays or raises."""
        if self._kc is None:
            raise SandboxError("the sandbox kernel is not running; use it inside a `with` block")
        limit = self.timeout if timeout is None else timeout
        started = time.monotonic()
        msg_id = self._kc.execute(code, store_history=False, allow_stdin=False)
        capture = _Capture(self.max_output)
        status = self._collect(msg_id, capture, started + limit)
        if status == "timeout":
            self._km.interrupt_kernel()
            if self._collect(msg_id, capture, time.monotonic() + INTERRUPT_GRACE) != "idle":
                self._restart()
        elif status == "died":
            self._restart()
        final = "ok" if status == "idle" and capture.error is None else status
        if status == "idle" and capture.error is not None:
            final = "error"
        return Execution(
            status=final,  # type: ignore[arg-type]
            stdout=capture.stdout,
            stderr=capture.stderr,
            outputs=capture.outputs,
            error=capture.error,
            duration=time.monotonic() - started,
            truncated=capture.truncated,
        )

    def _collect(self, msg_id: str, capture: _Capture, deadline: float) -> str:
        """Read iopub until our request goes idle; report 'idle', 'timeout' or 'died'."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout"
            try:
                msg = self._kc.get_iopub_msg(timeout=min(0.25, remaining))
            except queue.Empty:
                if not self._km.is_alive():
                    return "died"
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content.get("execution_state") == "idle":
                return "idle"
            capture.add(kind, content)


class _Capture:
    """Accumulates iopub messages into an Execution's fields, truncating floods of output."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.stdout = ""
        self.stderr = ""
        self.outputs: list[dict[str, Any]] = []
        self.error: ErrorInfo | None = None
        self.truncated = False

    def _append(self, current: str, text: str) -> str:
        room = self.limit - len(self.stdout) - len(self.stderr)
        if len(text) > room:
            self.truncated = True
            return current + text[: max(room, 0)]
        return current + text

    def add(self, kind: str, content: dict[str, Any]) -> None:
        if kind == "stream":
            if content.get("name") == "stderr":
                self.stderr = self._append(self.stderr, content.get("text", ""))
            else:
                self.stdout = self._append(self.stdout, content.get("text", ""))
        elif kind in ("display_data", "execute_result"):
            self.outputs.append(
                {
                    "output_type": kind,
                    "data": content.get("data", {}),
                    "metadata": content.get("metadata", {}),
                }
            )
        elif kind == "error":
            tb = "\n".join(_ANSI.sub("", line) for line in content.get("traceback", []))
            self.error = ErrorInfo(content.get("ename", ""), content.get("evalue", ""), tb)
        elif kind == "clear_output":
            self.outputs.clear()
