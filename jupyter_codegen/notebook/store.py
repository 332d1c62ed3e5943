"""Notebook files: read with clear errors, place generated cells, write atomically."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from jupyter_codegen.audit.record import MIME, SchemaError, cell_metadata, validate
from jupyter_codegen.errors import CodegenError

KEY = "jupyter_codegen"


def read(path: Path) -> Any:
    """Load a notebook, turning every way it can be broken into one clear error."""
    try:
        nb = nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise CodegenError(f"{path}: no such notebook") from None
    except Exception as exc:  # nbformat raises NotJSONError, ValidationError, KeyError...
        raise CodegenError(
            f"{path} is not a readable notebook: {type(exc).__name__}: {exc}"
        ) from None
    return nb


def write(nb: Any, path: Path) -> None:
    """Validate, then replace `path` in one rename so a crash never leaves half a file."""
    nbformat.validate(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            nbformat.write(nb, handle)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual umask-based mode."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def is_generated(cell: Any) -> bool:
    """True for a cell this toolkit inserted."""
    return bool(cell.get("metadata", {}).get(KEY, {}).get("generated"))


def strip_generated(nb: Any) -> int:
    """Remove cells from earlier runs, so re-running replaces instead of piling up."""
    before = len(nb.cells)
    nb.cells = [cell for cell in nb.cells if not is_generated(cell)]
    return before - len(nb.cells)


def _records(cell: Any) -> list[dict[str, Any]]:
    return [out["data"][MIME] for out in cell.get("outputs", []) if MIME in out.get("data", {})]


def insert_generated(nb: Any) -> list[dict[str, Any]]:
    """Put each %%codegen cell's accepted code in new cells right after it, one per task.

    A session reported by several cells (`%codegen next`, then the sign-off) has each task's
    code inserted once, after the first cell that reports it accepted.
    """
    cells, used = [], []
    placed: set[tuple[str, str]] = set()
    taken = {str(cell.get("id")) for cell in nb.cells}
    for cell in nb.cells:
        cells.append(cell)
        for record in _records(cell) if cell.cell_type == "code" else []:
            try:
                validate(record, "record")
            except SchemaError:
                continue  # foreign or corrupt: left as it is; `verify` says what is wrong
            session = str(record.get("session") or id(record))
            fresh = [e for e in record.get("cells") or [] if (session, e.get("task")) not in placed]
            if not record.get("cells"):
                continue
            used.append(record)
            for entry in fresh:
                placed.add((session, entry.get("task")))
                generated = nbformat.v4.new_code_cell(entry["code"].rstrip("\n"))
                # A stable id, so a re-run does not churn the diff with new random ones.
                generated.id = _cell_id(f"{cell.get('id') or 'cell'}-{entry.get('task')}", taken)
                generated.metadata[KEY] = cell_metadata(record, entry)
                cells.append(generated)
    nb.cells = cells
    return used


def _cell_id(wanted: str, taken: set[str]) -> str:
    """`wanted` made a valid, unused nbformat cell id (letters, digits, - and _; 1-64 chars)."""
    base = re.sub(r"[^A-Za-z0-9_-]", "-", wanted)[:60] or "cell"
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    taken.add(found)
    return found
