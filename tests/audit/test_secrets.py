"""A canary key in the environment, pulled into a prompt by the notebook context, is written
nowhere: not the saved notebook, not the recording, not the journal, not the logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from jupyter_codegen.core.redact import MASK, Redactor
from tests.cli.test_run import make_notebook
from tests.replies import code

CANARY = "sk-canary-7f3a9c2e11d04b6f8a55"


def test_canary_secret_reaches_no_file_and_no_log(tmp_path: Path) -> None:
    replies = [code("def greet(name):\n    return f'Hello, {name}!'"), json.dumps({"concerns": []})]
    (tmp_path / "script.json").write_text(json.dumps(replies))
    path = make_notebook(
        tmp_path / "nb.ipynb",
        "%load_ext jupyter_codegen",
        "import os\nkey = os.environ['OPENAI_API_KEY']",
        "%%codegen --model scripted/script.json --auto --single --no-clarify --review\n"
        "Write greet(name) returning a greeting.",
    )
    journals = tmp_path / "journal"
    env = {**os.environ, "OPENAI_API_KEY": CANARY, "JUPYTER_CODEGEN_JOURNAL": str(journals)}
    done = subprocess.run(
        [sys.executable, "-m", "jupyter_codegen.cli.main", "run", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    saved = path.read_text()
    assert MASK in saved  # the context line holding the key was in the prompt, masked
    written = [saved, done.stdout, done.stderr]
    written += [p.read_text() for p in journals.glob("*.jsonl")]
    assert len(written) > 3  # a journal was written
    assert not any(CANARY in text for text in written)


def test_redactor_masks_by_value_by_field_and_by_shape() -> None:
    redact = Redactor.from_environment({"MY_SERVICE_TOKEN": "abc123xyz", "HOME": "/root"})
    masked = redact.deep(
        {
            "text": "use abc123xyz and ghp_aaaaaaaaaaaaaaaaaaaaaaaa and /root",
            "api_key": "whatever-it-is",
            "prompt_tokens": 12,
            "nested": ["abc123xyz"],
        }
    )
    assert masked["text"] == f"use {MASK} and {MASK} and /root"
    assert masked["api_key"] == MASK and masked["prompt_tokens"] == 12
    assert masked["nested"] == [MASK]
