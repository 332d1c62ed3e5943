"""The approval panels drive a whole session by clicking, in a real JupyterLab.

Clarify → plan (split a task) → steps (approve, reject with feedback, regenerate the fix-up,
roll back) → sign-off, every decision a click; the saved notebook then holds them all in order
and verifies. With CODEGEN_DOCS_SCREENSHOTS=<dir> it also writes the README's panel images,
light and dark.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from jupyter_codegen.magics.display import MIME
from tests.browser.conftest import run_all, write_notebook
from tests.browser.test_trail_save import _shutdown_sessions
from tests.replies import code, plan_reply

pytestmark = pytest.mark.browser

TASK = "A function double(x), and quadruple(x) built on it."
ANSWER = "ints and floats"
CLARIFY = json.dumps(
    {
        "restated": "Define double(x) returning 2 * x, then quadruple(x) using double.",
        "assumptions": ["x is a number"],
        "questions": [{"question": "Which inputs must double accept?", "default": "ints"}],
    }
)
PLAN = plan_reply(
    ("t1", [], ["assert double(2) == 4"]), ("t2", ["t1"], ["assert quadruple(3) == 12"])
)
SPLIT = ["twice_double(x)", "quadruple(x)"]
FEEDBACK = "it raises: write twice_double with double, no placeholder"
REGENERATE = "use multiplication instead"
# The fix-up task's two replies and the re-developed t2.1: each tells its panel apart.
FIX_V1 = "return double(double(x))"
FIX_V2 = "return 2 * double(x)"
REDONE = "return double(x) + double(x)"
SCRIPT = [
    CLARIFY,  # the clarity check
    PLAN,  # the planner: t1, t2 (t2 is split into t2.1, t2.2 in the panel)
    code("def double(x):\n    return 2 * x"),  # t1, approved
    code('raise RuntimeError("twice_double is not written yet")'),  # t2.1 fails, is rejected
    code(f"def twice_double(x):\n    {FIX_V1}"),  # t2.1-fix, regenerated
    code(f"def twice_double(x):\n    {FIX_V2}"),  # t2.1-fix again, then rolled back to s1
    code(f"def twice_double(x):\n    {REDONE}"),  # t2.1 developed again, approved
    code("def quadruple(x):\n    return twice_double(x)"),  # t2.2, approved
]
PANEL = ".jupyter-codegen-panel"
DOCS_ENV = "CODEGEN_DOCS_SCREENSHOTS"

# Resolves once the panel shows gate `kind`, settled (not busy, nothing in flight), with an
# <h3> starting with `heading` and `text` somewhere in it; or at once when it shows an error.
SETTLED = """([kind, heading, text]) => {
  const root = document.querySelector('.jupyter-codegen-panel');
  if (!root) return false;
  const error = root.querySelector('[data-testid=error]');
  if (error && !error.hidden && error.textContent) return true;
  if (root.dataset.kind !== kind || root.dataset.busy !== 'false') return false;
  if (!root.querySelector('[data-testid=working]').hidden) return false;
  const h3 = root.querySelector('.cg-body h3');
  if (heading && !(h3 && h3.textContent.startsWith(heading))) return false;
  return !text || root.textContent.includes(text);
}"""


class Panels:
    """Clicks, waits and screenshots for the one panel of the session."""

    def __init__(self, page, shots: Path, docs: Path | None) -> None:
        self.page, self.shots, self.docs = page, shots, docs
        self.root = page.locator(PANEL)

    def wait(self, kind: str, heading: str = "", text: str = "", timeout: float = 60_000) -> None:
        try:
            self.page.wait_for_function(SETTLED, arg=[kind, heading, text], timeout=timeout)
        except Exception:
            self.page.screenshot(path=str(self.shots / "timeout.png"))
            shown = self.root.inner_text() if self.root.count() else "(no panel)"
            raise AssertionError(
                f"the panel did not settle on {kind} {heading!r} {text!r}; it shows:\n{shown}"
            ) from None
        error = self.root.get_by_test_id("error")
        if error.is_visible():
            raise AssertionError(f"the panel reports an error: {error.inner_text()}")
        assert self.root.get_attribute("data-stale") == "false"

    def hide_toasts(self) -> None:
        """JupyterLab's toasts (the news question) would cover the panel in screenshots."""
        self.page.add_style_tag(content=".Toastify { display: none !important; }")

    def click(self, action: str) -> None:
        self.root.locator(f'button[data-action="{action}"]').first.click()

    def shoot(self, name: str, docs: bool = False) -> None:
        """The panel as it is now, into the artifacts; with docs, also light and dark images."""
        self.page.mouse.move(0, 0)  # no hover state in the pictures
        self.root.screenshot(path=str(self.shots / f"{name}.png"))
        if not (docs and self.docs):
            return
        self.root.screenshot(path=str(self.docs / f"{name}-light.png"))
        self._theme("JupyterLab Dark")
        self.root.screenshot(path=str(self.docs / f"{name}-dark.png"))
        self._theme("JupyterLab Light")

    def _theme(self, name: str) -> None:
        """Switch the theme from the Settings menu, as a person would."""
        self.page.locator('.lm-MenuBar-itemLabel:text-is("Settings")').click()
        self.page.locator('.lm-Menu-itemLabel:text-is("Theme")').click()
        self.page.locator(f'.lm-Menu-itemLabel:text-is("{name}")').click()
        self.page.wait_for_selector(f'body[data-jp-theme-name="{name}"]', state="attached")
        self.page.wait_for_selector("#jupyterlab-splash", state="detached")  # shown meanwhile
        self.page.mouse.move(0, 0)


