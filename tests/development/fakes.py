"""In-memory stand-ins for the ModelClient and Sandbox ports."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from typing import Any

from jupyter_codegen.core.execution import ErrorInfo, Execution
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.usage import Meter, Usage


@dataclass
class FakeClient:
    replies: list[str]
    meter: Meter = field(default_factory=Meter)
    seen: list[list[dict[str, Any]]] = field(default_factory=list)

    def complete(self, messages, *, schema=None, on_token=None) -> Reply:
        self.meter.check()
        self.seen.append(list(messages))
        if not self.replies:
            raise AssertionError("FakeClient ran out of replies")
        text = self.replies.pop(0)
        if on_token:
            on_token(text)
        usage = Usage(10, len(text.split()))
        self.meter.add(usage)
        if schema is not None:
            from jupyter_codegen.llm import structured

            return Reply(text, "fake", usage, data=structured.parse(text, schema))
        return Reply(text, "fake", usage)


@dataclass
class FakeSandbox:
    """Runs code with exec() in one namespace that reset() clears, like a kernel would."""

    runs: list[str] = field(default_factory=list)
    resets: int = 0
    namespace: dict[str, Any] = field(default_factory=dict)

    def reset(self) -> None:
        self.resets += 1
        self.namespace.clear()

    def execute(self, code: str, timeout: float | None = None) -> Execution:
        self.runs.append(code)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(code, "<cell>", "exec"), self.namespace)
        except Exception as exc:
            error = ErrorInfo(type(exc).__name__, str(exc), f"{type(exc).__name__}: {exc}")
            return Execution("error", stdout=out.getvalue(), error=error)
        return Execution("ok", stdout=out.getvalue())
