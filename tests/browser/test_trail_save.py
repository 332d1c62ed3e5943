"""The audit trail survives a real JupyterLab run and save: the file on disk still verifies."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from jupyter_codegen.magics.display import MIME
from tests.browser.conftest import run_all, write_notebook
from tests.replies import code

pytestmark = pytest.mark.browser

DOUBLE = code("def double(x):\n    return 2 * x")
REPORT = "every task ran cleanly"  # the verdict line of a passing session's report


def _shutdown_sessions(base: str, token: str, notebook: str) -> None:
    """Stop the notebook's kernel (and with it any sandbox kernel it started)."""
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as resp:
        found = json.load(resp)
    for session in found:
        if session.get("path") == notebook:
            req = urllib.request.Request(
                f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE"
            )
            urllib.request.urlopen(req, timeout=30).close()


def _wait_for_save(path: Path, before: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text()
        if text != before and MIME in text:
            return text
        time.sleep(0.2)
    raise AssertionError(f"{path.name} was not saved with a %%codegen record within {timeout}s")


def test_trail_survives_a_jupyterlab_save(lab, page, tmp_path) -> None:
    base, token, root = lab
    name = "trail.ipynb"
    script = root / "trail-script.json"
    script.write_text(json.dumps([DOUBLE]))
    path = write_notebook(
        root / name,
        "%load_ext jupyter_codegen",
        f"%%codegen --model scripted/{script} --auto --single --no-clarify --no-review\n"
        "A function double(x) that doubles x.",
    )
    before = path.read_text()

    try:
        run_all(page, base, token, name)
        outputs = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea")
        try:
            outputs.get_by_text(REPORT).wait_for(timeout=90_000)
        except Exception:
            page.screenshot(path=str(tmp_path / "trail.png"))
            raise AssertionError(
                "no passing report in the %%codegen cell; it shows:\n" + outputs.inner_text()
            ) from None
        page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=30_000)

        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.keyboard.press("Escape")  # command mode: nothing typed can land in a cell
        page.keyboard.press("Control+s")
        saved = _wait_for_save(path, before)
        page.screenshot(path=str(tmp_path / "trail.png"))
    finally:
        _shutdown_sessions(base, token, name)

    on_disk = nbformat.reads(saved, as_version=4)
    nbformat.validate(on_disk)
    records = [
        out["data"][MIME]
        for cell in on_disk.cells
        for out in cell.get("outputs", [])
        if MIME in out.get("data", {})
    ]
    assert len(records) == 1
    assert records[0]["status"] == "passed"
    assert records[0]["trail"]["entries"]

    done = subprocess.run(
        [sys.executable, "-m", "jupyter_codegen.cli.main", "verify", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "trail intact" in done.stdout
