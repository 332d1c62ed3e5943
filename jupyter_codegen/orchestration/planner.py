"""The planner: the orchestrator model turns the spec into a validated plan DAG."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from typing import Any

from jupyter_codegen.core.plan import COMPLEXITIES, Plan, Task, repaired, single
from jupyter_codegen.core.ports import Message, ModelClient
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.errors import StructuredOutputError
from jupyter_codegen.orchestration.registry import Registry
from jupyter_codegen.prompts import template

MAX_TASKS = 6


def plan_schema(max_tasks: int = MAX_TASKS) -> dict[str, Any]:
    """The JSON schema a plan reply must follow."""
    return {
        "type": "object",
        "properties": {
            "tasks": {
                "type": "array",
                "minItems": 1,
                "maxItems": max_tasks,
                "items": {
                    "type": "object",
                    # Length limits keep a small model from rambling until it runs out of
                    # tokens mid-string; llama.cpp's grammar enforces them while decoding.
                    "properties": {
                        "id": {"type": "string", "minLength": 1, "maxLength": 12},
                        "title": {"type": "string", "minLength": 1, "maxLength": 80},
                        "description": {"type": "string", "maxLength": 400},
                        "depends_on": {
                            "type": "array",
                            "items": {"type": "string", "maxLength": 12},
                            "maxItems": max_tasks,
                        },
                        "tests": {
                            "type": "array",
                            "items": {"type": "string", "maxLength": 160},
                            "maxItems": 3,
                        },
                        "complexity": {"enum": list(COMPLEXITIES)},
                    },
                    "required": ["id", "title", "description", "depends_on", "tests", "complexity"],
                },
            }
        },
        "required": ["tasks"],
    }


@dataclass
class Planned:
    """The plan and how it was reached: every reply, and every note on what was wrong and done."""

    plan: Plan
    replies: list[Reply] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outcome: str = "valid"  # valid | valid-after-reask | repaired | fallback


def plan_messages(spec: str, context: str = "", max_tasks: int = MAX_TASKS) -> list[Message]:
    """The planner's conversation."""
    user = f"Task:\n{spec.strip()}"
    if context.strip():
        user = f"Notebook context:\n{context.strip()}\n\n{user}"
    return [
        {"role": "system", "content": template("plan.v1").substitute(max_tasks=max_tasks)},
        {"role": "user", "content": user},
    ]


def _runnable(test: str) -> bool:
    try:
        ast.parse(test)
    except SyntaxError:
        return False
    return bool(test.strip())


def from_reply(data: dict[str, Any], registry: Registry) -> tuple[Plan, list[str]]:
    """Turn schema-valid JSON into a Plan; tests that are not Python are dropped, with a note."""
    notes: list[str] = []
    tasks = []
    for item in data["tasks"]:
        tests = tuple(t.strip() for t in item["tests"] if _runnable(t))
        if len(tests) < len([t for t in item["tests"] if t.strip()]):
            notes.append(f"dropped tests of task {item['id']!r} that are not valid Python")
        tasks.append(
            Task(
                id=str(item["id"]).strip(),
                title=str(item["title"]).strip(),
                description=str(item["description"]).strip(),
                deps=tuple(str(d).strip() for d in item["depends_on"]),
                tests=tests,
                profile=registry.assign(item["complexity"]),
                complexity=item["complexity"],
            )
        )
    return Plan(tuple(tasks)), notes


def make_plan(
    spec: str,
    client: ModelClient,
    registry: Registry,
    context: str = "",
    max_tasks: int = MAX_TASKS,
) -> Planned:
    """Ask for a plan; re-ask once with the problems, then repair it, and never raise on a bad plan."""
    messages = plan_messages(spec, context, max_tasks)
    schema = plan_schema(max_tasks)
    result = Planned(single(spec))
    try:
        reply = client.complete(messages, schema=schema)
    except StructuredOutputError as exc:
        result.notes.append(
            f"The planner's reply was not a usable plan ({exc}); the task runs as one step."
        )
        result.outcome = "fallback"
        return result
    result.replies.append(reply)
    plan, notes = from_reply(reply.data, registry)
    result.notes += notes
    problems = plan.problems()
    if not problems:
        result.plan = plan
        return result
    result.notes.append(
        "The planner's plan was invalid: " + "; ".join(problems) + ". Asked it to correct the plan."
    )
    retry = [
        *messages,
        {"role": "assistant", "content": json.dumps(reply.data)},
        {
            "role": "user",
            "content": "That plan is invalid: "
            + "; ".join(problems)
            + ". Reply with the corrected JSON plan.",
        },
    ]
    try:
        again = client.complete(retry, schema=schema)
        result.replies.append(again)
        plan, notes = from_reply(again.data, registry)
        result.notes += notes
        problems = plan.problems()
    except StructuredOutputError as exc:
        problems = [str(exc)]
    if not problems:
        result.plan, result.outcome = plan, "valid-after-reask"
        return result
    fixed, changes = repaired(plan)
    if fixed.problems():
        result.notes.append(
            "The corrected plan was still invalid ("
            + "; ".join(problems)
            + "); the task runs as one step."
        )
        result.outcome = "fallback"
        return result
    result.notes.append(
        "The corrected plan was still invalid, so the toolkit repaired it: "
        + "; ".join(changes)
        + "."
    )
    result.plan, result.outcome = fixed, "repaired"
    return result
