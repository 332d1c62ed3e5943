"""What a notebook says, without what changes every time it runs.

Re-running a notebook makes new sessions: new times, durations, session ids and so new trail
hashes, and a replay says its model came from the recording. Those stay in the file (the trail
needs them), but they are not a change worth a diff.
`same(a, b)` compares two notebooks with them taken out, so a re-run that changed nothing else
can leave the committed file as it was. Pure: no I/O.
"""

from __future__ import annotations

import re
from typing import Any

from jupyter_codegen.audit.record import KEY, MIME

# Keys of the record, the trail and generated cells' metadata that differ on every run.
VOLATILE = frozenset(
    {
        "at",
        "approved_at",
        "elapsed",
        "duration",
        "latency",
        "hash",
        "prev",
        "head",
        "session",
        "sessions",
        "model_source",
    }
)
_TEXT = [
    (re.compile(r"(%%codegen · `[^`]*`) \([^)]*\)"), r"\1 (<model source>)"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"), "<time>"),
    (re.compile(r"\b\d+(\.\d+)? ?(s|ms|seconds)\b"), "<duration>"),
    (re.compile(r"\b[0-9a-f]{12}\b"), "<session>"),
    (re.compile(r"\b[0-9a-f]{64}\b"), "<sha256>"),
]


def _text(value: str | list[str]) -> str:
    text = "".join(value) if isinstance(value, list) else value
    for pattern, placeholder in _TEXT:
        text = pattern.sub(placeholder, text)
    return text


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, str):
        return _text(value)
    return value


def _output(output: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {"output_type": output.get("output_type")}
    if "text" in output:
        kept["text"] = _text(output["text"])
    if "ename" in output:
        kept["error"] = (output["ename"], output.get("evalue"))
    data = output.get("data", {})
    kept["data"] = {
        mime: _strip(value) if mime == MIME or not isinstance(value, (str, list)) else _text(value)
        for mime, value in data.items()
    }
    return kept


def view(nb: Any) -> list[dict[str, Any]]:
    """The notebook's cells as they read: source, outputs and our metadata, minus the volatile."""
    return [
        {
            "type": cell.get("cell_type"),
            "source": "".join(cell.get("source", "")),
            "metadata": _strip(cell.get("metadata", {}).get(KEY, {})),
            "outputs": [_output(o) for o in cell.get("outputs", [])],
            "count": cell.get("execution_count"),
        }
        for cell in nb.get("cells", [])
    ]


def same(a: Any, b: Any) -> bool:
    """True when two notebooks differ only in times, durations, ids and hashes."""
    return view(a) == view(b)


def changes(a: Any, b: Any) -> list[str]:
    """Where two notebooks differ beyond the volatile fields, one line per cell (for messages)."""
    before, after = view(a), view(b)
    found = [
        f"cell {i + 1}: {'source' if x['source'] != y['source'] else 'outputs or metadata'} differ"
        for i, (x, y) in enumerate(zip(before, after, strict=False))
        if x != y
    ]
    if len(before) != len(after):
        found.append(f"{len(before)} cells before, {len(after)} after")
    return found
