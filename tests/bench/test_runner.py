"""The bench on the scripted model: modes, every field of the results, no leakage, resume,
and Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jupyter_codegen.bench import results
from jupyter_codegen.bench.run import bench
from jupyter_codegen.bench.runner import Settings, Worker
from jupyter_codegen.bench.suites import Problem
from jupyter_codegen.errors import CodegenError
from tests.replies import code

ADD = Problem(
    "toy/add",
    'def add(a, b):\n    """Add two numbers.\n\n    >>> add(2, 3)\n    5\n    """\n',
    "add",
    "def check(candidate):\n    assert candidate(2, 3) == 5\n    assert candidate(-1, 1) == 0  # HIDDEN-ADD\n",
)
NEG = Problem(
    "toy/neg",
    'def neg(x):\n    """Negate x.\n\n    >>> neg(4)\n    -4\n    """\n',
    "neg",
    "def check(candidate):\n    assert candidate(4) == -4\n    assert candidate(0) == 0  # HIDDEN-NEG\n",
)
WRONG_ADD = code("def add(a, b):\n    return a - b")
RIGHT_ADD = code("def add(a, b):\n    return a + b")
RIGHT_NEG = code("def neg(x):\n    return -x")

FIELDS = {
    "suite",
    "mode",
    "model",
    "problem",
    "sample",
    "passed",
    "status",
    "detail",
    "prompt_tokens",
    "completion_tokens",
    "cost",
    "seconds",
    "judge_seconds",
    "iterations",
    "visible_checks",
    "findings",
    "complexity",
    "maintainability",
    "code",
    "at",
}


def settings(model: str, **more) -> Settings:
    return Settings(suite="toy", model=model, timeout=30, judge_timeout=10, **more)


@pytest.mark.slow
def test_single_shot_and_workflow_on_the_scripted_model(tmp_path: Path, script) -> None:
    """Single-shot keeps its first (wrong) answer; the workflow sees the prompt's example fail
    and fixes it. Every field of every row is filled."""
    model = script(WRONG_ADD, RIGHT_NEG, WRONG_ADD, RIGHT_ADD, RIGHT_NEG)
    out = tmp_path / "out"
    summaries = bench(
        settings(model),
        modes=("single", "workflow"),
        problems=[ADD, NEG],
        out=out,
        progress=False,
    )
    rows = results.read(out / "results.jsonl")
    assert len(rows) == 4 and all(set(r) == FIELDS for r in rows)
    by = {(r["mode"], r["problem"]): r for r in rows}
    single, workflow = by["single", "toy/add"], by["workflow", "toy/add"]
    assert not single["passed"] and single["status"] == "failed"
    assert "AssertionError" in single["detail"]
    assert single["iterations"] == 0 and single["visible_checks"] == 0
    assert workflow["passed"] and workflow["status"] == "passed"
    assert workflow["iterations"] == 1 and workflow["visible_checks"] == 1
    assert workflow["complexity"] == 1 and workflow["maintainability"] > 50
    assert "return a + b" in workflow["code"]
    for row in rows:
        assert row["prompt_tokens"] > 0 and row["completion_tokens"] > 0
        assert row["seconds"] > 0 and row["judge_seconds"] > 0 and row["findings"] == 0
    assert by["single", "toy/neg"]["passed"] and by["workflow", "toy/neg"]["passed"]
    single_s, workflow_s = summaries
    assert (single_s.mode, single_s.pass_at[1], single_s.passed) == ("single", 0.5, 1)
    assert (workflow_s.mode, workflow_s.pass_at[1], workflow_s.passed) == ("workflow", 1.0, 2)
    assert workflow_s.iterations == 1 and workflow_s.tokens_per_solved is not None
    table = (out / "summary.md").read_text()
    assert "| toy | single |" in table and "50.0%" in table and "100.0%" in table
    assert json.loads((out / "summary.json").read_text())[1]["pass_at"] == {"1": 1.0}
    assert (out / "plot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_the_hidden_tests_never_reach_the_model(tmp_path: Path, script) -> None:
    """Every message of every model call, and every check the engine runs, comes from the
    prompt: the hidden tests' lines appear nowhere."""
    worker = Worker(settings(script(WRONG_ADD, RIGHT_ADD), mode="workflow"))
    try:
        session = worker.develop(ADD)
    finally:
        worker.close()
    sent = json.dumps(session.trail.blobs) + json.dumps(session.trail.entries)
    assert "add(2, 3)" in sent  # the prompt's own example went in
    assert "HIDDEN-ADD" not in sent and "candidate(-1, 1)" not in sent
    assert "def check" not in sent
    checks = " ".join(c.code for c in session.request.checks)
    assert "add(2, 3)" in checks and "HIDDEN" not in checks and "candidate" not in checks


