"""Scripted model replies used across tests: code blocks and planner JSON."""

from __future__ import annotations

import json


def code(src: str) -> str:
    """A reply holding one Python code block."""
    return f"```python\n{src}\n```"


def plan_reply(*tasks: tuple[str, list[str], list[str]]) -> str:
    """Planner JSON for (id, depends_on, tests) triples, all of normal complexity."""
    return json.dumps(
        {
            "tasks": [
                {
                    "id": tid,
                    "title": f"step {tid}",
                    "description": f"define {tid}",
                    "depends_on": deps,
                    "tests": tests,
                    "complexity": "normal",
                }
                for tid, deps, tests in tasks
            ]
        }
    )
