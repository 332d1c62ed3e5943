"""The development agent's conversation: the opening request and the fix-up turn."""

from __future__ import annotations

from collections.abc import Sequence

from jupyter_codegen.core.ports import Message
from jupyter_codegen.prompts import template


def generation_messages(task: str, context: str = "", tests: Sequence[str] = ()) -> list[Message]:
    """The opening conversation for a task."""
    user = f"Task:\n{task.strip()}"
    if tests:
        user += "\n\nAfter your cell runs, these checks must pass:\n" + "\n".join(tests)
    if context.strip():
        user = f"Notebook context:\n{context.strip()}\n\n{user}"
    return [
        {"role": "system", "content": template("generate.v2").substitute()},
        {"role": "user", "content": user},
    ]


def fix_message(feedback: str) -> Message:
    """The follow-up turn that feeds a failure back to the model."""
    return {"role": "user", "content": template("fix.v1").substitute(feedback=feedback.strip())}
