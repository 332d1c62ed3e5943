"""The clarity check: the model restates the task, lists assumptions and asks questions."""

from __future__ import annotations

from jupyter_codegen.core.ports import Message, ModelClient
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.spec import CLARITY_SCHEMA, ClarityReport
from jupyter_codegen.errors import StructuredOutputError
from jupyter_codegen.prompts import template


def clarity_messages(task: str, context: str = "") -> list[Message]:
    """The clarity check's conversation."""
    user = f"Task:\n{task.strip()}"
    if context.strip():
        user = f"Notebook context:\n{context.strip()}\n\n{user}"
    return [
        {"role": "system", "content": template("clarify.v1").substitute()},
        {"role": "user", "content": user},
    ]


def check(
    task: str, client: ModelClient, context: str = ""
) -> tuple[ClarityReport | None, Reply | None, str]:
    """Ask for a clarity report; a reply that cannot be read is skipped with a note, not raised."""
    try:
        reply = client.complete(clarity_messages(task, context), schema=CLARITY_SCHEMA)
    except StructuredOutputError as exc:
        return None, None, f"The clarity check was skipped: {exc}"
    return ClarityReport.from_json(reply.data), reply, ""
