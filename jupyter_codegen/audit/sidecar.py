"""Recordings too large for the notebook go to a sidecar file next to it, referenced by hash.

The notebook says so twice: each record's trail names the file and the blobs it moved, and the
notebook metadata names the file. verify checks the file holds every blob, unedited.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jupyter_codegen.audit.record import KEY, VERSION, canonical_size, records
from jupyter_codegen.core.trail import digest
from jupyter_codegen.errors import CodegenError

SUFFIX = ".codegen-blobs.json"


def sidecar_path(notebook: Path) -> Path:
    """Where a notebook's sidecar lives: `name.ipynb` -> `name.codegen-blobs.json`."""
    return notebook.with_name(notebook.stem + SUFFIX)


def blob_bytes(nb: Any) -> int:
    """How many bytes the recordings' blobs take inside the notebook."""
    blobs = [r.record["trail"]["blobs"] for r in records(nb) if "trail" in r.record]
    return sum(canonical_size(b) for b in blobs if b)


def externalize(nb: Any, notebook: Path) -> Path:
    """Move every record's blobs into the sidecar; mark the records and the notebook."""
    path = sidecar_path(notebook)
    stored: dict[str, Any] = {}
    if path.exists():
        stored = _read(path)
    for located in records(nb):
        trail = located.record.get("trail")
        if not trail or not trail["blobs"]:
            continue
        stored.update(trail["blobs"])
        moved = sorted(trail["blobs"])
        earlier = trail.get("sidecar", {}).get("blobs", [])
        trail["sidecar"] = {"file": path.name, "blobs": sorted({*earlier, *moved})}
        trail["blobs"] = {}
    path.write_text(json.dumps({"version": VERSION, "blobs": stored}, ensure_ascii=False))
    nb.metadata.setdefault(KEY, {"schema_version": VERSION})["sidecar"] = path.name
    return path


def _read(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text())
        blobs: dict[str, Any] = loaded["blobs"]
        return blobs
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CodegenError(f"the sidecar {path} is not readable: {exc}") from None


def inline(nb: Any, notebook: Path | None) -> list[str]:
    """Put sidecar blobs back into the records in memory; return what is wrong, in words."""
    wanted = [r for r in records(nb) if "sidecar" in r.record.get("trail", {})]
    if not wanted:
        return []
    if notebook is None:
        return ["the recordings are in a sidecar file, and the notebook's location is unknown"]
    problems: list[str] = []
    for located in wanted:
        trail = located.record["trail"]
        path = notebook.parent / trail["sidecar"]["file"]
        if not path.exists():
            return [f"the recordings are kept in the sidecar {path.name}, which is missing"]
        try:
            stored = _read(path)
        except CodegenError as exc:
            return [str(exc)]
        for key in trail["sidecar"]["blobs"]:
            if key not in stored:
                problems.append(f"sidecar {path.name} lacks message {key[:12]}: it was deleted")
            elif digest(stored[key]) != key:
                problems.append(f"sidecar {path.name}: message {key[:12]} was edited")
            else:
                trail["blobs"][key] = stored[key]
        if problems:
            return problems[:1]
    return []
