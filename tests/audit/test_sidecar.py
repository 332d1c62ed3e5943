"""Large recordings in a sidecar file: the notebook says so, and verify checks the file."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from jupyter_codegen.audit import replay
from jupyter_codegen.audit.record import KEY, MIME
from jupyter_codegen.audit.sidecar import blob_bytes, externalize
from jupyter_codegen.audit.verify import verify
from jupyter_codegen.notebook import store
from tests.audit.notebooks import stepped_notebook


def saved(tmp_path: Path) -> Path:
    nb = stepped_notebook()
    assert blob_bytes(nb) > 0
    path = tmp_path / "big.ipynb"
    side = externalize(nb, path)
    assert side.name == "big.codegen-blobs.json"
    assert blob_bytes(nb) == 0 and nb.metadata[KEY]["sidecar"] == side.name
    store.write(nb, path)
    return path


def test_a_notebook_with_a_sidecar_verifies_and_replays(tmp_path: Path) -> None:
    path = saved(tmp_path)
    nb = store.read(path)
    trail = nb.cells[0].outputs[0]["data"][MIME]["trail"]
    assert trail["blobs"] == {} and trail["sidecar"]["blobs"]
    assert verify(nb, path).ok
    (cassette,) = replay.load(path)
    assert cassette.calls and cassette.calls[0]["messages"][0]["role"] == "system"


def test_an_edited_or_missing_sidecar_fails_verify(tmp_path: Path) -> None:
    path = saved(tmp_path)
    side = tmp_path / "big.codegen-blobs.json"
    stored = json.loads(side.read_text())
    key = next(iter(stored["blobs"]))
    stored["blobs"][key] = {"role": "user", "content": "changed"}
    side.write_text(json.dumps(stored))
    (failure,) = verify(store.read(path), path).failures
    assert key[:12] in failure and "edited" in failure
    side.unlink()
    (failure,) = verify(nbformat.read(str(path), as_version=4), path).failures
    assert "big.codegen-blobs.json, which is missing" in failure
