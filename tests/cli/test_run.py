"""`jupyter-codegen run`: a notebook with %%codegen cells executed headless through nbclient."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from jupyter_codegen.cli.main import main as in_process
from jupyter_codegen.magics.display import MIME

REVERSE = "```python\ndef reverse_words(s):\n    return ' '.join(reversed(s.split()))\nprint(reverse_words('hello big world'))\n```"


def main(argv: list[str]) -> int:
    """Run the real command in its own process, as a user would; echo its output for capsys."""
    done = subprocess.run(
        [sys.executable, "-m", "jupyter_codegen.cli.main", *argv],
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    return done.returncode


def make_notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nbformat.write(nb, str(path))
    return path


def codegen_record(nb) -> dict:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if MIME in out.get("data", {}):
                return out["data"][MIME]
    raise AssertionError("no %%codegen record in the notebook")


@pytest.fixture
def notebook(tmp_path: Path):
    (tmp_path / "script.json").write_text(json.dumps([REVERSE] * 4))
    return make_notebook(
        tmp_path / "demo.ipynb",
        "%load_ext jupyter_codegen",
        "%%codegen --model scripted/script.json --no-design-tests --no-review --auto --single --no-clarify\nA function reverse_words(s) that reverses the words.",
        "assert reverse_words('a b c') == 'c b a'\nprint('used the generated function')",
    )


def test_generated_code_and_its_sandbox_output_land_in_the_notebook(
    notebook: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "out.ipynb"
    assert main(["run", str(notebook), "-o", str(out)]) == 0
    nb = nbformat.read(str(out), as_version=4)
    nbformat.validate(nb)
    sources = [cell.source for cell in nb.cells]
    assert len(sources) == 4
    generated = nb.cells[2]
    assert generated.metadata["jupyter_codegen"]["generated"] is True
    assert generated.metadata["jupyter_codegen"]["decision"] == "approve"
    assert "def reverse_words(s):" in generated.source
    record = codegen_record(nb)
    assert record["status"] == "passed"
    assert record["tasks"][0]["output"] == "world big hello\n"
    assert nb.cells[3].outputs[0]["text"] == "used the generated function\n"
    assert record["validation"]["passed"] and record["signed_off"]
    printed = capsys.readouterr().out
    assert "validation: system test ran with no tests to judge the code (signed off)" in printed
    assert "1 generated cell(s) from 1 %%codegen session(s), 1 fully passing" in printed
    assert notebook.read_text() != out.read_text()  # the input is untouched with -o


def test_rerunning_replaces_generated_cells_instead_of_piling_up(notebook: Path) -> None:
    assert main(["run", str(notebook)]) == 0
    assert main(["run", str(notebook)]) == 0
    nb = nbformat.read(str(notebook), as_version=4)
    assert sum(1 for c in nb.cells if c.metadata.get("jupyter_codegen", {}).get("generated")) == 1
    assert len(nb.cells) == 4
    assert not any(c.metadata.get("execution") for c in nb.cells)  # no volatile timings


def test_if_changed_leaves_a_notebook_that_only_ran_again_untouched(
    notebook: Path, tmp_path: Path, capsys
) -> None:
    assert main(["run", str(notebook)]) == 0
    committed = notebook.read_bytes()
    ids = [c.id for c in nbformat.read(str(notebook), as_version=4).cells]
    assert main(["run", str(notebook), "--if-changed"]) == 0
    assert "unchanged apart from times, durations and ids" in capsys.readouterr().out
    assert notebook.read_bytes() == committed
    # Without the flag the new session's times and ids are written; the cell ids stay.
    assert main(["run", str(notebook)]) == 0
    assert notebook.read_bytes() != committed
    assert [c.id for c in nbformat.read(str(notebook), as_version=4).cells] == ids
    # A real change (other code) is written.
    other = REVERSE.replace("reversed(s.split())", "s.split()[::-1]")
    (tmp_path / "script.json").write_text(json.dumps([other] * 4))
    assert main(["run", str(notebook), "--if-changed"]) == 0
    assert "s.split()[::-1]" in notebook.read_text()


def test_cli_model_and_auto_flags_reach_the_magic(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text(json.dumps([REVERSE]))
    nb_path = make_notebook(
        tmp_path / "n.ipynb",
        "%load_ext jupyter_codegen",
        "%%codegen --single --no-clarify --no-design-tests --no-review\nreverse words",
        "print(reverse_words('x y'))",
    )
    assert main(["run", str(nb_path), "--model", f"scripted/{tmp_path / 's.json'}", "--auto"]) == 0
    nb = nbformat.read(str(nb_path), as_version=4)
    assert codegen_record(nb)["model_source"] == "JUPYTER_CODEGEN_MODEL"
    assert nb.cells[3].outputs[0]["text"] == "y x\n"


def test_a_failing_cell_still_writes_what_ran(tmp_path: Path, capsys) -> None:
    nb_path = make_notebook(
        tmp_path / "bad.ipynb",
        "%load_ext jupyter_codegen",
        "%%codegen --max-iters x\ntask",
        "print('never')",
    )
    assert main(["run", str(nb_path)]) == 1
    nb = nbformat.read(str(nb_path), as_version=4)
    shown = "".join(out.get("text", "") for out in nb.cells[1].outputs)
    assert (
        "UsageError: %%codegen: argument --max-iters: invalid non-negative integer value" in shown
    )
    assert nb.cells[2].outputs == []
    assert "a cell failed" in capsys.readouterr().err


@pytest.mark.parametrize("content", ["{not json", '{"cells": 3}', ""])
def test_corrupt_notebook_is_a_clear_error(tmp_path: Path, content: str, capsys) -> None:
    path = tmp_path / "corrupt.ipynb"
    path.write_text(content)
    assert in_process(["run", str(path)]) == 2
    assert "is not a readable notebook" in capsys.readouterr().err
    assert path.read_text() == content  # nothing the user had is lost


def test_missing_notebook(tmp_path: Path, capsys) -> None:
    assert in_process(["run", str(tmp_path / "nope.ipynb")]) == 2
    assert "no such notebook" in capsys.readouterr().err
