"""The JupyterLab and server extensions are installed and enabled by the set-up."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

JUPYTER = Path(sys.executable).with_name("jupyter")


def listing(*args: str) -> str:
    done = subprocess.run(
        [str(JUPYTER), *args], capture_output=True, text=True, timeout=120, check=True
    )
    return re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)  # no colours


def test_the_labextension_is_enabled_and_compatible() -> None:
    found = [ln for ln in listing("labextension", "list").splitlines() if "jupyter-codegen" in ln]
    assert found, "jupyter-codegen is not installed: run scripts/setup.sh (it needs npm)"
    assert "enabled" in found[0] and "OK" in found[0], found[0]
    assert "(python, jupyter_codegen)" in found[0]


def test_the_server_extension_is_enabled() -> None:
    text = listing("server", "extension", "list")
    assert re.search(r"jupyter_codegen\s+enabled", text), text
    assert re.search(r"jupyter_codegen 0\.\d+\.\d+ OK", text), text
