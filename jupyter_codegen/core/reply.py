"""What one model call returned."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jupyter_codegen.core.usage import Usage


@dataclass(frozen=True)
class Reply:
    """Content of a model call plus its usage, latency and the model actually used."""

    content: str
    model: str
    usage: Usage = field(default_factory=Usage)
    latency: float = 0.0
    tries: int = 1
    data: Any = None  # the parsed JSON when a schema was requested
