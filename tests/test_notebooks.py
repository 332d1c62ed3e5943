"""The example notebooks run headless, do what they say, and match what is committed.

workflow-tour and bring-your-own-model replay their recorded sessions with no model, no key and
(where `unshare` works) no network; reproducibility runs as it is (it needs no model at all).
Each re-run must equal the committed notebook apart from times, durations, ids and hashes
(`notebook/stable.py`), so a notebook that stops matching the code shows up here, not on GitHub.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import nbformat
import pytest

from jupyter_codegen.audit.record import MIME
from jupyter_codegen.notebook import stable
from tests.audit.test_replay import cli as offline

pytestmark = pytest.mark.slow
NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


def cli(*args: str) -> subprocess.CompletedProcess:
    """`jupyter-codegen ARGS` with no keys, offline where possible, and no embedded model file;
    the notebooks' own model settings show (no $JUPYTER_CODEGEN_MODEL)."""
    return offline(
        [*args], JUPYTER_CODEGEN_MODEL="", JUPYTER_CODEGEN_GGUF="/nonexistent/model.gguf"
    )


def records(nb: Any) -> list[dict[str, Any]]:
    return [
        o["data"][MIME] for c in nb.cells for o in c.get("outputs", []) if MIME in o.get("data", {})
    ]


def events(nb: Any) -> list[dict[str, Any]]:
    return [e for r in records(nb) for e in r["trail"]["entries"]]


def texts(nb: Any) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(str(out.get("text", "")))
            parts += [str(v) for k, v in out.get("data", {}).items() if k.startswith("text/")]
    return "\n".join(parts)


def generated(nb: Any) -> dict[str, str]:
    return {
        c.metadata["jupyter_codegen"]["task"]: c.source
        for c in nb.cells
        if c.metadata.get("jupyter_codegen", {}).get("generated")
    }


def replayed(name: str, tmp_path: Path) -> tuple[Any, Any]:
    """(committed, replayed) notebooks, after checking the replay and its trail."""
    out = tmp_path / name
    done = cli("replay", str(NOTEBOOKS / name), "-o", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the generated code is byte-identical" in done.stdout
    checked = cli("verify", str(out))
    assert checked.returncode == 0 and "trail intact" in checked.stdout, checked.stderr
    committed = nbformat.read(str(NOTEBOOKS / name), as_version=4)
    again = nbformat.read(str(out), as_version=4)
    assert stable.changes(committed, again) == [], "re-record it: see notebooks/README.md"
    return committed, again


def states_its_purpose(nb: Any) -> None:
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "**What this shows:**" in first.source


def test_workflow_tour_replays_every_gate(tmp_path: Path) -> None:
    committed, nb = replayed("workflow-tour.ipynb", tmp_path)
    states_its_purpose(nb)
    trail = events(nb)
    decisions = [
        (e["data"]["gate"], e["data"]["action"], e["data"]["actor"])
        for e in trail
        if e["kind"] == "decision"
    ]
    # Clarify and plan by the policy (--auto clarify,plan); every step and the sign-off by a person.
    assert decisions[:2] == [
        ("clarify", "approve", "auto-policy"),
        ("plan", "approve", "auto-policy"),
    ]
    assert all(actor != "auto-policy" for _, _, actor in decisions[2:])
    assert ("step", "regenerate", decisions[2][2]) in decisions
    assert decisions[-1][0] == "signoff" and decisions[-1][1] == "approve"
    kinds = [e["kind"] for e in trail]
    assert "rollback" in kinds and kinds.count("snapshot") >= 3
    edits = [e["data"]["edit"]["op"] for e in trail if e["kind"] == "plan_change"]
    assert edits[:2] == ["split", "update"]
    # The self-debug loop ran: the failure went back to the model before the first step ended.
    first = next(i for i, e in enumerate(trail) if e["kind"] == "step")
    rounds = [
        e
        for e in trail[:first]
        if e["kind"] == "llm_call" and e["data"]["purpose"] == "development"
    ]
    assert len(rounds) >= 2 and trail[first]["data"]["status"] == "failed"
    final = records(nb)[-1]
    assert final["signed_off"] and final["validation"]["passed"]
    code = generated(nb)
    assert set(code) == {"t1.1", "t1.2"} and code == generated(committed)
    result = next(c for c in nb.cells if c.source == "top_items(orders, 3)")
    assert result.outputs[0]["data"]["text/plain"].startswith("['tea', 'scone'")


def test_bring_your_own_model_replays_two_models_with_their_costs(tmp_path: Path) -> None:
    _, nb = replayed("bring-your-own-model.ipynb", tmp_path)
    states_its_purpose(nb)
    calls = [e["data"] for e in events(nb) if e["kind"] == "llm_call"]
    models = {c["model"] for c in calls}
    assert models == {"openai/qwen2.5-coder-0.5b", "local/qwen2.5-coder-0.5b"}
    served = [c for c in calls if c["model"].startswith("openai/")]
    assert served and all(c["cost"] > 0 for c in served)  # priced by c.Codegen.prices
    assert all(c["cost"] == 0 for c in calls if c["model"].startswith("local/"))
    assert records(nb)[-1]["status"] == "passed"
    used = next(c for c in nb.cells if c.source.startswith("[c_to_f(37)"))
    assert used.outputs[0]["data"]["text/plain"] == "[98.6, -40.0]"
    # Each generated cell names the model that wrote it.
    written = {
        c.metadata["jupyter_codegen"]["task"]: c.metadata["jupyter_codegen"]["model"]
        for c in nb.cells
        if c.metadata.get("jupyter_codegen", {}).get("generated")
    }
    assert written == {"t1.1": "local/qwen2.5-coder-0.5b", "t1.2": "openai/qwen2.5-coder-0.5b"}


def test_reproducibility_replays_verifies_and_catches_tampering(tmp_path: Path) -> None:
    out = tmp_path / "reproducibility.ipynb"
    done = cli("run", str(NOTEBOOKS / "reproducibility.ipynb"), "-o", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    nb = nbformat.read(str(out), as_version=4)
    states_its_purpose(nb)
    said = texts(nb)
    assert "the generated code is byte-identical" in said
    assert "t1.1: sha256" in said and "DIFFERENT" not in said
    assert "trail intact" in said
    assert "was edited by hand after it was approved" in said
    assert "TAMPERED" in said
    assert "Tokens and cost" in said  # the report
    committed = nbformat.read(str(NOTEBOOKS / "reproducibility.ipynb"), as_version=4)
    assert stable.changes(committed, nb) == []
