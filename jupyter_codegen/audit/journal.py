"""The journal: each trail entry written to disk as it happens, so a crash loses nothing, and
`recover` folds what a notebook is missing back into it."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_codegen.audit.record import VERSION, sessions
from jupyter_codegen.core.trail import Trail

ENV = "JUPYTER_CODEGEN_JOURNAL"
KEEP_DAYS = 30


def journal_dir() -> Path:
    """Where journals live: $JUPYTER_CODEGEN_JOURNAL, else the user state directory."""
    configured = os.environ.get(ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_state_dir("jupyter_codegen")) / "journal"


class Journal:
    """Appends one session's entries (and new blobs) to `<session>.jsonl`, synced to disk."""

    def __init__(self, session: str, header: dict[str, Any], folder: Path | None = None) -> None:
        self.folder = folder or journal_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / f"{session}.jsonl"
        self._write({"header": {**header, "session": session, "version": VERSION}})

    def _write(self, line: dict[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def __call__(self, entry: dict[str, Any], blobs: dict[str, Any]) -> None:
        """Record one trail entry as it is chained."""
        self._write({"entry": entry, "blobs": blobs} if blobs else {"entry": entry})


def prune(folder: Path | None = None, days: int = KEEP_DAYS) -> int:
    """Delete journals older than `days`; return how many went."""
    folder = folder or journal_dir()
    cutoff, removed = time.time() - days * 86400, 0
    for path in folder.glob("*.jsonl") if folder.is_dir() else []:
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


@dataclass
class Journaled:
    """A session read back from its journal."""

    header: dict[str, Any]
    trail: Trail = field(default_factory=Trail)


def read(path: Path) -> Journaled:
    """A journal file as a header and a trail; a torn last line (a crash mid-write) is dropped."""
    found: Journaled | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            break  # written last, cut off by the crash
        if "header" in item:
            found = Journaled(item["header"])
        elif found is not None and "entry" in item:
            found.trail.entries.append(item["entry"])
            found.trail.blobs.update(item.get("blobs", {}))
    if found is None:
        raise ValueError(f"{path} has no journal header")
    return found


def _target(nb: Any, header: dict[str, Any]) -> int | None:
    """The %%codegen cell a journaled session belongs to: by cell id, else by task text."""
    cells = [(i, c) for i, c in enumerate(nb.cells) if c.get("cell_type") == "code"]
    for i, cell in cells:
        if header.get("cell_id") and cell.get("id") == header["cell_id"]:
            return i
    for i, cell in cells:
        first, _, body = str(cell.get("source", "")).partition("\n")
        if first.startswith("%%codegen") and body.strip() == str(header.get("task", "")).strip():
            return i
    return None


def recover(nb: Any, folder: Path | None = None) -> list[str]:
    """Fold journaled events the notebook lacks into its cells; return what was done, in words."""
    import nbformat

    from jupyter_codegen.audit.record import MIME, trail_slice, validate

    have = {sid: len(t.entries) for sid, t in sessions(nb).items()}
    done = []
    folder = folder or journal_dir()
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        try:
            journaled = read(path)
        except (OSError, ValueError):
            continue
        header, trail = journaled.header, journaled.trail
        session = str(header.get("session"))
        start = have.get(session, 0)
        if len(trail.entries) <= start:
            continue
        index = _target(nb, header)
        if index is None:
            continue
        record: dict[str, Any] = {
            "schema_version": VERSION,
            "session": session,
            "cell_id": header.get("cell_id"),
            "task": str(header.get("task", "")),
            "model": str(header.get("model", "")),
            "status": "recovered",
            "cells": [],
            "trail": trail_slice(trail, session, start),
        }
        validate(record, "record")
        text = (
            f"Recovered {len(trail.entries) - start} event(s) of session {session} from its "
            f"journal ({path}): the kernel or the session stopped before showing them."
        )
        nb.cells[index].outputs.append(
            nbformat.v4.new_output(
                "display_data", data={MIME: record, "text/plain": text, "text/markdown": text}
            )
        )
        done.append(f"cell {index + 1}: {text}")
    return done
