"""notebooks/quickstart.ipynb runs headless on the embedded model and does what it says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from jupyter_codegen.magics.display import MIME

pytestmark = pytest.mark.slow
NOTEBOOK = Path(__file__).parents[1] / "notebooks" / "quickstart.ipynb"


def test_quickstart_runs_offline_on_the_embedded_model(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("llama_cpp")
    monkeypatch.delenv("JUPYTER_CODEGEN_MODEL", raising=False)
    out = tmp_path / "quickstart.ipynb"
    done = subprocess.run(
        [sys.executable, "-m", "jupyter_codegen.cli.main", "run", str(NOTEBOOK), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    nb = nbformat.read(str(out), as_version=4)
    records = [
        o["data"][MIME] for c in nb.cells for o in c.get("outputs", []) if MIME in o.get("data", {})
    ]
    assert [r["model"] for r in records] == ["local/qwen2.5-coder-0.5b"] * 4
    # --auto passes and signs off; the reviewed one waits, `%codegen next` approves the step,
    # validation runs and waits for the sign-off, and `%codegen approve` gives it.
    assert [r["status"] for r in records] == ["passed", "pending", "pending", "passed"]
    assert [r["signed_off"] for r in records] == [True, False, False, True]
    assert [[c["decision"] for c in r["cells"]] for r in records] == [
        ["approve"],
        [],
        ["approve"],
        ["approve"],
    ]
    auto = records[0]["validation"]
    assert auto["passed"] and auto["system"]["tests"][0]["check"]["source"] == "user"
    assert records[3]["validation"]["passed"]
    checked = subprocess.run(
        [sys.executable, "-m", "jupyter_codegen.cli.main", "verify", str(out)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and "trail intact: 2 session(s)" in checked.stdout
    generated = [c for c in nb.cells if c.metadata.get("jupyter_codegen", {}).get("generated")]
    assert len(generated) == 2
    assert "def reverse_words" in generated[0].source
    assert "def is_palindrome" in generated[1].source
    uses = next(c for c in nb.cells if c.source.startswith("assert reverse_words"))
    assert uses.outputs[0]["data"]["text/plain"] == "'world big hello'"
    palindrome = next(c for c in nb.cells if c.source.startswith("is_palindrome("))
    assert palindrome.outputs[0]["data"]["text/plain"] in (
        "True",
        "False",
    )  # the approved code ran here
