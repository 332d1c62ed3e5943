"""The JupyterLab extension in a real JupyterLab: approved code becomes real cells with
provenance badges, the Codegen sidebar reads the trail, the trail renderer folds it, a panel
whose widget is gone is drawn from its record, and without the extension nothing breaks.

One panel session (step, then the sign-off gate, approved by clicking; a --single plan needs
no approval) is shared by the first two tests; the third runs an --auto session on a second server with the extension disabled.
With CODEGEN_ARTIFACTS=<dir> the sidebar and badge screenshots are also written there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

from jupyter_codegen.core.trail import code_digest
from jupyter_codegen.magics.display import MIME
from tests.browser.conftest import CHROMIUM_FLAGS, lab_flags, run_all, serve, write_notebook
from tests.browser.test_panels import Panels
from tests.browser.test_trail_save import _shutdown_sessions, _wait_for_save
from tests.replies import code

pytestmark = pytest.mark.browser

META = "jupyter_codegen"
TASK = "double x"
BODY = "def double(x):\n    return 2 * x"
CELLS = ".jp-Notebook .jp-Cell"
BADGE = ":scope > .jp-codegen-badge"
SIDEBAR = "#jupyter-codegen-sidebar"
NEW_TASK = '[data-command="jupyter-codegen:new-task-cell"]'
REPORT = "every task ran cleanly"  # the verdict line of a passing session's report
ARTIFACTS_ENV = "CODEGEN_ARTIFACTS"


def _codegen_cell(script: Path, *flags: str) -> str:
    # The script relative to the kernel's directory (the server's root): a short model name.
    options = [*flags, "--single", "--no-clarify", "--no-review", f"--model scripted/{script.name}"]
    return f"%%codegen {' '.join(options)}\n{TASK}"


@dataclass
class Flow:
    """The shared notebook, stopped at the sign-off gate after a clicked approval."""

    page: object
    base: str
    token: str
    root: Path
    name: str
    path: Path
    shots: Path
    console: list[str] = field(default_factory=list)

    def cell(self, index: int):
        return self.page.locator(CELLS).nth(index)

    def log(self) -> str:
        return "\n".join(self.console[-40:]) or "(no console messages)"

    def shoot(self, locator, name: str) -> None:
        """A screenshot into the test's directory and, when set, CODEGEN_ARTIFACTS."""
        target = self.shots / f"{name}.png"
        locator.screenshot(path=str(target))
        if os.environ.get(ARTIFACTS_ENV):
            artifacts = Path(os.environ[ARTIFACTS_ENV]).resolve()
            artifacts.mkdir(parents=True, exist_ok=True)
            shutil.copy(target, artifacts / f"extension-{name}.png")

    def save(self) -> str:
        """Ctrl+S from command mode; the notebook as saved."""
        before = self.path.read_text()
        self._ctrl_s()
        return _wait_for_save(self.path, before)

    def save_if_dirty(self) -> None:
        """Ctrl+S, then wait until the notebook's tab no longer shows unsaved changes."""
        self._ctrl_s()
        self.page.locator(".lm-TabBar-tab.jp-mod-dirty").wait_for(state="detached")

    def _ctrl_s(self) -> None:
        self.cell(0).locator(".jp-InputPrompt").click()
        self.page.keyboard.press("Escape")  # command mode: nothing typed lands in a cell
        self.page.keyboard.press("Control+s")


def _listen(page, into: list[str]) -> None:
    page.on("console", lambda msg: into.append(f"[{msg.type}] {msg.text}"))
    page.on("pageerror", lambda exc: into.append(f"[pageerror] {exc}"))


def _open(page, base: str, token: str, name: str) -> None:
    """Open a notebook in a workspace of its own and wait for its kernel."""
    workspace = f"test-{uuid.uuid4().hex[:8]}"
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{name}?reset&token={token}")
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=120_000)


def _run_cell(page, index: int) -> None:
    """Select cell `index` in command mode and run it in place (Ctrl+Enter: no new cell is
    added after the last one, as Shift+Enter would)."""
    page.locator(CELLS).nth(index).locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")


