"""The scripted model: replies read from a JSON list and served in call order."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from jupyter_codegen.errors import ModelError, ScriptExhaustedError

_lock = threading.Lock()
_positions: dict[Path, int] = {}


def _load(path: Path) -> list[str]:
    try:
        replies = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise ModelError(
            f"scripted/{path}", "the script file does not exist", "create a JSON list of replies"
        ) from exc
    except ValueError as exc:
        raise ModelError(
            f"scripted/{path}", f"the script is not valid JSON ({exc})", "fix the JSON list"
        ) from exc
    if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
        raise ModelError(
            f"scripted/{path}",
            "the script must be a JSON list of reply strings",
            'write it as ["first reply", "second reply", ...]',
        )
    return replies


def next_reply(name: str) -> str:
    """Serve the next reply of script `name` (a path); each path keeps its own position."""
    path = Path(name).expanduser().resolve()
    replies = _load(path)
    with _lock:
        position = _positions.get(path, 0)
        if position >= len(replies):
            raise ScriptExhaustedError(
                f"Scripted model {path} has {len(replies)} replies and all were used; "
                f"call {position + 1} asked for another. Add replies to the script or "
                "call reset_scripts()."
            )
        _positions[path] = position + 1
    return replies[position]


def reset_scripts() -> None:
    """Start every script from its first reply again."""
    with _lock:
        _positions.clear()


def count_words(text: str) -> int:
    """Scripted 'tokens': whitespace-separated words, deterministic and tokenizer-free."""
    return len(text.split())
