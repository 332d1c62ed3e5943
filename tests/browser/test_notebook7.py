"""The approval panel in Notebook 7, not only JupyterLab: a session clicked through to the end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.browser.conftest import serve, write_notebook
from tests.browser.test_trail_save import _shutdown_sessions, _wait_for_save
from tests.replies import code

pytestmark = pytest.mark.browser
CELL = "%%codegen --model scripted/s.json --single --no-clarify --no-review\nA function double(x)."


def test_the_panel_drives_a_session_in_notebook_7(tmp_path_factory, page) -> None:
    pytest.importorskip("notebook", minversion="7")
    root = tmp_path_factory.mktemp("nb7")
    (root / "s.json").write_text(json.dumps([code("def double(x):\n    return 2 * x")]))
    path = write_notebook(root / "p.ipynb", "%load_ext jupyter_codegen", CELL)
    before = path.read_text()
    with serve("notebook", root) as (base, token, _):
        try:
            page.goto(f"{base}/notebooks/p.ipynb?token={token}")
            page.wait_for_selector("text=Kernel status: Idle", state="attached", timeout=120_000)
            page.click("text=Run", timeout=30_000)
            page.click("text=Run All Cells")
            for kind in ("step", "signoff"):  # a --single plan needs no approval
                page.wait_for_selector(
                    f'.jupyter-codegen-panel[data-kind="{kind}"]', timeout=90_000
                )
                page.wait_for_selector('.jupyter-codegen-panel[data-busy="false"]', timeout=30_000)
                page.locator('.jupyter-codegen-panel button[data-action="approve"]').first.click()
            page.wait_for_selector('.jupyter-codegen-panel[data-kind="done"]', timeout=60_000)
            page.keyboard.press("Escape")
            page.keyboard.press("Control+s")
            saved = _wait_for_save(path, before)
        finally:
            _shutdown_sessions(base, token, "p.ipynb")
    assert "signoff" in saved
    done = subprocess.run(
        [sys.executable, "-m", "jupyter_codegen.cli.main", "verify", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "1 session(s)" in done.stdout, done.stdout + done.stderr
