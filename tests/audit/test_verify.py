"""verify: intact trails pass; each kind of tampering fails, naming the event, cell and what."""

from __future__ import annotations

import copy

import pytest

from jupyter_codegen.audit.record import MIME, sessions
from jupyter_codegen.audit.verify import verify
from tests.audit.notebooks import stepped_notebook


@pytest.fixture(scope="module")
def pristine():
    return stepped_notebook()


@pytest.fixture
def nb(pristine):
    return copy.deepcopy(pristine)


def entries_of(nb, cell: int) -> list[dict]:
    return nb.cells[cell].outputs[0]["data"][MIME]["trail"]["entries"]


def find(nb, kind: str) -> tuple[int, int]:
    for c, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            for i, entry in enumerate(
                o.get("data", {}).get(MIME, {}).get("trail", {}).get("entries", [])
            ):
                if entry["kind"] == kind:
                    return c, i
    raise AssertionError(kind)


def test_an_intact_recorded_session_verifies(nb) -> None:
    verdict = verify(nb)
    assert verdict.ok, verdict.failures
    assert verdict.sessions == 1 and verdict.events > 20
    (trail,) = sessions(nb).values()
    assert len(trail.parts) > 1  # the trail is split over the cells that showed it
    kinds = {e["kind"] for e in trail.entries}
    assert {
        "llm_call",
        "execution",
        "decision",
        "plan",
        "snapshot",
        "validation",
        "signoff",
    } <= kinds


def test_a_changed_decision_is_caught(nb) -> None:
    c, i = find(nb, "decision")
    entries_of(nb, c)[i]["data"]["action"] = "reject"
    (failure,) = verify(nb).failures
    assert f"event #{entries_of(nb, c)[i]['seq']} (decision)" in failure
    assert f"cell {c + 1}" in failure and "no longer matches its hash" in failure


def test_a_deleted_event_is_caught(nb) -> None:
    c, i = find(nb, "execution")
    seq = entries_of(nb, c)[i]["seq"]
    del entries_of(nb, c)[i]
    (failure,) = verify(nb).failures
    assert f"event #{seq + 1}" in failure and "missing" in failure


def test_reordered_events_are_caught(nb) -> None:
    entries = entries_of(nb, 0)
    entries[2], entries[3] = entries[3], entries[2]
    (failure,) = verify(nb).failures
    assert "reordered" in failure and "cell 1" in failure


def test_an_edited_reply_is_caught(nb) -> None:
    c, i = find(nb, "llm_call")
    entries_of(nb, c)[i]["data"]["reply"] = "```python\nimport os\n```"
    (failure,) = verify(nb).failures
    assert "(llm_call)" in failure and "edited" in failure


def test_an_edited_stored_prompt_is_caught(nb) -> None:
    blobs = nb.cells[0].outputs[0]["data"][MIME]["trail"]["blobs"]
    key = next(iter(blobs))
    blobs[key] = {"role": "user", "content": "something else"}
    (failure,) = verify(nb).failures
    assert key[:12] in failure and "edited" in failure


def test_deleting_the_last_events_of_a_record_is_caught(nb) -> None:
    entries_of(nb, 1).pop()
    failures = verify(nb).failures
    assert failures and ("missing" in failures[0] or "deleted" in failures[0])


def test_a_hand_edit_of_a_generated_cell_is_a_note_not_tampering(nb) -> None:
    generated = next(c for c in nb.cells if c.metadata.get("jupyter_codegen", {}).get("generated"))
    generated.source += "\nprint('mine')"
    verdict = verify(nb)
    assert verdict.ok
    assert any("edited by hand after it was approved" in n for n in verdict.notes)


def test_a_foreign_record_is_a_clear_failure_and_left_alone(nb) -> None:
    nb.cells[0].outputs[0]["data"][MIME] = {"something": "else"}
    (failure,) = verify(nb).failures
    assert "does not match schema v1" in failure and "left untouched" in failure


def test_whole_floats_written_back_as_ints_by_a_browser_still_verify(nb) -> None:
    import json

    # JSON.stringify writes 0.0 as 0: simulate a JupyterLab save of the records.
    def as_js(value):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, dict):
            return {k: as_js(v) for k, v in value.items()}
        if isinstance(value, list):
            return [as_js(v) for v in value]
        return value

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if MIME in out.get("data", {}):
                out["data"][MIME] = json.loads(json.dumps(as_js(out["data"][MIME])))
    assert verify(nb).ok
