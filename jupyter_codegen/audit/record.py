"""Trail records in notebooks: the schema, a session's slice of trail per output, and stitching
the slices of each session back together from a notebook."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from jupyter_codegen.core.trail import Trail
from jupyter_codegen.errors import CodegenError

MIME = "application/vnd.jupyter.codegen+json"
KEY = "jupyter_codegen"
VERSION = 1


def canonical_size(value: Any) -> int:
    """Bytes of a JSON value in compact form."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema for everything stored under the `jupyter_codegen` key."""
    loaded: dict[str, Any] = json.loads(
        files(__package__).joinpath(f"trail.v{VERSION}.schema.json").read_text()
    )
    return loaded


class SchemaError(CodegenError):
    """A record does not match the schema: corrupt, foreign or from a newer version."""


def validate(value: Any, kind: str) -> None:
    """Check `value` against the schema's `kind` ("record", "generated_cell", "notebook")."""
    import jsonschema

    root = schema()
    validator = jsonschema.Draft202012Validator({**root, "$ref": f"#/$defs/{kind}"})
    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        raise SchemaError(
            f"the {kind.replace('_', ' ')} does not match schema v{VERSION} at {where}: {error.message}"
        )


def first_refs(trail: Trail, end: int) -> dict[str, int]:
    """For each blob, the seq of the first entry (before `end`) that refers to it."""
    found: dict[str, int] = {}
    for entry in trail.entries[:end]:
        data = entry["data"]
        for key in [*data.get("messages", []), data.get("schema")]:
            if key and key not in found:
                found[key] = entry["seq"]
    return found


def trail_slice(trail: Trail, session: str, start: int) -> dict[str, Any]:
    """Entries from `start` on, with the blobs first referred to among them (so blobs repeat
    in no two slices of a session)."""
    end = len(trail.entries)
    refs = first_refs(trail, end)
    blobs = {
        k: trail.blobs[k] for k, seq in sorted(refs.items()) if seq >= start and k in trail.blobs
    }
    return {
        "version": VERSION,
        "session": session,
        "from": start,
        "head": trail.head,
        "entries": trail.entries[start:end],
        "blobs": blobs,
    }


@dataclass
class Located:
    """A record and where it sits in the notebook."""

    record: dict[str, Any]
    cell: int  # index in nb.cells
    output: int  # index in the cell's outputs


@dataclass
class SessionTrail:
    """One session's trail put back together from every record of it in a notebook."""

    session: str
    parts: list[Located] = field(default_factory=list)

    @property
    def entries(self) -> list[dict[str, Any]]:
        """The parts' entries joined in the order of where each part starts, as stored (an
        entry shown by two parts is kept once)."""
        joined: list[dict[str, Any]] = []
        seen: set[Any] = set()
        for part in sorted(self.parts, key=lambda p: p.record["trail"]["from"]):
            for entry in part.record["trail"]["entries"]:
                key = (entry.get("seq"), entry.get("hash"))
                if key not in seen:
                    seen.add(key)
                    joined.append(entry)
        return joined

    @property
    def blobs(self) -> dict[str, Any]:
        """Every blob any part carries."""
        found: dict[str, Any] = {}
        for part in self.parts:
            found.update(part.record["trail"]["blobs"])
        return found

    def cell_of(self, seq: int) -> int:
        """The index of the cell whose record holds entry `seq` (the first one that does)."""
        for part in sorted(self.parts, key=lambda p: p.cell):
            trail = part.record["trail"]
            if trail["from"] <= seq < trail["from"] + len(trail["entries"]):
                return part.cell
        return self.parts[0].cell


def records(nb: Any) -> list[Located]:
    """Every toolkit record in the notebook's outputs, in notebook order."""
    found = []
    for c, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        for o, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            if MIME in data:
                found.append(Located(data[MIME], c, o))
    return found


def sessions(nb: Any) -> dict[str, SessionTrail]:
    """Records grouped by session, in the order sessions first appear."""
    grouped: dict[str, SessionTrail] = {}
    for located in records(nb):
        trail = located.record.get("trail")
        if not isinstance(trail, dict):
            continue
        session = str(trail.get("session", "?"))
        grouped.setdefault(session, SessionTrail(session)).parts.append(located)
    return grouped


def cell_metadata(record: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """The provenance a generated cell carries: its session and task, the model, who approved
    it and when, and the hash of the approved code. `record` is a session's record (or the
    same fields), `entry` one of its `cells`."""
    meta = {
        "generated": True,
        "schema_version": record.get("schema_version", 1),
        "session": record.get("session"),
        "model": entry.get("model") or record.get("model"),  # the task's, else the session's
        "task": entry.get("task"),
        "status": record.get("status"),
        "decision": entry.get("decision"),
        "approved_sha256": entry.get("approved_sha256"),
    }
    optional = {
        "origin": record.get("cell_id"),
        "attempt": entry.get("attempt"),
        "actor": entry.get("actor"),
        "approved_at": entry.get("at"),
    }
    meta.update({k: v for k, v in optional.items() if v})
    validate(meta, "generated_cell")
    return meta
