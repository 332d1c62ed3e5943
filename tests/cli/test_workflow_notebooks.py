"""Headless notebooks on the scripted model: clarity, plans, edits and fix-ups, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from tests.cli.test_run import codegen_record, main, make_notebook
from tests.replies import code
from tests.replies import plan_reply as plan

CLARITY = json.dumps(
    {
        "restated": "Write greet(name) returning a greeting.",
        "assumptions": ["name is a str"],
        "questions": [{"question": "Which greeting word?", "default": "Hello"}],
    }
)


def run(tmp_path: Path, replies: list[str], *cells: str) -> tuple[int, object]:
    (tmp_path / "script.json").write_text(json.dumps(replies))
    path = make_notebook(tmp_path / "nb.ipynb", "%load_ext jupyter_codegen", *cells)
    code_ = main(["run", str(path)])
    return code_, nbformat.read(str(path), as_version=4)


def generated(nb) -> list:
    return [c for c in nb.cells if c.metadata.get("jupyter_codegen", {}).get("generated")]


def test_clarity_questions_take_defaults_under_auto(tmp_path: Path) -> None:
    status, nb = run(
        tmp_path,
        [CLARITY, code("def greet(name):\n    return f'Hello, {name}!'")],
        "%%codegen --model scripted/script.json --no-design-tests --no-review --auto --single\nA function greet(name).",
        "print(greet('Ada'))",
    )
    assert status == 0
    record = codegen_record(nb)
    assert record["spec"]["restated"] == "Write greet(name) returning a greeting."
    assert "Which greeting word? -> Hello (suggested default)" in record["spec"]["assumptions"]
    assert nb.cells[-1].outputs[0]["text"] == "Hello, Ada!\n"


def test_auto_answers_only_the_named_gates_and_the_person_steps_through(tmp_path: Path) -> None:
    # Headless (no stdin): the policy takes the suggested answers and the plan, and each task
    # and the sign-off still wait for %codegen commands.
    replies = [
        CLARITY,
        plan(("t1", [], ["assert greet('Ada') == 'Hello, Ada!'"]), ("t2", ["t1"], [])),
        code("def greet(name):\n    return f'Hello, {name}!'"),
        code("def shout(name):\n    return greet(name).upper()"),
    ]
    status, nb = run(
        tmp_path,
        replies,
        "%%codegen --model scripted/script.json --no-design-tests --no-review --auto clarify,plan --plan-only\nA function greet(name), then shout(name).",
        '%codegen plan update t2 --title "Shout the greeting"',
        "%codegen run",
        "print('greet' in globals())",
        "%codegen next",
        "%codegen next",
        "%codegen approve",
        "print(shout('Ada'))",
    )
    assert status == 0
    assert nb.cells[4].outputs[0]["text"] == "False\n"  # t1 waited for the person
    # The planning cell keeps its own report: later commands stream into their own outputs.
    planned = "".join(nb.cells[1].outputs[0]["data"]["text/markdown"])
    assert "The plan is ready and waiting for you" in planned and "is writing" not in planned
    assert nb.cells[-1].outputs[0]["text"] == "HELLO, ADA!\n"
    events = [e for c in nb.cells for o in c.get("outputs", []) for e in _events(o)]
    decisions = [(e["data"]["gate"], e["data"]["actor"]) for e in events if e["kind"] == "decision"]
    assert [g for g, _ in decisions] == ["clarify", "plan", "step", "step", "signoff"]
    assert [a == "auto-policy" for _, a in decisions] == [True, True, False, False, False]
    # A plan edit by the person names the same actor as their decisions.
    (edit,) = [e["data"]["actor"] for e in events if e["kind"] == "plan_change"]
    assert edit == decisions[-1][1]


def _records(nb) -> list[dict]:
    key = "application/vnd.jupyter.codegen+json"
    return [
        o["data"][key] for c in nb.cells for o in c.get("outputs", []) if key in o.get("data", {})
    ]


def _events(output: dict) -> list[dict]:
    record = output.get("data", {}).get("application/vnd.jupyter.codegen+json")
    return record["trail"]["entries"] if record else []


def test_multi_task_plan_runs_in_dependency_order(tmp_path: Path) -> None:
    replies = [
        plan(("t2", ["t1"], ["assert area(2) == 4"]), ("t1", [], ["assert square(3) == 9"])),
        code("def square(x):\n    return x * x"),
        code("def area(side):\n    return square(side)"),
    ]
    status, nb = run(
        tmp_path,
        replies,
        "%%codegen --model scripted/script.json --no-design-tests --no-review --auto --no-clarify\nSquare numbers, then compute the area of a square.",
        "print(area(5))",
    )
    assert status == 0
    record = codegen_record(nb)
    assert [t["task"] for t in record["tasks"]] == ["t1", "t2"]
    assert [c["task"] for c in record["cells"]] == ["t1", "t2"]
    assert [c.metadata["jupyter_codegen"]["task"] for c in generated(nb)] == ["t1", "t2"]
    assert "def square" in generated(nb)[0].source
    assert nb.cells[-1].outputs[0]["text"] == "25\n"
    graph = next(o for o in nb.cells[1].outputs if "text/vnd.graphviz" in o.get("data", {}))
    assert '"t1" -> "t2"' in graph["data"]["text/vnd.graphviz"]
    assert "approved" in graph["data"]["text/plain"]  # the live graph ended with final statuses


def test_plan_edited_between_planning_and_development(tmp_path: Path) -> None:
    replies = [
        plan(("t1", [], []), ("t2", ["t1"], []), ("t3", ["t2"], [])),
        code("base = 10"),
        code("result = base * 3"),
    ]
    status, nb = run(
        tmp_path,
        replies,
        "%%codegen --model scripted/script.json --no-design-tests --no-review --auto --no-clarify --plan-only\nThree steps.",
        "%codegen plan drop t2",
        "%codegen plan update t3 --title 'Triple the base'",
        "%codegen run",
        "print(result)",
    )
    assert status == 0
    shown = nb.cells[3].outputs[0]["data"]["text/plain"]
    assert "t2" not in shown and "t3" in shown
    assert "Triple the base" in nb.cells[4].outputs[0]["data"]["text/plain"]
    assert nb.cells[-1].outputs[0]["text"] == "30\n"
    # The plan-only cell keeps the plan as it was made; `%codegen run` reports the edited one.
    first, last = _records(nb)[0], _records(nb)[-1]
    assert [t["id"] for t in first["plan"]["tasks"]] == ["t1", "t2", "t3"]
    assert [t["id"] for t in last["plan"]["tasks"]] == ["t1", "t3"]


def test_fix_up_task_spawned_after_repeated_failures(tmp_path: Path) -> None:
    replies = [
        plan(("t1", [], ["assert half(8) == 4"])),
        code("def half(x):\n    return x // 3"),
        code("def half(x):\n    return x - 1"),
        code("def half(x):\n    return x // 2"),
    ]
    status, nb = run(
        tmp_path,
        replies,
        "%%codegen --model scripted/script.json --no-design-tests --no-review --auto --no-clarify --max-iters 1\nHalve a number.",
        "print(half(10))",
    )
    assert status == 0
    record = codegen_record(nb)
    statuses = {t["id"]: t["status"] for t in record["plan"]["tasks"]}
    assert statuses == {"t1": "rejected", "t1-fix": "approved"}
    assert record["status"] == "passed"
    assert [c["task"] for c in record["cells"]] == ["t1-fix"]
    assert nb.cells[-1].outputs[0]["text"] == "5\n"


def test_questions_without_auto_in_a_headless_run_are_a_clear_error(tmp_path: Path, capsys) -> None:
    status, nb = run(
        tmp_path,
        [CLARITY],
        "%%codegen --model scripted/script.json --no-design-tests --no-review --single\nA function greet(name).",
    )
    assert status == 1
    shown = "".join(o.get("text", "") for o in nb.cells[1].outputs)
    assert "cannot ask (no stdin" in shown
    assert "Add --auto" in shown


def test_rollback_in_a_notebook_then_continue(tmp_path: Path) -> None:
    replies = [
        plan(("t1", [], []), ("t2", ["t1"], [])),
        code("base = 10"),
        code("result = base * 2"),
        code("result = base * 3"),
    ]
    status, nb = run(
        tmp_path,
        replies,
        "%%codegen --model scripted/script.json --no-design-tests --no-review --auto --no-clarify\nTwo steps.",
        "%codegen snapshots",
        "%codegen rollback s1",
        "%codegen run",
        "print(result)",
    )
    assert status == 0
    by_source = {c.source: c for c in nb.cells}
    assert "`s2`: t1, t2" in by_source["%codegen snapshots"].outputs[0]["data"]["text/markdown"]
    rolled = by_source["%codegen rollback s1"].outputs
    assert "Rolled back to `s1`" in rolled[0]["data"]["text/markdown"]
    assert "[ ] t2" in rolled[1]["data"]["text/plain"]
    assert nb.cells[-1].outputs[0]["text"] == "30\n"  # the second run of t2 was promoted last


def test_risky_code_is_refused_headless_unless_allow_risky(tmp_path: Path) -> None:
    risky = code(
        "import subprocess\nfiles = subprocess.run(['ls'], capture_output=True).returncode"
    )
    (tmp_path / "script.json").write_text(json.dumps([risky, risky]))
    cell = "%%codegen --model scripted/script.json --no-review --auto --single --no-clarify\nList files."
    path = make_notebook(tmp_path / "nb.ipynb", "%load_ext jupyter_codegen", cell)
    assert main(["run", str(path)]) == 1
    record = codegen_record(nbformat.read(str(path), as_version=4))
    assert record["tasks"][0]["status"] == "blocked" and record["cells"] == []
    assert record["tasks"][0]["attempts"][0]["findings"][0]["severity"] == "high"
    assert main(["run", str(path), "--allow-risky"]) == 0
    nb = nbformat.read(str(path), as_version=4)
    assert codegen_record(nb)["status"] == "passed" and len(generated(nb)) == 1


def test_each_generated_cell_names_the_model_that_wrote_it(tmp_path: Path) -> None:
    (tmp_path / "small.json").write_text(
        json.dumps([code("def greet(name):\n    return 'Hi ' + name")])
    )
    replies = [
        plan(("t1", [], []), ("t2", ["t1"], [])),
        code("def shout(name):\n    return greet(name).upper()"),
    ]
    status, nb = run(
        tmp_path,
        replies,
        '%config Codegen.profiles = {"small": {"model": "scripted/small.json"}}',
        "%%codegen --model scripted/script.json --no-design-tests --no-review --auto --no-clarify --plan-only\nA function greet(name), then shout(name).",
        "%codegen plan assign t1 small",
        "%codegen run",
    )
    assert status == 0
    cells = {c.metadata["jupyter_codegen"]["task"]: c for c in generated(nb)}
    assert cells["t1"].metadata["jupyter_codegen"]["model"] == "scripted/small.json"
    assert cells["t1"].source.startswith("# Generated by %%codegen with scripted/small.json")
    assert cells["t2"].metadata["jupyter_codegen"]["model"] == "scripted/script.json"
