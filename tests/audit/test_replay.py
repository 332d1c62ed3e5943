"""Record, then replay with no model reachable: byte-identical code, or a clear stop."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from jupyter_codegen.audit import replay
from jupyter_codegen.audit.record import MIME
from jupyter_codegen.core.decision import AutoPolicy
from jupyter_codegen.engine import drive
from jupyter_codegen.magics.display import payload
from tests.audit.notebooks import output, run_session
from tests.cli.test_run import make_notebook
from tests.replies import code, plan_reply

TASK = "Square numbers, then compute the area of a square."
LINE = "%%codegen --model scripted/script.json --auto --no-clarify --review"


def generated_code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.metadata.get("jupyter_codegen", {}).get("generated")]


def cli(argv: list[str], **env: str) -> subprocess.CompletedProcess:
    """The real command, with no key and no model: any model call fails loudly."""
    clean = {k: v for k, v in __import__("os").environ.items() if "KEY" not in k}
    clean.update({"JUPYTER_CODEGEN_MODEL": "nosuchprovider/none", **env})
    prefix = ["unshare", "--net"] if shutil.which("unshare") and _can_unshare() else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "jupyter_codegen.cli.main", *argv],
        capture_output=True,
        text=True,
        timeout=300,
        env=clean,
    )


def _can_unshare() -> bool:
    return subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode == 0


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    replies = [
        plan_reply(("t1", [], ["assert square(3) == 9"]), ("t2", ["t1"], ["assert area(2) == 4"])),
        code("def square(x):\n    return x * x"),
        code("def area(side):\n    return square(side)"),
        json.dumps(
            {
                "concerns": [
                    {"kind": "edge-case", "severity": "low", "task": "t2", "text": "negative sides"}
                ]
            }
        ),
    ]
    (tmp_path / "script.json").write_text(json.dumps(replies))
    path = make_notebook(
        tmp_path / "nb.ipynb", "%load_ext jupyter_codegen", f"{LINE}\n{TASK}", "print(area(3))"
    )
    done = cli(["run", str(path)], JUPYTER_CODEGEN_MODEL="")
    assert done.returncode == 0, done.stderr
    (tmp_path / "script.json").unlink()  # the model is gone for good
    return path


def test_replay_reproduces_byte_identical_code_with_no_model(
    recorded: Path, tmp_path: Path
) -> None:
    out = tmp_path / "replayed.ipynb"
    done = cli(["replay", str(recorded), "-o", str(out)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the generated code is byte-identical" in done.stdout
    before = nbformat.read(str(recorded), as_version=4)
    after = nbformat.read(str(out), as_version=4)
    assert generated_code(after) == generated_code(before) and len(generated_code(after)) == 2
    assert after.cells[-1].outputs[0]["text"] == "9\n"
    assert cli(["verify", str(out)]).returncode == 0


def test_an_edited_task_stops_replay_naming_the_call(recorded: Path) -> None:
    nb = nbformat.read(str(recorded), as_version=4)
    cassettes = replay.from_notebook(nb)
    nb.cells[1].source = nb.cells[1].source.replace("area of a square", "area of a circle")
    tape = recorded.with_suffix(".json")
    tape.write_text(
        json.dumps(
            [{**c.as_dict(), "task": nb.cells[1].source.split("\n", 1)[1]} for c in cassettes]
        )
    )
    nbformat.write(nb, str(recorded))
    done = cli(["run", str(recorded)], JUPYTER_CODEGEN_REPLAY=str(tape))
    assert done.returncode == 1
    shown = json.dumps(nbformat.read(str(recorded), as_version=4).cells[1].outputs)
    assert "replay stopped at model call 1 (profile orchestrator)" in shown
    assert "no longer matches its recording" in shown and "circle" in shown


def test_cassette_serves_in_order_and_refuses_extra_calls() -> None:
    fakes = {"coder": [code("x = 1")]}
    session = run_session(fakes, single=True)
    drive(session, AutoPolicy())
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("%%codegen")
    cell.outputs = [output(payload(session, None))]
    nb.cells.append(cell)
    (tape,) = replay.from_notebook(nb)
    assert [c["profile"] for c in tape.calls] == ["coder"]
    first = tape.calls[0]
    reply = tape.serve("coder", first["messages"], None)
    assert reply.content == first["reply"]
    with pytest.raises(replay.ReplayMismatch, match="ran out of recorded model calls"):
        tape.serve("coder", first["messages"], None)
    assert MIME in cell.outputs[0]["data"]
