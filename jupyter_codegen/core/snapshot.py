"""Snapshots: every accepted state of a session, to roll back to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from jupyter_codegen.core.plan import Plan


def digest(code: str) -> str:
    """A short hash of a cell's code."""
    return hashlib.sha256(code.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Snapshot:
    """The accepted cells in order (with hashes) and the plan as it stood after them.

    Replaying the cells into a fresh sandbox rebuilds its state; `events` is how many events
    the session had, so a rollback can mark everything after it as rolled back.
    """

    id: str
    cells: tuple[tuple[str, str], ...]  # (task id, code)
    plan: Plan
    events: int

    @property
    def hashes(self) -> tuple[str, ...]:
        """The cells' code hashes, in order."""
        return tuple(digest(code) for _, code in self.cells)
