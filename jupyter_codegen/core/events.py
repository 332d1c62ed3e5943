"""Events a session emits: model calls, executions and decisions, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """Something that happened in a session, with plain JSON-able data."""

    kind: str  # "model_call" | "execution" | "decision" | "status"
    data: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[Event], None]


def ignore(event: Event) -> None:
    """A listener that drops events."""
