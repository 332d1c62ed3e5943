"""The Binder (repo2docker) configuration, validated without Docker: the Dockerfile that
`jupyter-repo2docker --no-build --no-run --debug .` generates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dockerfile() -> str:
    tool = Path(sys.executable).with_name("jupyter-repo2docker")
    if not tool.exists():
        tool = Path(shutil.which("jupyter-repo2docker") or "jupyter-repo2docker")
    done = subprocess.run(
        [str(tool), "--no-build", "--no-run", "--debug", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_image_has_python_311_and_the_system_packages(dockerfile: str) -> None:
    # The conda environment is the one repo2docker locks for Python 3.11 (it brings nodejs,
    # which the extension's build needs when its assets are not prebuilt).
    assert "environment-2epy-2d3-2e11-2dlinux-2d64-2elock" in dockerfile
    apt = next(ln for ln in dockerfile.splitlines() if "apt-get install" in ln and "graphviz" in ln)
    assert {"graphviz", "build-essential", "cmake"} <= set(apt.split())


def test_the_toolkit_is_installed_from_the_repository_then_the_model_fetched(
    dockerfile: str,
) -> None:
    lines = dockerfile.splitlines()
    copy = lines.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    install = next(
        i
        for i, ln in enumerate(lines)
        if 'pip install --no-cache-dir -r "binder/requirements.txt"' in ln
    )
    post = lines.index("RUN ./binder/postBuild")
    assert copy < install < post  # `.` in requirements.txt needs the repository copied first
    # The embedded model for the quickstart, the bench for evaluation.ipynb.
    assert (ROOT / "binder" / "requirements.txt").read_text().split("\n")[-2:] == [
        ".[local,bench]",
        "",
    ]
    script = ROOT / "binder" / "postBuild"
    assert os.access(script, os.X_OK)
    assert "jupyter-codegen model fetch" in script.read_text()


def test_the_readme_badge_opens_the_quickstart_in_jupyterlab() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "https://mybinder.org/badge_logo.svg" in readme
    assert "urlpath=lab/tree/notebooks/quickstart.ipynb" in readme
    assert (ROOT / "notebooks" / "quickstart.ipynb").is_file()
