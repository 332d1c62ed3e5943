"""Shared fixtures: scripted models, fake ports, and an offline litellm."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# litellm would otherwise fetch a price map from the internet at import.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"


@pytest.fixture
def script(tmp_path: Path):
    """Write a scripted-model file and return its `scripted/<path>` model name."""
    from jupyter_codegen.llm.scripted import reset_scripts

    reset_scripts()

    def make(*replies: str, name: str = "script.json") -> str:
        path = tmp_path / name
        path.write_text(json.dumps(list(replies)))
        return f"scripted/{path}"

    yield make
    reset_scripts()


@pytest.fixture(autouse=True, scope="session")
def journal_dir(tmp_path_factory):
    """Journals go to a temporary directory, here and in every process the tests start."""
    os.environ["JUPYTER_CODEGEN_JOURNAL"] = str(tmp_path_factory.mktemp("journal"))
    return Path(os.environ["JUPYTER_CODEGEN_JOURNAL"])
