"""A re-run that changed only times, durations, ids and hashes is not a change."""

from __future__ import annotations

import copy

import nbformat

from jupyter_codegen.audit.record import MIME
from jupyter_codegen.notebook import stable


def notebook(
    *,
    at: str,
    session: str,
    seconds: str,
    code: str = "x = 1",
    reply: str = "ok",
    source: str = "embedded default",
):
    record = {
        "session": session,
        "elapsed": 1.5,
        "cells": [{"task": "t1", "code": code, "at": at}],
        "trail": {
            "session": session,
            "head": "a" * 64,
            "entries": [{"kind": "llm_call", "at": at, "hash": "b" * 64, "data": {"reply": reply}}],
        },
    }
    cell = nbformat.v4.new_code_cell("%%codegen\ntask")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                MIME: {**record, "model_source": source},
                "text/plain": f"%%codegen · `m` ({source}) · session {session} at {at}: "
                f"30 tokens · {seconds}",
            },
        )
    ]
    generated = nbformat.v4.new_code_cell(code)
    generated.metadata["jupyter_codegen"] = {"generated": True, "session": session, "task": "t1"}
    nb = nbformat.v4.new_notebook(cells=[cell, generated])
    nb.metadata["jupyter_codegen"] = {"sessions": [session]}
    return nb


def test_times_ids_durations_and_hashes_are_not_a_change() -> None:
    first = notebook(at="2026-11-24T06:15:11+00:00", session="2b8373114b01", seconds="0.4s")
    again = notebook(
        at="2026-11-25T09:00:00.123+00:00", session="7189d0c84080", seconds="12s", source="replay"
    )
    again.cells[0].outputs[0]["data"][MIME]["elapsed"] = 9.0
    assert stable.same(first, again)
    assert stable.changes(first, again) == []


def test_code_replies_outputs_and_cells_are() -> None:
    base = notebook(at="2026-11-24T06:15:11+00:00", session="2b8373114b01", seconds="0.4s")
    other_code = notebook(
        at="2026-11-24T06:15:11+00:00", session="2b8373114b01", seconds="0.4s", code="x = 2"
    )
    assert not stable.same(base, other_code)
    assert stable.changes(base, other_code) == [
        "cell 1: outputs or metadata differ",
        "cell 2: source differ",
    ]
    other_reply = notebook(
        at="2026-11-24T06:15:11+00:00", session="2b8373114b01", seconds="0.4s", reply="no"
    )
    assert not stable.same(base, other_reply)
    tokens = copy.deepcopy(base)
    plain = tokens.cells[0].outputs[0]["data"]
    plain["text/plain"] = plain["text/plain"].replace("30 tokens", "31 tokens")
    assert not stable.same(base, tokens)
    shorter = copy.deepcopy(base)
    shorter.cells.pop()
    assert stable.changes(base, shorter) == ["2 cells before, 1 after"]
