"""The test designer: writes tests for a task from its spec alone, never seeing any code.

Independence is by construction: nothing here takes an implementation, so the tests cannot
copy the code's mistakes (the AgentCoder split between coder and test designer).
"""

from __future__ import annotations

import ast
import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.ports import Message, ModelClient
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.spec_tests import shown_code
from jupyter_codegen.errors import StructuredOutputError
from jupyter_codegen.llm.structured import repair_message
from jupyter_codegen.prompts import template

MAX_TESTS = 4


def design_schema(max_tests: int = MAX_TESTS) -> dict[str, Any]:
    """The JSON schema a test designer reply must follow."""
    return {
        "type": "object",
        "properties": {
            "tests": {
                "type": "array",
                "minItems": 1,
                "maxItems": max_tests,
                "items": {
                    "type": "object",
                    # Length limits keep a small model from rambling (see the planner's schema).
                    "properties": {
                        "name": {"type": "string", "maxLength": 40},
                        "code": {"type": "string", "minLength": 1, "maxLength": 300},
                    },
                    "required": ["name", "code"],
                },
            }
        },
        "required": ["tests"],
    }


@dataclass
class Designed:
    """The usable tests, every reply, and notes on what was dropped or went wrong."""

    checks: list[Check] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def design_messages(
    spec: str,
    task_title: str,
    task_description: str,
    examples: Sequence[Check] = (),
    feedback: str = "",
    *,
    max_tests: int = MAX_TESTS,
) -> list[Message]:
    """The test designer's conversation: the spec and the task, the person's own tests as
    style examples, and the person's comment when they asked for the tests again."""
    parts = [
        f"The whole task:\n{spec.strip()}",
        f"Write tests for this step: {task_title.strip()}\n{task_description.strip()}".strip(),
    ]
    if examples:
        shown = "\n\n".join(shown_code(c) for c in examples)
        parts.append(f"Tests the person wrote, to show the style:\n```python\n{shown}\n```")
    if feedback.strip():
        parts.append(f"The person asked for new tests, saying:\n{feedback.strip()}")
    return [
        {"role": "system", "content": template("tests.v1").substitute(max_tests=max_tests)},
        {"role": "user", "content": "\n\n".join(parts)},
    ]


def _unfenced(code: str) -> str:
    lines = textwrap.dedent(code).strip().splitlines()
    if lines and lines[0].startswith("```"):
        lines = lines[1:-1] if lines[-1].strip() == "```" else lines[1:]
    return "\n".join(lines).strip()


def from_reply(data: dict[str, Any]) -> tuple[list[Check], list[str]]:
    """Schema-valid JSON to checks; tests that are not Python, have no assert, define their
    own functions or classes, or repeat another test are dropped, with a note."""
    checks: list[Check] = []
    notes: list[str] = []
    seen: set[str] = set()
    for n, item in enumerate(data["tests"], 1):
        name, code = str(item["name"]).strip(), _unfenced(str(item["code"]))
        label = f"test {n}" + (f" ({name!r})" if name else "")
        try:
            tree = ast.parse(code)
        except SyntaxError as exc:
            notes.append(f"dropped {label}: not valid Python ({exc.msg}, line {exc.lineno})")
            continue
        defines = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        if not any(isinstance(node, ast.Assert) for node in ast.walk(tree)):
            notes.append(f"dropped {label}: it has no assert")
        elif any(isinstance(node, defines) for node in tree.body):
            notes.append(f"dropped {label}: it defines its own function or class")
        elif ast.dump(tree) in seen:
            notes.append(f"dropped {label}: it repeats an earlier test")
        else:
            seen.add(ast.dump(tree))
            checks.append(Check("generated", code, name))
    return checks, notes


def design_tests(
    spec: str,
    task_title: str,
    task_description: str,
    client: ModelClient,
    *,
    examples: Sequence[Check] = (),
    feedback: str = "",
    max_tests: int = MAX_TESTS,
) -> Designed:
    """Ask for tests; re-ask once when the reply is unreadable or has no usable test, and never
    raise for a bad reply (model and budget errors do propagate)."""
    messages = design_messages(
        spec, task_title, task_description, examples, feedback, max_tests=max_tests
    )
    schema = design_schema(max_tests)
    result = Designed()
    for attempt in (1, 2):
        try:
            reply = client.complete(messages, schema=schema)
        except StructuredOutputError as exc:
            problem, follow_up = str(exc), [repair_message(str(exc), schema)]
        else:
            result.replies.append(reply)
            checks, notes = from_reply(reply.data)
            result.notes += notes
            if checks:
                result.checks = checks
                return result
            problem = "none of its tests can be used: " + "; ".join(notes)
            follow_up = [
                {"role": "assistant", "content": json.dumps(reply.data)},
                {
                    "role": "user",
                    "content": f"None of those tests can be used: {'; '.join(notes)}. "
                    "Reply with corrected JSON tests: Python with plain asserts that call the "
                    "task's own names.",
                },
            ]
        if attempt == 1:
            result.notes.append(
                f"The test designer's reply was not usable ({problem}); asked again."
            )
            messages = [*messages, *follow_up]
    result.notes.append(
        f"The test designer's second reply was not usable either ({problem}); no tests were generated."
    )
    return result
