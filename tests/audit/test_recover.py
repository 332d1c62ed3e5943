"""A session killed mid-step: its journal holds what happened, and `recover` folds it back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat

from jupyter_codegen.audit import journal
from jupyter_codegen.audit.record import MIME
from tests.audit.notebooks import TASK
from tests.cli.test_run import main

ROOT = Path(__file__).parents[2]
DIES = """
import os
from jupyter_codegen.audit.journal import Journal
from jupyter_codegen.core.decision import AutoPolicy
from jupyter_codegen.engine import Request, Session, drive
from tests.audit.notebooks import TASK, replies
from tests.development.fakes import FakeClient, FakeSandbox


class Dies(FakeSandbox):
    def execute(self, code, timeout=None):
        if "square" in code:
            os._exit(9)  # the kernel is killed in the middle of step t2
        return super().execute(code, timeout)


fakes = {name: FakeClient(r) for name, r in replies().items()}
session = Session(
    Request(task=TASK, model="fake", clarify=False),
    lambda profile: fakes[profile.name],
    Dies(),
    session_id="deadbeef0001",
    journal=Journal("deadbeef0001", {"task": TASK, "cell_id": "cell-1", "model": "fake"}),
)
drive(session, AutoPolicy())
"""


def test_a_session_killed_mid_step_is_recovered_into_the_notebook(
    tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "journal"
    monkeypatch.setenv(journal.ENV, str(folder))
    done = subprocess.run(
        [sys.executable, "-c", DIES], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 9, done.stderr
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(f"%%codegen --no-clarify\n{TASK}")
    cell.id = "cell-1"
    cell.outputs = [nbformat.v4.new_output("stream", text="base is 2\n")]  # what the user saw
    nb.cells.append(cell)
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(path))

    assert main(["recover", str(path)]) == 0
    outputs = nbformat.read(str(path), as_version=4).cells[0].outputs
    assert outputs[0]["text"] == "base is 2\n"  # nothing the user had is lost
    record = outputs[1]["data"][MIME]
    assert record["status"] == "recovered" and record["session"] == "deadbeef0001"
    kinds = [e["kind"] for e in record["trail"]["entries"]]
    assert "plan" in kinds and kinds.count("llm_call") == 3  # the plan, t1 and t2's calls
    decisions = [e["data"] for e in record["trail"]["entries"] if e["kind"] == "decision"]
    assert [(d["gate"], d["task"]) for d in decisions] == [("plan", None), ("step", "t1")]
    assert main(["verify", str(path)]) == 0
    assert main(["recover", str(path)]) == 0  # a second recover finds nothing new
    assert len(nbformat.read(str(path), as_version=4).cells[0].outputs) == 2


def test_a_torn_last_line_is_dropped(tmp_path: Path) -> None:
    writer = journal.Journal("s1", {"task": "t"}, tmp_path)
    writer({"seq": 0, "kind": "plan", "at": "", "data": {}, "prev": "0" * 64, "hash": "1" * 64}, {})
    with writer.path.open("a") as handle:
        handle.write(json.dumps({"entry": {"seq": 1}})[:10])
    assert [e["seq"] for e in journal.read(writer.path).trail.entries] == [0]
