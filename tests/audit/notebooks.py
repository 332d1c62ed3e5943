"""Notebooks holding real session records, built without a kernel, for the audit tests."""

from __future__ import annotations

import nbformat

from jupyter_codegen.core.decision import AutoPolicy, Decision
from jupyter_codegen.engine import Request, Session, drive
from jupyter_codegen.magics.display import MIME, payload
from jupyter_codegen.notebook import store
from tests.development.fakes import FakeClient, FakeSandbox
from tests.replies import code, plan_reply

TASK = "Three steps: base, square, cube."


def replies() -> dict[str, list[str]]:
    return {
        "orchestrator": [
            plan_reply(("t1", [], ["assert base == 2"]), ("t2", ["t1"], []), ("t3", ["t2"], []))
        ],
        "coder": [code("base = 2"), code("square = base ** 2"), code("cube = base ** 3")],
    }


def run_session(by_profile: dict[str, list[str]] | None = None, **options) -> Session:
    fakes = {name: FakeClient(list(r)) for name, r in (by_profile or replies()).items()}
    session = Session(
        Request(task=TASK, model="fake", clarify=False, **options),
        lambda profile: fakes[profile.name],
        FakeSandbox(),
        fresh=FakeSandbox,
    )
    return session


def output(record: dict) -> dict:
    return nbformat.v4.new_output("display_data", data={MIME: record, "text/plain": "report"})


def stepped_notebook() -> nbformat.NotebookNode:
    """A %%codegen cell, then `%codegen next` cells, each output holding its slice of the trail."""
    session = run_session()
    nb = nbformat.v4.new_notebook()
    first = nbformat.v4.new_code_cell(f"%%codegen --no-clarify\n{TASK}")
    gate = drive(session, AutoPolicy(), stop_at=("step",))
    shown = 0
    first.outputs = [output(payload(session, "c1", shown))]
    shown = len(session.trail.entries)
    nb.cells.append(first)
    while gate is not None:
        session.resolve(Decision("approve", "ana"))
        gate = drive(session, AutoPolicy(), stop_at=("step",))
        cell = nbformat.v4.new_code_cell("%codegen next")
        cell.outputs = [output(payload(session, None, shown))]
        shown = len(session.trail.entries)
        nb.cells.append(cell)
    store.insert_generated(nb)
    nbformat.validate(nb)
    return nb