@pytest.fixture(scope="module")
def browser(chromium_path):
    """One Chromium for the module (the shared flow outlives a single test)."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
    finally:
        pw.stop()


@pytest.fixture(scope="module")
def flow(lab, browser, tmp_path_factory):
    """`%load_ext`, then a panel session approved by clicking up to its sign-off gate."""
    base, token, root = lab
    shots = tmp_path_factory.mktemp("extension-shots")
    name = "extension.ipynb"
    script = root / "extension-script.json"
    script.write_text(json.dumps([code(BODY)]))
    path = write_notebook(root / name, "%load_ext jupyter_codegen", _codegen_cell(script))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    state = Flow(page, base, token, root, name, path, shots)
    _listen(page, state.console)
    print(f"extension screenshots: {shots}")
    panels = Panels(page, shots, None)
    try:
        _open(page, base, token, name)
        panels.hide_toasts()
        # The kernel learns of the extension only once %load_ext has finished (its hello is
        # answered between cells), so the %%codegen cell runs after it, not with Run All.
        _run_cell(page, 0)
        page.locator(CELLS).first.locator(".jp-InputPrompt", has_text="[1]").wait_for(
            timeout=60_000
        )
        page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=30_000)
        _run_cell(page, 1)
        panels.wait("step", timeout=90_000)  # a --single plan needs no approval
        panels.click("approve")
        panels.wait("signoff", timeout=90_000)
        page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=30_000)
        yield state
    except Exception:
        page.screenshot(path=str(shots / "flow-failed.png"))
        print(state.log())
        raise
    finally:
        _shutdown_sessions(base, token, name)
        page.close()


def test_an_approved_step_becomes_a_badged_cell_with_provenance(flow) -> None:
    page = flow.page
    cells = page.locator(CELLS)
    generated = flow.cell(2)
    badge = generated.locator(BADGE)
    try:
        badge.wait_for(timeout=15_000)
    except Exception:
        raise AssertionError(
            f"no badged cell below the %%codegen cell ({cells.count()} cells); console:\n"
            + flow.log()
        ) from None
    assert cells.count() == 3, "one generated cell, right below the %%codegen cell"
    assert flow.cell(1).locator(BADGE).count() == 0
    assert badge.get_attribute("data-kind") == "approved"
    title = badge.get_attribute("title") or ""
    assert "scripted/extension-script.json" in title and "approved by " in title, title
    flow.shoot(generated, "badge-approved")

    saved = nbformat.reads(flow.save(), as_version=4)
    nbformat.validate(saved)
    assert len(saved.cells) == 3
    origin, cell = saved.cells[1], saved.cells[2]
    assert origin.source.startswith("%%codegen")
    assert cell.cell_type == "code"
    header, _, body = cell.source.partition("\n")
    assert header.startswith("# Generated by %%codegen with scripted/extension-script.json")
    assert body == BODY
    meta = cell.metadata[META]
    record = next(o["data"][MIME] for o in origin.outputs if MIME in o.get("data", {}))
    assert meta["generated"] is True
    assert meta["session"] == record["session"]
    assert meta["task"] == "t1"
    assert meta["model"] == "scripted/extension-script.json"
    assert meta["decision"] == "approve"
    assert meta["actor"] and meta["actor"] != "auto-policy"
    assert meta["approved_at"]
    assert meta["approved_sha256"] == code_digest(body)
    assert meta["origin"] == origin.id

    # A hand edit flips the badge to `edited` (repainted within ~100 ms of the change).
    generated.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n# tuned by hand")
    generated.locator(f'{BADGE}[data-kind="edited"]').wait_for(timeout=2_000)
    page.keyboard.press("Escape")
    flow.shoot(generated, "badge-edited")
    assert "edited by hand" in (badge.get_attribute("title") or "")
    flow.save()


def test_sidebar_renderer_and_a_recorded_panel(flow) -> None:
    page = flow.page
    assert page.locator(NEW_TASK).count() == 1  # the extension's notebook toolbar button
    # Something else is active, so the timeline click below visibly moves the selection.
    flow.cell(0).locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")

    # Open the sidebar with its command, from the palette.
    page.keyboard.press("Control+Shift+c")
    palette = page.locator(".lm-CommandPalette-input")
    palette.fill("Codegen: show sidebar")
    page.keyboard.press("Enter")
    sidebar = page.locator(SIDEBAR)
    sidebar.wait_for(state="visible", timeout=10_000)

    section = sidebar.locator("section.jp-codegen-session")
    section.wait_for(timeout=10_000)
    session = section.get_attribute("data-session")
    timeline = section.locator("ol[data-testid=timeline]")
    # The sidebar redraws 400 ms after the notebook last changed: wait for the whole trail.
    decisions = timeline.locator('li[data-kind="decision"]')
    try:
        expect(decisions).to_have_count(2)  # the plan's and the step's
    except AssertionError:
        raise AssertionError(f"sidebar timeline:\n{timeline.inner_text()}\n{flow.log()}") from None
    graph = section.locator('[data-testid=graph][data-rendered="svg"]')
    graph.locator("svg g.node").first.wait_for(timeout=30_000)  # WASM graphviz, no `dot`
    usage = section.locator("[data-testid=usage]")
    assert usage.count() == 1 and usage.locator('tr[data-group="total"]').count() == 1
    verify = sidebar.locator("p[data-testid=verify]")
    try:
        sidebar.locator('p[data-testid=verify][data-state="intact"]').wait_for(timeout=30_000)
    except Exception:
        raise AssertionError(
            f"verify status is {verify.get_attribute('data-state')!r}: {verify.inner_text()}\n"
            + flow.log()
        ) from None
    flow.shoot(sidebar, "sidebar")

    # A click on the step's decision goes to the cell generated for that step.
    step = timeline.locator('li[data-kind="decision"]').filter(has_text="Decision at step t1")
    assert step.count() == 1, timeline.inner_text()
    step.locator(".jp-codegen-row[role=button]").first.click()
    page.wait_for_selector(f"{CELLS}.jp-codegen-flash", timeout=2_000)
    active = page.locator(f"{CELLS}.jp-mod-active")
    assert active.count() == 1
    assert active.locator(BADGE).count() == 1, "the generated cell is the active cell"
    index = page.locator(CELLS).evaluate_all(
        "cells => cells.findIndex(c => c.classList.contains('jp-mod-active'))"
    )
    assert index == 2, "the cell generated for t1, right below the %%codegen cell, is active"

    # The %%codegen cell's record is rendered: its report and a folded audit trail.
    record = flow.cell(1).locator(".jp-codegen-record")
    assert record.count() >= 1
    trail = record.last.locator("details[data-testid=trail]")
    summary = trail.locator("summary").first
    assert summary.inner_text().startswith("Audit trail: ")
    assert summary.inner_text().endswith(f"of session {session}")
    assert trail.get_attribute("open") is None
    summary.click()
    entries = trail.locator("ol[data-testid=timeline] > li")
    entries.first.wait_for(state="visible", timeout=5_000)
    assert trail.locator('ol[data-testid=timeline] > li[data-kind="decision"]').count() >= 2

    # Re-opened on a new kernel, the panel's widget is gone: it is drawn from its record.
    flow.save_if_dirty()  # the record is read from the file
    _shutdown_sessions(flow.base, flow.token, flow.name)
    page.reload()
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
    Panels(page, flow.shots, None).hide_toasts()  # the news question would cover the panel
    host = page.locator(".jp-codegen-panel-output [data-recorded=true]")
    try:
        host.locator(".jupyter-codegen-panel").wait_for(timeout=20_000)
    except Exception:
        page.screenshot(path=str(flow.shots / "recorded-failed.png"))
        raise AssertionError(
            "the panel was not drawn from its record; the cell shows:\n"
            + flow.cell(1).inner_text()
            + "\nconsole:\n"
            + flow.log()
        ) from None
    panel = host.locator(".jupyter-codegen-panel")
    assert panel.get_attribute("data-kind") == "signoff"
    assert panel.get_attribute("data-stale") == "true"
    assert panel.get_by_test_id("stale").is_visible()
    buttons = panel.locator("button[data-action]")
    assert buttons.count() >= 1
    assert all(b.is_disabled() for b in buttons.all())
    page.wait_for_timeout(1_000)  # let a late widget renderer show its error, if it would
    assert "model not found" not in page.locator(".jp-Notebook").inner_text()
    flow.shoot(panel, "recorded-panel")


def test_without_the_extension_the_trail_is_still_saved(
    browser, tmp_path_factory, monkeypatch
) -> None:
    root = tmp_path_factory.mktemp("lab-no-extension")
    config = tmp_path_factory.mktemp("jupyter-config")
    (config / "labconfig").mkdir()
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"jupyter-codegen": True}})
    )
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config))  # the server inherits it
    script = root / "auto-script.json"
    script.write_text(json.dumps([code(BODY)]))
    name = "fallback.ipynb"
    path = write_notebook(root / name, "%load_ext jupyter_codegen", _codegen_cell(script, "--auto"))
    before = path.read_text()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console: list[str] = []
    _listen(page, console)
    with serve("jupyterlab", root, *lab_flags(root)) as (base, token, _):
        try:
            run_all(page, base, token, name)
            # The extension is really off: no toolbar button, no sidebar.
            assert page.locator(NEW_TASK).count() == 0
            assert page.locator(SIDEBAR).count() == 0
            outputs = page.locator(CELLS).nth(1).locator(".jp-OutputArea")
            outputs.get_by_text(REPORT).wait_for(timeout=90_000)
            assert outputs.locator(".jp-codegen-record").count() == 0  # plain Markdown
            page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=30_000)
            page.locator(CELLS).first.locator(".jp-InputPrompt").click()
            page.keyboard.press("Escape")
            page.keyboard.press("Control+s")
            saved = _wait_for_save(path, before)
        except Exception:
            page.screenshot(path=str(root / "fallback-failed.png"))
            print("\n".join(console))
            raise
        finally:
            _shutdown_sessions(base, token, name)
            page.close()

    nb = nbformat.reads(saved, as_version=4)
    nbformat.validate(nb)
    assert len(nb.cells) == 2, [c.source for c in nb.cells]
    assert not [c for c in nb.cells if META in c.metadata]
    records = [o["data"][MIME] for o in nb.cells[1].outputs if MIME in o.get("data", {})]
    assert len(records) == 1 and records[0]["status"] == "passed"
    entries = records[0]["trail"]["entries"]
    decisions = [e["data"] for e in entries if e["kind"] == "decision"]
    assert decisions and all(d["actor"] == "auto-policy" for d in decisions), decisions
    assert [c["task"] for c in records[0]["cells"]] == ["t1"]
    assert BODY in records[0]["code"]
    done = subprocess.run(
        [sys.executable, "-m", "jupyter_codegen.cli.main", "verify", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "trail intact" in done.stdout, done.stdout + done.stderr
