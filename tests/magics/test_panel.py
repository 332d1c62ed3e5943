"""The panel's clicks through the magics: applied once, never from a stale panel."""

from __future__ import annotations

import pytest

from tests.replies import code, plan_reply

DOUBLE = code("def double(x):\n    return 2 * x")


@pytest.fixture
def magics(ip, monkeypatch):
    found = ip.magics_manager.registry["CodegenMagics"]
    monkeypatch.setattr(found.panels, "wanted", lambda shell, enabled: True)  # as in JupyterLab
    yield found
    found.panels.panel = None


def decisions(session) -> list[tuple[str, str]]:
    return [(e.data["gate"], e.data["action"]) for e in session.events if e.kind == "decision"]


def click(magics, panel, action: str, **extra) -> None:
    magics.panels.on_click(panel, {"action": action, "gate_id": panel.view["gate_id"], **extra})


def test_a_double_click_records_one_decision(ip, magics, script) -> None:
    ip.run_cell_magic(
        "codegen", f"--single --no-clarify --model {script(DOUBLE, DOUBLE)}", "double x"
    )
    panel, session = magics.panels.panel, magics.session
    # A --single plan is the task itself: approved as the text prompts do, with no panel.
    assert [(e.data["gate"], e.data["actor"]) for e in session.events if e.kind == "decision"] == [
        ("plan", "auto-policy")
    ]
    assert panel.view["kind"] == "step" and panel.view["status"] == "passed" and not panel.busy
    progress: list[str] = []
    panel.observe(lambda change: progress.append(change["new"]), "progress")
    click(magics, panel, "regenerate", comment="shorter")
    assert "t1: running attempt 1 in the sandbox" in progress  # shown while it worked
    assert decisions(session)[-1] == ("step", "regenerate")
    assert panel.view["attempts"] == 1 and panel.view["kind"] == "step"
    message = {"action": "approve", "gate_id": panel.view["gate_id"]}
    magics.panels.on_click(panel, message)
    magics.panels.on_click(panel, dict(message))  # the second click of a double click
    assert panel.view["kind"] == "signoff" and ip.user_ns["double"](2) == 4
    click(magics, panel, "approve")
    assert panel.view["kind"] == "done" and session.signed_off
    assert decisions(session) == [
        ("plan", "approve"),
        ("step", "regenerate"),
        ("step", "approve"),
        ("signoff", "approve"),
    ]


def test_a_stale_or_busy_panel_sends_nothing(ip, magics, script) -> None:
    ip.run_cell_magic("codegen", f"--single --no-clarify --model {script(DOUBLE)}", "double x")
    old, first = magics.panels.panel, magics.session
    old.busy = True
    click(magics, old, "approve")
    assert decisions(first) == [("plan", "approve")]  # the --single plan only
    old.busy = False
    ip.run_cell_magic(
        "codegen", f"--single --no-clarify --model {script(DOUBLE, name='b.json')}", "double x"
    )
    assert old.stale and magics.panels.panel is not old
    click(magics, old, "approve")
    assert decisions(first) == decisions(magics.session) == [("plan", "approve")]


def test_a_bad_click_shows_an_error_and_changes_nothing(ip, magics, script) -> None:
    planned = plan_reply(("t1", [], []), ("t2", ["t1"], []))
    ip.run_cell_magic("codegen", f"--no-clarify --model {script(planned)}", "double x")
    panel = magics.panels.panel
    assert panel.view["kind"] == "plan"
    click(magics, panel, "plan_edit", edit={"op": "drop", "task_id": "t9"})
    assert "t9" in panel.error and not panel.busy
    assert [e.kind for e in magics.session.events].count("plan_change") == 0