class MissingRecord(AssertionError):
    """The saved %%codegen cell lacks its JSON record (the product bug the xfail names)."""


def _wait_for_change(path: Path, before: str, timeout: float = 30.0) -> str:
    """The notebook as saved, once the file differs from `before`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text()
        if text != before:
            return text
        time.sleep(0.2)
    raise AssertionError(f"{path.name} was not saved within {timeout}s")


def _themes_file() -> Path:
    """Where JupyterLab keeps the theme a person chose (the dark shots change it)."""
    from jupyterlab.commands import get_user_settings_dir

    settings = Path(get_user_settings_dir())
    return settings / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"


def _restore(path: Path, saved: bytes | None, existed: set[Path]) -> None:
    """Put a settings file back as it was, removing the folders made for it."""
    if saved is not None:
        path.write_bytes(saved)
        return
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder in existed or not folder.is_dir() or any(folder.iterdir()):
            break
        folder.rmdir()


def _story(entries: list[dict]) -> list[str]:
    """The person-visible milestones of a trail, in order."""
    story = []
    for entry in entries:
        kind, data = entry["kind"], entry["data"]
        if kind == "decision":
            story.append(
                " ".join(p for p in ("decision", data["gate"], data["task"], data["action"]) if p)
            )
        elif kind == "plan_change":
            story.append(f"plan_change {data['edit']['op']}")
        elif kind == "rollback":
            story.append(f"rollback {data['to']}")
        elif kind == "signoff":
            story.append(f"signoff accepted={data['accepted']}")
    return story


def test_a_session_is_driven_by_clicking_its_panels(lab, page, tmp_path) -> None:
    base, token, root = lab
    name = "panels.ipynb"
    script = root / "panels-script.json"
    script.write_text(json.dumps(SCRIPT))
    path = write_notebook(
        root / name,
        "%load_ext jupyter_codegen",
        # Relative to the kernel's directory (the lab root): a short name in the header.
        f"%%codegen --model scripted/{script.name} --max-iters 0 --no-review\n{TASK}",
    )
    before = path.read_text()

    docs = Path(os.environ[DOCS_ENV]).resolve() if os.environ.get(DOCS_ENV) else None
    themes = _themes_file()
    themes_before = themes.read_bytes() if themes.is_file() else None
    existed = {folder for folder in themes.parents if folder.exists()}
    if docs is not None:
        docs.mkdir(parents=True, exist_ok=True)
    print(f"panel screenshots: {tmp_path}" + (f" and {docs}" if docs else ""))
    panels = Panels(page, tmp_path, docs)

    try:
        run_all(page, base, token, name)
        panels.hide_toasts()

        # 1. Clarify: answer the question, confirm.
        panels.wait("clarify", "Clarify the task", "Which inputs must double accept?", 120_000)
        panels.shoot("clarify", docs=True)
        panels.root.get_by_test_id("answer-0").fill(ANSWER)
        panels.click("approve")

        # 2. Plan: split t2 in place, then approve the plan.
        panels.wait("plan", "Review the plan", "step t2")
        panels.root.locator('[data-toggle="split-t2"]').click()
        panels.root.get_by_test_id("split-titles-t2").fill("\n".join(SPLIT))
        panels.shoot("plan", docs=True)
        panels.root.locator('button[data-op="split"][data-task="t2"]').click()
        panels.wait("plan", "Review the plan", SPLIT[1])
        ids = panels.root.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.task)")
        assert ids == ["t1", "t2.1", "t2.2"]
        panels.shoot("plan-split")
        panels.click("approve")

        # 3. Approve t1.
        panels.wait("step", "t1:", "double(2) == 4")
        panels.shoot("step", docs=True)
        panels.click("approve")

        # 4. t2.1 failed (one attempt, --max-iters 0): reject it with feedback → t2.1-fix.
        panels.wait("step", "t2.1: twice_double(x) · failed")
        panels.shoot("step-failed")
        panels.root.get_by_test_id("feedback").fill(FEEDBACK)
        panels.click("reject")

        # 5. Regenerate the fix-up task.
        panels.wait("step", "t2.1-fix:", FIX_V1)
        panels.root.get_by_test_id("feedback").fill(REGENERATE)
        panels.click("regenerate")

        # 6. Roll back to the snapshot taken after t1: t2.1 is developed again.
        panels.wait("step", "t2.1-fix:", FIX_V2)
        snapshot = panels.root.get_by_test_id("snapshot")
        options = snapshot.locator("option").evaluate_all("os => os.map(o => o.textContent)")
        assert options[:2] == ["s0 (no cells)", "s1 (t1)"], options
        snapshot.select_option("s1")
        panels.click("rollback")

        # 7. Approve the re-developed t2.1, then t2.2.
        panels.wait("step", "t2.1: twice_double(x) · passed", REDONE)
        panels.click("approve")
        panels.wait("step", "t2.2: quadruple(x) · passed")
        panels.click("approve")

        # 8. Sign off.
        panels.wait("signoff", "Sign off", "system test passed", 90_000)
        panels.shoot("signoff", docs=True)
        panels.click("approve")
        panels.wait("done", "Done", "Signed off")
        panels.shoot("done")

        page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=30_000)
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.keyboard.press("Escape")  # command mode: nothing typed can land in a cell
        page.keyboard.press("Control+s")
        saved = _wait_for_change(path, before)

        # A reload draws the panel again from the kernel's state: the finished session.
        page.reload()
        page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=60_000)
        page.wait_for_selector('.jupyter-codegen-panel[data-kind="done"]', timeout=30_000)
        assert page.locator(".jupyter-codegen-panel button[data-action]").count() == 0
    finally:
        _shutdown_sessions(base, token, name)
        if docs is not None:  # leave the person's theme setting as it was
            _restore(themes, themes_before, existed)

    on_disk = nbformat.reads(saved, as_version=4)
    nbformat.validate(on_disk)
    cell = next(c for c in on_disk.cells if c.source.startswith("%%codegen"))
    records = [out["data"][MIME] for out in cell.outputs if MIME in out.get("data", {})]
    if not records:
        shown = [out.get("data", {}).get("text/plain", "") for out in cell.outputs]
        raise MissingRecord(f"the %%codegen cell has no {MIME} record; its outputs: {shown}")
    entries = sorted((e for r in records for e in r["trail"]["entries"]), key=lambda e: e["seq"])
    assert _story(entries) == [
        "decision clarify approve",
        "plan_change split",
        "decision plan approve",
        "decision step t1 approve",
        "decision step t2.1 reject",
        "plan_change spawn_fix",
        "decision step t2.1-fix regenerate",
        "rollback s1",
        "decision step t2.1 approve",
        "decision step t2.2 approve",
        "decision signoff approve",
        "signoff accepted=True",
    ]
    decisions = [e["data"] for e in entries if e["kind"] == "decision"]
    assert decisions[0]["answers"] == [[0, ANSWER]]
    assert decisions[3]["comment"] == FEEDBACK
    assert decisions[4]["comment"] == REGENERATE
    split = next(e["data"]["edit"] for e in entries if e["kind"] == "plan_change")
    assert split == {"op": "split", "task_id": "t2", "titles": SPLIT}

    last = records[-1]
    assert last["signed_off"] is True
    assert [t["id"] for t in last["plan"]["tasks"]] == ["t1", "t2.1", "t2.2"]  # as at s1
    assert [c["task"] for c in last["cells"]] == ["t1", "t2.1", "t2.2"]
    assert REDONE in last["code"]

    done = subprocess.run(
        [sys.executable, "-m", "jupyter_codegen.cli.main", "verify", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
