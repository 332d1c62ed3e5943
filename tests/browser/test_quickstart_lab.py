"""notebooks/quickstart.ipynb in a real JupyterLab with the extension, on the embedded model:
every cell runs, the approved code becomes badged cells, both sessions are signed off as the
notebook's text says, and the saved notebook verifies.

The notebook is copied with its outputs cleared, so every output checked here comes from this
run. `%load_ext` runs first on its own: the kernel learns of the extension only once that cell
has finished (the extension's hello is answered between cells), and with Run All the `--auto`
session would run before it and leave no generated cell. The rest runs with Run Selected Cell
and All Below. A screenshot goes to the test's directory and, with CODEGEN_SCREENSHOTS=1, to
docs/notebooks/quickstart-lab.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from jupyter_codegen.magics.display import MIME
from tests.browser.conftest import lab_flags, serve
from tests.browser.test_trail_save import _shutdown_sessions

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).parents[2]
NOTEBOOK = REPO / "notebooks" / "quickstart.ipynb"
DOCS_SHOT = REPO / "docs" / "notebooks" / "quickstart-lab.png"
SCREENSHOTS_ENV = "CODEGEN_SCREENSHOTS"
NAME = "quickstart.ipynb"
MODEL = "local/qwen2.5-coder-0.5b"
META = "jupyter_codegen"
CELLS = ".jp-Notebook .jp-Cell"
CODE_CELLS = ".jp-Notebook .jp-CodeCell"
ERRORS = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
AUTO = "%%codegen --auto"
REVIEWED = "%%codegen --single"
USES = 'reverse_words("hello big world")'
PALINDROME = "is_palindrome('Never odd or even')"
SIGNED = "every task ran cleanly, passed validation and was signed off"
RUN_TIMEOUT = 360_000  # ms; ~1-2 minutes on an idle machine, two shared cores in CI

# One row per cell as the page holds it: source, prompt, output text, badge. textContent, not
# innerText: JupyterLab skips rendering cells scrolled out of view (content-visibility).
SNAPSHOT = """cells => cells.map(c => ({
  code: c.classList.contains('jp-CodeCell'),
  source: [...c.querySelectorAll('.cm-line')].map(l => l.textContent).join('\\n'),
  prompt: (c.querySelector('.jp-InputPrompt')?.textContent ?? '').trim(),
  output: [...c.querySelectorAll('.jp-OutputArea-output')].map(o => o.textContent).join('\\n'),
  badge: c.querySelector(':scope > .jp-codegen-badge')?.dataset.kind ?? null,
}))"""

# Done when no cell is queued or running and the last cell (`%codegen --help`) has its
# output, or as soon as a cell shows an error (Run All stops at an error).
FINISHED = """([cells, errors]) => {
  const all = [...document.querySelectorAll(cells)];
  if (document.querySelector(errors)) return true;
  const running = all.some(c => (c.querySelector('.jp-InputPrompt')?.textContent ?? '').includes('*'));
  const last = all.filter(c => c.classList.contains('jp-CodeCell')).pop();
  return !running && !!last && (last.querySelector('.jp-OutputArea')?.textContent ?? '').includes('usage:');
}"""


def _cleared(target: Path) -> None:
    """The quickstart with no outputs and no execution counts."""
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, str(target))


def _code_cell(page, text: str):
    """The one code cell whose source contains `text`."""
    return page.locator(CODE_CELLS).filter(has=page.locator(".cm-content", has_text=text))


def _scroll_to_top(page, cell) -> None:
    """Scroll the notebook until `cell` is at its top. Cells above it are drawn at their real
    height only once they come into view, which moves it: scroll again until it stays."""
    measure = """cell => {
      const outer = cell.closest('.jp-WindowedPanel-outer') ?? cell.parentElement;
      return cell.getBoundingClientRect().top - outer.getBoundingClientRect().top;
    }"""
    for _ in range(10):
        if abs(cell.evaluate(measure)) < 2:
            return
        cell.evaluate("cell => cell.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)


def _records(cell) -> list[dict]:
    return [o["data"][MIME] for o in cell.get("outputs", []) if MIME in o.get("data", {})]


def test_quickstart_runs_in_jupyterlab(
    chromium_path, page, tmp_path_factory, tmp_path, monkeypatch
):
    pytest.importorskip("llama_cpp")
    # The notebook names no model: it must be the embedded one, in the server's kernel too.
    monkeypatch.delenv("JUPYTER_CODEGEN_MODEL", raising=False)
    root = tmp_path_factory.mktemp("lab-quickstart")
    path = root / NAME
    _cleared(path)
    shot = tmp_path / "quickstart-lab.png"
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
    page.on("pageerror", lambda exc: console.append(f"[pageerror] {exc}"))

    def cells() -> list[dict]:
        return page.locator(CELLS).evaluate_all(SNAPSHOT)

    def shown() -> str:
        rows = [
            f"{c['prompt'] or '--'} {c['badge'] or ''} {c['source'][:70]!r}\n    -> {c['output'][:300]!r}"
            for c in cells()
            if c["code"]
        ]
        return "\n".join(rows) + "\nconsole:\n" + "\n".join(console[-30:]) + f"\nscreenshot: {shot}"

    started = time.monotonic()
    with serve("jupyterlab", root, *lab_flags(root)) as (base, token, _):
        try:
            workspace = f"test-{uuid.uuid4().hex[:8]}"
            page.goto(f"{base}/lab/workspaces/{workspace}/tree/{NAME}?reset&token={token}")
            page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=120_000)
            page.add_style_tag(content=".Toastify { display: none !important; }")  # news toast

            load = _code_cell(page, "%load_ext jupyter_codegen")
            load.locator(".jp-InputPrompt").click()
            page.keyboard.press("Escape")
            page.keyboard.press("Control+Enter")
            load.locator(".jp-InputPrompt", has_text="[1]").wait_for(timeout=60_000)
            page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=30_000)

            _code_cell(page, "%codegen config").locator(".jp-InputPrompt").click()
            page.keyboard.press("Escape")
            page.click("text=Run", timeout=30_000)
            page.click("text=Run Selected Cell and All Below")
            page.wait_for_function(FINISHED, arg=[CELLS, ERRORS], timeout=RUN_TIMEOUT, polling=1000)
            page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
            ran = time.monotonic() - started

            # What the page shows.
            errors = page.locator(ERRORS)
            assert errors.count() == 0, "error output:\n" + "\n".join(errors.all_inner_texts())
            rows = [c for c in cells() if c["code"]]
            assert not [c for c in rows if "*" in c["prompt"]], "cells still running:\n" + shown()
            uses = _code_cell(page, USES).locator(".jp-OutputArea")
            assert "'world big hello'" in (uses.text_content() or ""), shown()
            report = _code_cell(page, AUTO).locator(".jp-OutputArea")
            assert SIGNED in (report.text_content() or ""), shown()
            # Badges: `generated` when the --auto policy approved it, `approved` for a person.
            badged = [(c["badge"], c["source"]) for c in rows if c["badge"]]
            assert len(badged) == 2, "two badged generated cells:\n" + shown()
            assert badged[0][0] == "generated" and "def reverse_words" in badged[0][1], shown()
            assert badged[1][0] == "approved" and "def is_palindrome" in badged[1][1], shown()
            palindrome = next(c for c in rows if c["source"].strip() == PALINDROME)
            assert palindrome["output"].strip() in ("True", "False"), shown()

            # The screenshot: the --auto cell's report and the cell generated below it.
            page.keyboard.press("Control+b")  # fold the file browser: a wider notebook
            page.set_viewport_size({"width": 1280, "height": 1400})
            _scroll_to_top(page, _code_cell(page, AUTO))
            page.mouse.move(0, 0)
            page.screenshot(path=str(shot), full_page=True)
            if os.environ.get(SCREENSHOTS_ENV) == "1":
                DOCS_SHOT.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(shot, DOCS_SHOT)

            # Save from command mode; the tab is clean once the file on disk is current.
            load.locator(".jp-InputPrompt").click()
            page.keyboard.press("Escape")
            page.keyboard.press("Control+s")
            page.locator(".lm-TabBar-tab.jp-mod-dirty").wait_for(state="detached", timeout=30_000)
        except Exception:
            if not shot.exists():
                page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}\nconsole:\n" + "\n".join(console[-40:]))
            raise
        finally:
            _shutdown_sessions(base, token, NAME)
    print(f"quickstart ran in JupyterLab in {ran:.0f}s; screenshot: {shot}")

    # What was saved.
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    original = [
        c.source for c in nbformat.read(str(NOTEBOOK), as_version=4).cells if c.cell_type == "code"
    ]
    code = [c for c in nb.cells if c.cell_type == "code"]
    mine = [c for c in code if not c.metadata.get(META, {}).get("generated")]
    assert [c.source for c in mine] == original, f"the quickstart's own cells, in order ({shot})"
    # Each ran once, in order: %load_ext alone, then the rest below it.
    assert [c.execution_count for c in mine] == list(range(1, len(mine) + 1)), shot
    for cell in code:
        for out in cell.outputs:
            bad = out["output_type"] == "error" or out.get("name") == "stderr"
            assert not bad, f"{cell.source[:60]!r} shows {out} ({shot})"

    records = [r for c in nb.cells for r in _records(c)]
    assert records and all(r["model"] == MODEL for r in records), shot
    auto = records[0]
    assert auto["status"] == "passed" and auto["signed_off"], shot
    assert [c["decision"] for c in auto["cells"]] == ["approve"], shot
    assert auto["validation"]["passed"], shot
    # The reviewed session: `%codegen next` approved the step, `%codegen approve` signed it off
    # (a --single plan needs no approval, in the panels as in the text prompts).
    reviewed = records[-1]
    assert reviewed["session"] != auto["session"], shot
    assert reviewed["signed_off"] and [c["decision"] for c in reviewed["cells"]] == ["approve"], (
        shot
    )

    # The extension put each approved step right below its %%codegen cell, with provenance.
    generated = [c for c in code if c.metadata.get(META, {}).get("generated")]
    assert len(generated) == 2, f"{[c.source[:60] for c in code]} ({shot})"
    for cell, origin, body, by_policy in (
        (generated[0], AUTO, "def reverse_words", True),
        (generated[1], REVIEWED, "def is_palindrome", False),
    ):
        index = nb.cells.index(cell)
        above = nb.cells[index - 1]
        assert above.source.startswith(origin), f"{body} is below {above.source[:40]!r} ({shot})"
        meta = cell.metadata[META]
        assert body in cell.source and meta["origin"] == above.id, shot
        assert meta["decision"] == "approve" and meta["model"] == MODEL, shot
        assert (meta["actor"] == "auto-policy") is by_policy, meta
        assert cell.execution_count is None and not cell.outputs, "run in the kernel, not as a cell"

    uses_out = next(c for c in code if c.source.startswith("assert reverse_words")).outputs
    assert uses_out[0]["data"]["text/plain"] == "'world big hello'", shot
    palindrome_out = next(c for c in code if c.source == PALINDROME).outputs
    assert palindrome_out[0]["data"]["text/plain"] in ("True", "False"), shot

    checked = subprocess.run(
        [sys.executable, "-m", "jupyter_codegen.cli.main", "verify", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = checked.stdout + checked.stderr
    assert checked.returncode == 0, said
    assert "trail intact: 2 session(s)" in checked.stdout, checked.stdout
