"""Text prompts at the gates, answered over a real kernel's stdin channel (as JupyterLab does)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jupyter_codegen.kernel.ipc import ipc_manager
from jupyter_codegen.magics.display import MIME
from tests.cli.test_workflow_notebooks import CLARITY
from tests.replies import code
from tests.replies import plan_reply as plan


@pytest.fixture
def kernel(tmp_path: Path):
    km = ipc_manager("python3", tmp_path / "sockets")
    km.start_kernel(cwd=str(tmp_path))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    kc.execute_interactive("%load_ext jupyter_codegen", timeout=60)
    # The text prompts at stdin, as in a front end without widgets (terminal, console).
    kc.execute_interactive("%config Codegen.widgets = False", timeout=60)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run_with_answers(kc, tmp_path: Path, replies: list[str], cell: str, answers: list[str]):
    """Run a cell, answering each input() prompt in turn; return (prompts, last codegen record)."""
    if replies:
        (tmp_path / "script.json").write_text(json.dumps(replies))
    prompts: list[str] = []
    records: list[dict] = []
    pending = iter(answers)

    def on_input(msg) -> None:
        prompts.append(msg["content"]["prompt"])
        kc.input(next(pending))

    def on_output(msg) -> None:
        data = msg["content"].get("data", {})
        if MIME in data:
            records.append(data[MIME])

    reply = kc.execute_interactive(
        cell.replace("SCRIPT", str(tmp_path / "script.json")),
        allow_stdin=True,
        stdin_hook=on_input,
        output_hook=on_output,
        timeout=120,
    )
    assert reply["content"]["status"] == "ok", reply["content"]
    return prompts, records[-1]


def test_clarity_questions_are_asked_and_answers_reach_the_code(kernel, tmp_path: Path) -> None:
    prompts, record = run_with_answers(
        kernel,
        tmp_path,
        [CLARITY, code("def greet(name):\n    return f'Hi, {name}!'")],
        "%%codegen --model scripted/SCRIPT --no-design-tests --no-review --single\nA function greet(name).",
        ["Hi"],
    )
    assert prompts == ["1. Which greeting word? [Hello] "]
    assert record["spec"]["answers"] == [["Which greeting word?", "Hi"]]
    assert record["status"] == "pending" and record["cells"] == []  # waits for approval
    _, record = run_with_answers(kernel, tmp_path, [], "%codegen next", [])
    assert [c["decision"] for c in record["cells"]] == ["approve"]


def test_plan_is_shown_edited_and_approved_at_the_prompt(kernel, tmp_path: Path) -> None:
    prompts, record = run_with_answers(
        kernel,
        tmp_path,
        [
            plan(("t1", [], []), ("t2", ["t1"], []), ("t3", ["t1"], [])),
            code("a = 1"),
            code("c = a + 2"),
        ],
        "%%codegen --model scripted/SCRIPT --no-design-tests --no-review --no-clarify\nThree steps.",
        ["drop t2", "merge t1 nope", ""],
    )
    assert len(prompts) == 3 and all("Enter approves the plan" in p for p in prompts)
    assert [t["id"] for t in record["plan"]["tasks"]] == ["t1", "t3"]
    _, record = run_with_answers(kernel, tmp_path, [], "%codegen run-all", [])
    assert [c["task"] for c in record["cells"]] == ["t1", "t3"]
