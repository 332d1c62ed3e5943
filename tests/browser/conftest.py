"""A real JupyterLab server and a real headless Chromium, for the few browser tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(
                "chromium is not installed; scripts/setup.sh installs it (apt-get install chromium)"
            )
        pytest.skip("chromium is not installed (scripts/setup.sh installs it as root)")
    return path


@contextlib.contextmanager
def serve(module: str, root: Path, *extra: str):
    """(base_url, token, root) of a Jupyter server app (`jupyterlab`, `notebook`) on `root`."""
    port, token = _free_port(), "codegen-test-token"
    args = [
        sys.executable,
        "-m",
        module,
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        *extra,
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log_path = root / f"{module}.log"
    log = log_path.open("w")
    server = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"{module} did not start:\n" + log_path.read_text()[-2000:])
        yield base, token, Path(root)
    finally:
        server.terminate()
        server.wait(20)
        log.close()


def lab_flags(root: Path) -> list[str]:
    """JupyterLab options for a quiet test server: no news, no update check, own workspaces."""
    return [
        "--LabApp.news_url=",
        f"--LabApp.workspaces_dir={root / '.workspaces'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]


@pytest.fixture(scope="session")
def lab(tmp_path_factory, chromium_path):
    """(base_url, token, root) of a JupyterLab serving a temporary directory."""
    root = tmp_path_factory.mktemp("lab")
    with serve("jupyterlab", root, *lab_flags(root)) as server:
        yield server


@pytest.fixture
def page(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


def run_all(page, base: str, token: str, notebook: str) -> None:
    """Open a notebook in a workspace of its own (so no notebook another test opened is
    restored and focused), wait for the kernel, and run every cell."""
    workspace = f"test-{uuid.uuid4().hex[:8]}"
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={token}")
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=120_000)
    page.click("text=Run", timeout=30_000)
    page.click("text=Run All Cells")


def write_notebook(path: Path, *cells: str) -> Path:
    """A python3 notebook of these code cells at `path`."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, str(path))
    return path