@pytest.mark.slow
def test_an_interrupted_run_resumes_where_it_stopped(tmp_path: Path, script) -> None:
    out = tmp_path / "out"
    first = script(RIGHT_ADD, name="first.json")
    bench(settings(first), modes=("single",), problems=[ADD], out=out, progress=False)
    with (out / "results.jsonl").open("a") as f:
        f.write('{"suite": "toy", "mode": "single", "problem": "toy/ne')  # cut off mid-write
    # Only NEG is left: a script with only its reply would fail loudly if ADD ran again.
    rest = script(RIGHT_NEG, name="rest.json")
    rows_before = results.read(out / "results.jsonl")
    assert len(rows_before) == 1
    for row in rows_before:  # same model name, so the finished problem is recognised
        assert row["model"] == first
    path = out / "results.jsonl"
    path.write_text(path.read_text().replace(first, rest))
    summaries = bench(
        settings(rest), modes=("single",), problems=[ADD, NEG], out=out, progress=False
    )
    rows = results.read(path)
    assert [r["problem"] for r in rows] == ["toy/add", "toy/neg"]
    assert len(path.read_text().splitlines()) == 3  # the two rows and the cut-off line
    assert summaries[0].problems == 2 and summaries[0].pass_at[1] == 1.0


def test_bad_settings_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(CodegenError, match="unknown mode 'best'"):
        bench(settings("scripted/x"), modes=("best",), problems=[ADD], out=tmp_path)
    with pytest.raises(CodegenError, match=r"pass@10 needs at least 10 samples"):
        bench(settings("scripted/x"), ks=(1, 10), problems=[ADD], out=tmp_path)
    with pytest.raises(CodegenError, match="unknown executor 'ray'"):
        bench(settings("scripted/x"), executor="ray", problems=[ADD], out=tmp_path)


@pytest.mark.slow
def test_a_dask_local_cluster_runs_the_problems(tmp_path: Path, script) -> None:
    """Generation and judging on two Dask worker processes; the same rows as locally."""
    pytest.importorskip("distributed")
    model = script(RIGHT_NEG, RIGHT_NEG, RIGHT_NEG, name="neg.json")
    twin = Problem("toy/neg2", NEG.prompt, "neg", NEG.test)
    out = tmp_path / "out"
    bench(
        settings(model),
        modes=("single",),
        problems=[NEG, twin],
        out=out,
        executor="dask",
        workers=2,
        progress=False,
    )
    rows = results.read(out / "results.jsonl")
    assert sorted(r["problem"] for r in rows) == ["toy/neg", "toy/neg2"]
    assert all(r["passed"] and set(r) == FIELDS for r in rows)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--k", "one"], "--k takes numbers separated by commas, not 'one'"),
        (["--k", "0"], "--k needs at least one k of 1 or more"),
        (["--limit", "0"], "--limit must be 1 or more, not 0"),
        (["--suite", "mbpp"], "unknown suite 'mbpp'"),
    ],
)
def test_the_command_line_names_what_is_wrong(argv, message, capsys, tmp_path) -> None:
    from jupyter_codegen.cli.main import main

    assert main(["bench", "--out", str(tmp_path), "--no-progress", *argv]) == 2
    assert message in capsys.readouterr().err
