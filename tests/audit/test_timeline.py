"""report: a session's timeline in text and HTML, from the records in a notebook."""

from __future__ import annotations

import copy
import re

import nbformat
import pytest

from jupyter_codegen.audit.record import MIME, sessions
from jupyter_codegen.audit.timeline import render_html, render_text, timeline
from jupyter_codegen.notebook import store
from tests.audit.notebooks import TASK, stepped_notebook


@pytest.fixture(scope="module")
def pristine():
    return stepped_notebook()


@pytest.fixture
def nb(pristine):
    return copy.deepcopy(pristine)


def entries(nb) -> list[dict]:
    (trail,) = sessions(nb).values()
    return trail.entries


def test_text_tells_the_session_from_task_to_sign_off(nb) -> None:
    text = render_text(nb)
    assert f"Task: {TASK}" in text
    assert "Plan (valid): t1, t2, t3" in text
    assert "Attempt 1 at t1 [coder]: ok, tests 1/1, 0 findings" in text
    assert "Attempt 1 at t3 [coder]: ok, tests 0/0" in text
    assert re.search(r"\d\d:\d\d:\d\d  cell 2 +Decision at step t1: approve by ana", text)
    assert re.search(r"\d\d:\d\d:\d\d  cell 1 +Decision at plan: approve by auto-policy", text)
    assert "Validation passed: system test passed: 1/1 tests" in text
    assert "Signed off by auto-policy" in text
    day = entries(nb)[0]["at"][:10]
    assert text.count(day) == 1  # the date once per session, times as HH:MM:SS


def test_token_totals_are_the_sum_of_llm_calls_only(nb) -> None:
    calls = [e["data"] for e in entries(nb) if e["kind"] == "llm_call"]
    prompt = sum(c["prompt_tokens"] for c in calls)
    completion = sum(c["completion_tokens"] for c in calls)
    coder = [c for c in calls if c["profile"] == "coder"]
    text = render_text(nb)
    total = re.search(r"^  total +(\d+) +([\d,]+) +([\d,]+)  n/a$", text, re.M)
    assert total is not None
    assert total.groups() == (str(len(calls)), f"{prompt:,}", f"{completion:,}")
    model = re.search(r"^  fake +(\d+) +([\d,]+) +([\d,]+)  n/a$", text, re.M)
    assert model is not None and model.group(1) == str(len(calls))
    (line,) = timeline(nb)
    development = line.phases["development (coder)"]
    assert development.calls == len(coder)
    assert development.prompt_tokens == sum(c["prompt_tokens"] for c in coder)
    assert line.phases["plan"].calls == 1


def test_html_is_self_contained_and_escapes_what_it_shows(nb) -> None:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for entry in output["data"][MIME]["trail"]["entries"]:
                if entry["kind"] == "decision" and entry["data"]["actor"] == "ana":
                    entry["data"]["comment"] = "<script>alert(1)</script>"
    page = render_html(nb)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<details" in page and "<pre>base = 2\n</pre>" in page
    assert "http" not in page and "src=" not in page  # nothing loaded from elsewhere
    assert "prefers-color-scheme:dark" in page


def test_a_notebook_without_records_says_so() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("print(1)"))
    assert render_text(nb) == (
        "This notebook holds no %%codegen records: there is no session to report."
    )
    assert "no %%codegen records" in render_html(nb)


def test_missing_fields_do_not_crash(nb) -> None:
    trail = nb.cells[1].outputs[0]["data"][MIME]["trail"]
    del trail["entries"][0]["data"]
    del trail["entries"][1]["at"]
    trail["entries"][2]["data"] = {"task": ["odd"], "gate": "{0}"}
    del nb.cells[3].outputs[0]["data"][MIME]["trail"]["from"]
    nb.cells[5].outputs[0]["data"][MIME]["trail"]["entries"].append({"kind": "validation"})
    nb.cells[0].outputs[0]["data"][MIME].pop("task")
    text = render_text(nb)
    assert "Validation failed: ?" in text and "--:--:--" in text
    assert "<details" in render_html(nb)


def test_works_on_a_notebook_read_from_disk(pristine, tmp_path) -> None:
    path = tmp_path / "nb.ipynb"
    store.write(pristine, path)
    read = store.read(path)
    assert render_text(read) == render_text(pristine)
    assert TASK in render_html(read)
