"""Quality metrics: ruff findings, radon complexity and maintainability, and the total."""

from __future__ import annotations

import json

import pytest

from jupyter_codegen.core.findings import Finding
from jupyter_codegen.validation import quality
from jupyter_codegen.validation.quality import Quality, measure, total

SIMPLE = 'def add(a, b):\n    """The sum of a and b."""\n    return a + b\n'

BRANCHY = """def classify(values, limit):
    kinds = []
    for value in values:
        if value is None:
            kinds.append("missing")
        elif value < 0 and limit:
            kinds.append("negative")
        elif value > limit or value == limit:
            while value > limit:
                value -= limit
            kinds.append("large")
        else:
            try:
                kinds.append(str(int(value)))
            except ValueError:
                kinds.append("odd")
    return kinds
"""


def test_a_clean_function_ranks_a_with_low_complexity() -> None:
    result = measure(SIMPLE)
    assert result.rank == "A"
    assert 1 <= result.complexity <= 2
    assert result.mean_complexity == 1.0
    assert result.lint == ()
    assert result.lines == 2  # radon does not count the docstring as source
    assert result.coverage is None


def test_branching_raises_complexity() -> None:
    assert measure(BRANCHY).complexity > measure(SIMPLE).complexity + 5


def test_straight_line_code_has_complexity_one_and_top_level_branches_count() -> None:
    assert measure("x = 1\ny = x + 1\n").complexity == 1
    loop = measure("total = 0\nfor i in range(3):\n    if i:\n        total += i\n")
    assert loop.complexity == 3


def test_unused_import_and_undefined_name_are_reported_with_rule_and_line() -> None:
    findings = measure("x = 1\nimport os\n\n\ndef f():\n    return missing\n").lint
    by_rule = {finding.rule: finding for finding in findings}
    assert by_rule["F401"].line == 2
    assert by_rule["F401"].severity == "low"
    assert by_rule["F401"].source == "ruff"
    assert "os" in by_rule["F401"].suggestion  # ruff's fix message
    assert by_rule["F821"].line == 6
    assert by_rule["F821"].severity == "medium"
    assert "missing" in by_rule["F821"].message


def test_names_from_earlier_cells_are_not_undefined() -> None:
    assert measure("print(df.shape)\n", defined={"df"}).lint == ()
    assert [f.rule for f in measure("print(df.shape)\n").lint] == ["F821"]


def test_notebook_habits_are_not_flagged_but_real_bugs_are() -> None:
    # A trailing bare expression displays a value; an import after code is normal in a cell.
    assert measure("x = 1\nimport math\nmath.pi\n").lint == ()
    bugbear = measure("def f(items=[]):\n    return items\n").lint
    assert [(f.rule, f.severity, f.line) for f in bugbear] == [("B006", "medium", 1)]


def test_code_that_does_not_parse_is_measured_without_raising() -> None:
    result = measure("def broken(:\n    return 1\n")
    assert (result.complexity, result.maintainability, result.rank) == (0, 0.0, "?")
    assert result.lines == 2
    assert result.lint and all(f.severity == "medium" for f in result.lint)
    assert result.lint[0].line == 1


def test_without_ruff_lint_is_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quality, "ruff_binary", lambda: None)
    result = measure("import os\n")
    assert result.lint == ()
    assert result.rank == "A"


def test_as_dict_is_json() -> None:
    data = json.loads(json.dumps(measure("import os\n").with_coverage(1, 1).as_dict()))
    assert data["lint"][0]["rule"] == "F401"
    assert (data["coverage"], data["covered"], data["statements"]) == (1.0, 1, 1)


def test_with_coverage_fills_ratio_and_counts() -> None:
    filled = measure(SIMPLE).with_coverage(2, 3)
    assert (filled.coverage, filled.covered, filled.statements) == (2 / 3, 2, 3)
    assert measure("# nothing\n").with_coverage(0, 0).coverage == 1.0


def test_total_weights_by_lines_and_sums_counts() -> None:
    first = Finding("ruff", "F401", "low", 1, "unused")
    second = Finding("ruff", "F821", "medium", 2, "undefined")
    qualities = {
        "load": Quality((first,), 3, 2.0, 80.0, "A", 10, coverage=0.5, statements=8, covered=4),
        "plot": Quality((), 5, 4.0, 50.0, "A", 30, coverage=1.0, statements=2, covered=2),
        "empty": Quality((second,), 1, 1.0, 100.0, "A", 0),  # coverage not measured
    }
    result = total(qualities)
    assert result.lint == (first, second)
    assert result.complexity == 5
    assert result.mean_complexity == pytest.approx((2.0 * 10 + 4.0 * 30) / 40)  # 3.5
    assert result.maintainability == pytest.approx((80.0 * 10 + 50.0 * 30) / 40)  # 57.5
    assert result.rank == "A"
    assert result.lines == 40
    assert (result.covered, result.statements) == (6, 10)
    assert result.coverage == pytest.approx(0.6)


def test_total_without_counts_or_parts() -> None:
    assert total({}) == Quality((), 0, 0.0, 0.0, "?", 0)
    unmeasured = {"a": Quality((), 1, 1.0, 9.0, "C", 2), "b": Quality((), 2, 2.0, 30.0, "A", 2)}
    result = total(unmeasured)
    assert result.coverage is None
    assert (result.maintainability, result.rank) == (19.5, "A")
    ratios = {
        "a": Quality((), 1, 1.0, 90.0, "A", 1, 0.5),
        "b": Quality((), 1, 1.0, 90.0, "A", 3, 1.0),
    }
    assert total(ratios).coverage == pytest.approx(0.875)  # weighted by lines, no counts
