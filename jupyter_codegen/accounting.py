"""Who spent what: usage booked per agent profile, and the client wrapper that books it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jupyter_codegen.core.images import attach
from jupyter_codegen.core.ports import Message, ModelClient, TokenSink
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.usage import Usage


class UsageByProfile:
    """Tokens and cost per profile."""

    def __init__(self) -> None:
        self.by_profile: dict[str, Usage] = {}

    def add(self, profile: str, usage: Usage) -> None:
        self.by_profile[profile] = self.by_profile.get(profile, Usage()) + usage

    def total(self) -> Usage:
        total = Usage()
        for usage in self.by_profile.values():
            total = total + usage
        return total


Recorder = Callable[[str, list[Message], "dict[str, Any] | None", Reply], None]


@dataclass
class ProfileClient:
    """A profile's client: masks secrets in what is sent, sends the task's images along,
    books usage to the profile, and hands each call to `record` for the audit trail."""

    client: ModelClient
    profile: str
    usage: UsageByProfile
    images: tuple[str, ...]
    redact: Callable[[str], str] | None = None
    record: Recorder | None = None

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        on_token: TokenSink | None = None,
    ) -> Reply:
        if self.redact is not None:
            mask = self.redact
            messages = [
                {**m, "content": mask(m["content"])} if isinstance(m.get("content"), str) else m
                for m in messages
            ]
        reply = self.client.complete(
            attach(messages, self.images), schema=schema, on_token=on_token
        )
        self.usage.add(self.profile, reply.usage)
        if self.record is not None:
            self.record(self.profile, messages, schema, reply)
        return reply
