"""Quality metrics for accepted code: ruff lint, radon complexity, maintainability and size.

Each task's code is measured on its own; `total` folds the per-task numbers into one summary
for the whole result. Coverage is not measured here: the system test runs the code with its
tests and fills it in with `Quality.with_coverage`.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from jupyter_codegen.core.findings import Finding, Severity

RUFF_TIMEOUT = 10.0

# pyflakes (F) and pycodestyle's import, statement and syntax errors (E4, E7, E9) are ruff's
# defaults. Added: bugbear (B) for likely bugs, W605 (invalid escape sequence, a silent bug
# in regex strings) and pylint's error class (PLE). Dropped: E402, because imports after
# other code are normal in a notebook cell, and B018, because a bare expression at the end of
# a cell is how a notebook displays a value. Long lines (E501) are not a defect here.
RUFF_SELECT = ("E4", "E7", "E9", "F", "B", "W605", "PLE")
RUFF_IGNORE = ("E402", "B018")

# Rules that point at code that is wrong, not merely untidy.
_BUG_PREFIXES = ("E9", "F50", "F52", "F6", "F7", "PLE")
_BUG_RULE_LIST = """
F811 F821 F822 F823
B002 B006 B008 B012 B015 B016 B020 B023 B025 B026 B029 B030 B031 B032 B033 B035 B039
"""
_BUG_RULES = frozenset(_BUG_RULE_LIST.split())


@dataclass(frozen=True)
class Quality:
    """How clean and how simple a piece of code is.

    `complexity` is the highest cyclomatic complexity of any block (the cell's top-level code,
    a function, a method or a class; 1 for straight-line code, 0 when the code does not
    parse); `mean_complexity` the mean over functions, methods and classes (the top level's
    when there are none). `maintainability` is radon's maintainability index (0-100) and
    `rank` its letter (A best, C worst, "?" when the code does not parse). `lines` counts
    source lines of code. `coverage` is the fraction of `statements` the tests ran
    (`covered`), None when not measured.
    """

    lint: tuple[Finding, ...]
    complexity: int
    mean_complexity: float
    maintainability: float
    rank: str
    lines: int
    coverage: float | None = None
    statements: int = 0
    covered: int = 0

    def with_coverage(self, covered: int, statements: int) -> Quality:
        """A copy with line coverage filled in (code without statements counts as covered)."""
        ratio = covered / statements if statements else 1.0
        return replace(self, coverage=ratio, statements=statements, covered=covered)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return {
            "lint": [finding.as_dict() for finding in self.lint],
            "complexity": self.complexity,
            "mean_complexity": self.mean_complexity,
            "maintainability": self.maintainability,
            "rank": self.rank,
            "lines": self.lines,
            "coverage": self.coverage,
            "statements": self.statements,
            "covered": self.covered,
        }


def measure(code: str, *, defined: Collection[str] = ()) -> Quality:
    """Lint and measure `code`; never raises, even for code that does not parse.

    `defined` names what the code may use without defining it (names from earlier cells or the
    person's namespace), so ruff does not report them as undefined.
    """
    from radon.metrics import mi_rank, mi_visit  # radon loads on first use, not at %load_ext
    from radon.raw import analyze
    from radon.visitors import ComplexityVisitor

    lint = tuple(lint_findings(code, defined))
    try:
        visitor = ComplexityVisitor.from_code(code)
        maintainability = float(mi_visit(code, True))
        lines = int(analyze(code).sloc)
    except Exception:  # radon raises SyntaxError, and ValueError for null bytes
        return Quality(lint, 0, 0.0, 0.0, "?", _rough_lines(code))
    scores = [int(block.complexity) for block in visitor.blocks]
    top = int(visitor.complexity)
    mean = sum(scores) / len(scores) if scores else float(top)
    return Quality(
        lint=lint,
        complexity=max([top, *scores]),
        mean_complexity=mean,
        maintainability=maintainability,
        rank=str(mi_rank(maintainability)),
        lines=lines,
    )


def total(qualities: Mapping[str, Quality]) -> Quality:
    """One Quality for the whole result: every finding, the worst complexity, sizes summed.

    Means and maintainability are weighted by lines of code. Coverage is covered over total
    statements of the measured parts; None when no part was measured.
    """
    from radon.metrics import mi_rank

    parts = list(qualities.values())
    if not parts:
        return Quality((), 0, 0.0, 0.0, "?", 0)
    maintainability = _weighted(parts, [q.maintainability for q in parts])
    measured = [q for q in parts if q.coverage is not None]
    statements = sum(q.statements for q in measured)
    covered = sum(q.covered for q in measured)
    coverage: float | None = None
    if statements:
        coverage = covered / statements
    elif measured:
        coverage = _weighted(measured, [q.coverage or 0.0 for q in measured])
    return Quality(
        lint=tuple(finding for q in parts for finding in q.lint),
        complexity=max(q.complexity for q in parts),
        mean_complexity=_weighted(parts, [q.mean_complexity for q in parts]),
        maintainability=maintainability,
        rank=str(mi_rank(maintainability)),
        lines=sum(q.lines for q in parts),
        coverage=coverage,
        statements=statements,
        covered=covered,
    )


def lint_findings(code: str, defined: Collection[str] = ()) -> list[Finding]:
    """Ruff's findings for `code`; empty when ruff is not installed or fails."""
    binary = ruff_binary()
    if binary is None:
        return []
    command = [binary, "check", "--isolated", "--no-cache", "--output-format", "json"]
    command += ["--select", ",".join(RUFF_SELECT), "--ignore", ",".join(RUFF_IGNORE)]
    names = sorted(name for name in defined if name.isidentifier())
    if names:
        command += ["--config", f"builtins = {json.dumps(names)}"]
    command += ["--stdin-filename", "cell.py", "-"]
    try:
        done = subprocess.run(
            command, input=code, capture_output=True, text=True, timeout=RUFF_TIMEOUT
        )
        items = json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        return []
    if not isinstance(items, list):
        return []
    return [_finding(item) for item in items if isinstance(item, dict)]


def ruff_binary() -> str | None:
    """The ruff executable shipped with the `ruff` package, else the one on PATH."""
    try:
        module = importlib.import_module("ruff.__main__")
        return str(module.find_ruff_bin())
    except (ImportError, AttributeError, OSError):
        return shutil.which("ruff")


def _finding(item: dict[str, Any]) -> Finding:
    rule = str(item.get("code") or "invalid-syntax")
    fix = item.get("fix") or {}
    location = item.get("location") or {}
    return Finding(
        source="ruff",
        rule=rule,
        severity=_severity(rule),
        line=int(location.get("row") or 0),
        message=str(item.get("message", "")),
        suggestion=str(fix.get("message") or ""),
    )


def _severity(rule: str) -> Severity:
    if rule == "invalid-syntax" or rule in _BUG_RULES or rule.startswith(_BUG_PREFIXES):
        return "medium"
    return "low"


def _weighted(parts: list[Quality], values: list[float]) -> float:
    """The mean of `values` weighted by each part's lines (a plain mean if all are empty)."""
    weights = [q.lines for q in parts]
    if sum(weights):
        return sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)
    return sum(values) / len(values)


def _rough_lines(code: str) -> int:
    """Non-blank, non-comment lines, for code radon cannot read."""
    return sum(1 for line in code.splitlines() if line.strip() and not line.strip().startswith("#"))
