"""The outcome of running code in a sandbox kernel, as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["ok", "error", "timeout", "died"]


@dataclass(frozen=True)
class ErrorInfo:
    """An exception raised by executed code."""

    ename: str
    evalue: str
    traceback: str  # plain text, ANSI colours removed


@dataclass(frozen=True)
class Execution:
    """Captured stdout, stderr, rich outputs and any error from one execution."""

    status: Status
    stdout: str = ""
    stderr: str = ""
    outputs: list[dict[str, Any]] = field(default_factory=list)  # display_data / execute_result
    error: ErrorInfo | None = None
    duration: float = 0.0
    truncated: bool = False

    @property
    def ok(self) -> bool:
        """True if the code ran to completion without raising."""
        return self.status == "ok"

    def feedback(self, limit: int = 2000) -> str:
        """A compact text of what went wrong, for a self-debug prompt."""
        if self.status == "timeout":
            text = f"The code did not finish within the time limit ({self.duration:.1f}s)."
        elif self.status == "died":
            text = "The kernel died while running the code (crash, os._exit or out of memory)."
        elif self.error is not None:
            text = self.error.traceback or f"{self.error.ename}: {self.error.evalue}"
        else:
            text = ""
        printed = self.text_plain()
        if printed.strip():
            # What the code printed before it failed often says why; keep its end.
            text = f"Output before the failure:\n{printed[-500:]}\n{text}"
        if self.stderr:
            text += "\nstderr:\n" + self.stderr
        return text[-limit:]

    def text_plain(self) -> str:
        """Everything the code printed or displayed, as plain text."""
        parts = [self.stdout] if self.stdout else []
        for output in self.outputs:
            plain = output.get("data", {}).get("text/plain")
            if plain:
                parts.append(plain if plain.endswith("\n") else plain + "\n")
        return "".join(parts)
