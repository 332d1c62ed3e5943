"""Images in prompts: attach them to the task message of a conversation."""

from __future__ import annotations

from collections.abc import Sequence

from jupyter_codegen.core.ports import Message


def attach(messages: Sequence[Message], images: Sequence[str]) -> list[Message]:
    """Return the conversation with `images` (data URLs) added to its first user message."""
    out = [dict(m) for m in messages]
    if not images:
        return out
    for message in out:
        if message.get("role") == "user":
            text = message.get("content") or ""
            parts = text if isinstance(text, list) else [{"type": "text", "text": text}]
            message["content"] = [
                *parts,
                *({"type": "image_url", "image_url": {"url": url}} for url in images),
            ]
            break
    return out
