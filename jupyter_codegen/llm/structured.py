"""JSON replies: find the JSON in a reply, validate it against a schema, describe what is wrong."""

from __future__ import annotations

import json
import re
from typing import Any

from jupyter_codegen.errors import StructuredOutputError

_FENCED_JSON = re.compile(r"```(?:json)?\s*\n(.*?)```", re.DOTALL)


def _candidates(text: str) -> list[str]:
    found = [m.group(1) for m in _FENCED_JSON.finditer(text)]
    found.append(text)
    # The widest {...} or [...] span catches JSON wrapped in prose.
    for opener, closer in ("{}", "[]"):
        start, end = text.find(opener), text.rfind(closer)
        if 0 <= start < end:
            found.append(text[start : end + 1])
    return found


def parse(text: str, schema: dict[str, Any]) -> Any:
    """Return the first JSON value in `text` that satisfies `schema`."""
    import jsonschema

    problems = []
    for candidate in _candidates(text):
        try:
            value = json.loads(candidate)
        except ValueError as exc:
            problems.append(f"not JSON ({exc.args[0]})")
            continue
        error = jsonschema.exceptions.best_match(
            jsonschema.Draft202012Validator(schema).iter_errors(value)
        )
        if error is None:
            return value
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        problems.append(f"at {where}: {error.message}")
    raise StructuredOutputError("; ".join(dict.fromkeys(problems)) or "empty reply")


def repair_message(problem: str, schema: dict[str, Any]) -> dict[str, str]:
    """The follow-up turn asking the model to fix an invalid JSON reply."""
    return {
        "role": "user",
        "content": (
            f"That reply is not valid for the required JSON schema: {problem}\n"
            f"Reply with only the corrected JSON, matching this schema:\n{json.dumps(schema)}"
        ),
    }
