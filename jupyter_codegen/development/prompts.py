"""Versioned prompt templates shipped as package data."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template

from jupyter_codegen.core.ports import Message


@cache
def template(name: str) -> Template:
    """Load `prompts/<name>.md`; names carry their version, e.g. 'generate.v1'."""
    text = files("jupyter_codegen.development").joinpath("prompts", f"{name}.md").read_text()
    return Template(text.strip())


def generation_messages(task: str, context: str = "") -> list[Message]:
    """The opening conversation for a task."""
    user = f"Task:\n{task.strip()}"
    if context.strip():
        user = f"Notebook context:\n{context.strip()}\n\n{user}"
    return [
        {"role": "system", "content": template("generate.v1").substitute()},
        {"role": "user", "content": user},
    ]


def fix_message(feedback: str) -> Message:
    """The follow-up turn that feeds a failure back to the model."""
    return {"role": "user", "content": template("fix.v1").substitute(feedback=feedback.strip())}
