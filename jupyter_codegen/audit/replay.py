"""Replay: serve a session's model calls from its recording, refusing a prompt that changed.

A cassette is one recorded session: its task, model and calls, taken from the trail in a
notebook (or a cassette file the CLI writes). Replay needs no model, no key and no network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_codegen.audit.record import sessions
from jupyter_codegen.core.ports import Message, ModelClient, TokenSink
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.usage import Usage
from jupyter_codegen.errors import CodegenError

ENV = "JUPYTER_CODEGEN_REPLAY"


class ReplayMismatch(CodegenError):
    """The session asked for something its recording does not hold."""


def _text(message: Message) -> str:
    content = message.get("content")
    if isinstance(content, list):  # text and image parts: compare the text
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def _excerpt(now: str, then: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(now, then, strict=False)) if a != b),
        min(len(now), len(then)),
    )
    start = max(0, at - 30)
    return f"now {now[start : at + 50]!r}, recorded {then[start : at + 50]!r}"


@dataclass
class Cassette:
    """One recorded session's model calls, served in order."""

    task: str
    model: str
    cell_id: str | None
    calls: list[dict[str, Any]]
    position: int = 0
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form (a cassette file holds a list of these)."""
        return {
            "task": self.task,
            "model": self.model,
            "cell_id": self.cell_id,
            "calls": self.calls,
        }

    def serve(self, profile: str, messages: list[Message], schema: dict[str, Any] | None) -> Reply:
        """The recorded reply to this call, if the call is the one that was recorded."""
        number = self.position + 1
        if self.position >= len(self.calls):
            raise ReplayMismatch(
                f"replay ran out of recorded model calls: the session now makes call {number} "
                f"(profile {profile}), but only {len(self.calls)} were recorded{self.source}"
            )
        call = self.calls[self.position]
        where = f"model call {number} (profile {call['profile']})"
        if call["profile"] != profile:
            raise ReplayMismatch(
                f"replay stopped at {where}: the session now asks profile {profile} instead"
            )
        recorded = call["messages"]
        if len(recorded) != len(messages):
            raise ReplayMismatch(
                f"replay stopped at {where}: the prompt has {len(messages)} messages where the "
                f"recording has {len(recorded)}; the task or the notebook changed since"
            )
        for index, (now, then) in enumerate(zip(messages, recorded, strict=True), 1):
            if _text(now) != _text(then) or now.get("role") != then.get("role"):
                raise ReplayMismatch(
                    f"replay stopped at {where}: message {index} ({then.get('role')}) no longer "
                    f"matches its recording ({_excerpt(_text(now), _text(then))}); the task or the "
                    "notebook changed since it was recorded, so the recorded answer would be stale"
                )
        if (schema is None) != (call.get("schema") is None) or (
            schema and schema != call["schema"]
        ):
            raise ReplayMismatch(f"replay stopped at {where}: the reply format asked for changed")
        self.position += 1
        data = None
        if schema is not None:
            from jupyter_codegen.llm import structured

            data = structured.parse(call["reply"], schema)
        usage = Usage(
            call.get("prompt_tokens", 0), call.get("completion_tokens", 0), call.get("cost")
        )
        return Reply(call["reply"], call["model"], usage, 0.0, 1, data)

    def client(self, profile: str) -> ModelClient:
        """The ModelClient port for one profile, sharing this cassette's order."""
        return _ReplayClient(self, profile)


@dataclass
class _ReplayClient:
    cassette: Cassette
    profile: str
    seen: list[int] = field(default_factory=list)

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        on_token: TokenSink | None = None,
    ) -> Reply:
        reply = self.cassette.serve(self.profile, messages, schema)
        if on_token is not None:
            on_token(reply.content)
        return reply


def from_notebook(nb: Any) -> list[Cassette]:
    """Every recorded session in a notebook, in order."""
    found = []
    for trail in sessions(nb).values():
        blobs = trail.blobs
        first = trail.parts[0].record
        calls: list[dict[str, Any]] = []
        for entry in trail.entries:
            if entry["kind"] != "llm_call":
                continue
            data = entry["data"]
            missing = [k for k in data["messages"] if k not in blobs]
            if missing:
                raise CodegenError(
                    f"session {trail.session}: the recording of model call {len(calls) + 1} "
                    f"refers to message {missing[0][:12]}, which is not in the notebook"
                )
            calls.append(
                {
                    **{k: v for k, v in data.items() if k not in ("messages", "schema")},
                    "messages": [blobs[k] for k in data["messages"]],
                    "schema": blobs.get(data["schema"]) if data.get("schema") else None,
                }
            )
        found.append(Cassette(first["task"], first["model"], first.get("cell_id"), calls))
    return found


def load(path: Path) -> list[Cassette]:
    """Cassettes from a notebook or from a cassette file (a JSON list)."""
    from jupyter_codegen.notebook import store

    if path.suffix == ".ipynb":
        from jupyter_codegen.audit.sidecar import inline

        nb = store.read(path)
        problems = inline(nb, path)
        if problems:
            raise CodegenError(f"{path}: {problems[0]}")
        return from_notebook(nb)
    try:
        items = json.loads(path.read_text())
        return [Cassette(i["task"], i["model"], i.get("cell_id"), i["calls"]) for i in items]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CodegenError(f"{path} is not a readable cassette file: {exc}") from None


def pick(cassettes: list[Cassette], task: str, cell_id: str | None, used: int = 0) -> Cassette:
    """The recording of this cell: by cell id, else by task text (the `used`-th such one)."""
    by_cell = [c for c in cassettes if cell_id and c.cell_id == cell_id]
    by_task = [c for c in cassettes if c.task.strip() == task.strip()]
    matches = by_cell or by_task
    if not matches:
        raise ReplayMismatch(
            "no recorded session for this cell: its task text matches none of the "
            f"{len(cassettes)} recorded (it was edited, or never recorded)"
        )
    return Cassette(**{**matches[min(used, len(matches) - 1)].__dict__, "position": 0})
