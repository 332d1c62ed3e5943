"""The interfaces phases depend on; front-ends plug concrete adapters into them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from jupyter_codegen.core.execution import Execution
from jupyter_codegen.core.reply import Reply

Message = dict[str, Any]
TokenSink = Callable[[str], None]


class ModelClient(Protocol):
    """Sends chat messages to a model and returns its reply."""

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        on_token: TokenSink | None = None,
    ) -> Reply: ...


class Sandbox(Protocol):
    """Runs code in an isolated kernel."""

    def execute(self, code: str, timeout: float | None = None) -> Execution: ...

    def reset(self) -> None:
        """Clear the user namespace so an attempt starts from a clean state."""
