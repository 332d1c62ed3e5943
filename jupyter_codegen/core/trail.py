"""The audit trail: events in a hash chain, and message bodies stored once by content hash.

Each entry is {"seq", "kind", "at", "data", "prev", "hash"}: `prev` is the hash of the entry
before it (GENESIS for the first) and `hash` covers everything else, so editing, deleting or
reordering an entry breaks the chain at that point. Pure: no I/O, no clock (callers pass `at`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
_HASHED = ("seq", "kind", "at", "data", "prev")


def _plain(value: Any) -> Any:
    """Whole floats as ints: JavaScript has one number type, so a front end that saves the
    notebook writes 0.0 back as 0, and the hash must not change when it does."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def canonical(value: Any) -> bytes:
    """The one byte form a JSON value is hashed in: sorted keys, no spaces, UTF-8, and numbers
    as a browser writes them back."""
    return json.dumps(
        _plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def digest(value: Any) -> str:
    """SHA-256 of the canonical form, in hex."""
    return hashlib.sha256(canonical(value)).hexdigest()


def code_digest(code: str) -> str:
    """SHA-256 of a piece of code, as approved (generated cells carry it); trailing newlines
    do not count, since notebooks store cells without them."""
    return hashlib.sha256((code.rstrip("\n") + "\n").encode()).hexdigest()


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash an entry must carry."""
    return digest({key: entry.get(key) for key in _HASHED})


@dataclass
class Trail:
    """A session's chained entries and the blobs (message bodies) they point at."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    blobs: dict[str, Any] = field(default_factory=dict)

    @property
    def head(self) -> str:
        """The hash of the last entry (GENESIS when empty)."""
        return self.entries[-1]["hash"] if self.entries else GENESIS

    def append(self, kind: str, data: dict[str, Any], at: str) -> dict[str, Any]:
        """Chain a new entry onto the trail and return it."""
        entry: dict[str, Any] = {
            "seq": len(self.entries),
            "kind": kind,
            "at": at,
            "data": data,
            "prev": self.head,
        }
        entry["hash"] = entry_hash(entry)
        self.entries.append(entry)
        return entry

    def blob(self, value: Any) -> str:
        """Store a JSON value once under its digest and return the digest."""
        key = digest(value)
        self.blobs.setdefault(key, value)
        return key

    def blobs_for(self, entries: list[dict[str, Any]]) -> dict[str, Any]:
        """The blobs `entries` refer to."""
        keys = {k for e in entries for k in e["data"].get("messages", [])}
        keys |= {e["data"]["schema"] for e in entries if e["data"].get("schema")}
        return {k: self.blobs[k] for k in sorted(keys) if k in self.blobs}


@dataclass(frozen=True)
class Break:
    """Where a chain stops holding, and why, in words."""

    index: int  # position in the entries given
    seq: int | None
    kind: str
    what: str


def verify_chain(
    entries: list[dict[str, Any]], prev: str = GENESIS, start: int = 0
) -> Break | None:
    """The first entry that breaks the chain, or None when every link holds.

    `prev` and `start` continue a chain split across several records.
    """
    for index, entry in enumerate(entries):
        seq, kind = entry.get("seq"), str(entry.get("kind", "?"))
        expected = start + index
        if entry.get("hash") != entry_hash(entry):
            return Break(index, seq, kind, "its content no longer matches its hash: it was edited")
        if seq != expected:
            later = any(e.get("seq") == expected for e in entries[index + 1 :])
            why = (
                "events were reordered"
                if later
                else "an event before it is missing"
                if isinstance(seq, int) and seq > expected
                else "events were repeated or reordered"
            )
            return Break(
                index, seq, kind, f"it is numbered {seq} where {expected} was expected: {why}"
            )
        if entry.get("prev") != prev:
            return Break(
                index,
                seq,
                kind,
                "it does not follow the event before it: an event was deleted or reordered",
            )
        prev = entry["hash"]
    return None


def verify_blobs(blobs: dict[str, Any]) -> str | None:
    """The first blob whose content no longer matches its digest, in words; None if all do."""
    for key, value in blobs.items():
        if digest(value) != key:
            return f"stored message {key[:12]} no longer matches its hash: it was edited"
    return None
