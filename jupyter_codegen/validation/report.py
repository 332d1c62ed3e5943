"""The validation report: what the system test, the scans, the metrics and the reviewer found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jupyter_codegen.core.findings import Finding, highest
from jupyter_codegen.validation.quality import Quality
from jupyter_codegen.validation.reviewer import Concern
from jupyter_codegen.validation.system import SystemTest


@dataclass(frozen=True)
class TaskReport:
    """One accepted task: its scan findings and quality metrics."""

    task: str
    title: str
    findings: tuple[Finding, ...]
    quality: Quality

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return {
            "task": self.task,
            "title": self.title,
            "findings": [f.as_dict() for f in self.findings],
            "quality": self.quality.as_dict(),
        }


@dataclass
class Validation:
    """Everything the validation phase found, shown at sign-off and kept in the trail."""

    system: SystemTest
    tasks: list[TaskReport]
    total: Quality
    concerns: list[Concern] = field(default_factory=list)
    usage: dict[str, Any] = field(default_factory=dict)  # tokens and cost of the whole session
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every accepted cell and every test passed together in a fresh kernel."""
        return self.system.passed

    @property
    def findings(self) -> list[Finding]:
        """Every scan finding over the accepted code."""
        return [f for t in self.tasks for f in t.findings]

    def summary(self) -> str:
        """One line: the system test's outcome and the worst finding."""
        tests = self.system.tests
        passed = sum(1 for t in tests if t.passed)
        if tests:
            text = (
                f"system test {'passed' if self.passed else 'FAILED'}: {passed}/{len(tests)} tests"
            )
        else:
            ran = "ran" if self.passed else "FAILED"
            text = f"system test {ran} with no tests to judge the code"
        failed_cells = [c.task for c in self.system.cells if c.status != "ok"]
        if failed_cells:
            text += f", cells failing: {', '.join(failed_cells)}"
        worst = highest(self.findings)
        if worst:
            text += f"; worst finding {worst}"
        if self.concerns:
            text += f"; {len(self.concerns)} reviewer concern(s)"
        return text

    def concern(self, concern_id: str) -> Concern:
        """The reviewer concern with this id."""
        for concern in self.concerns:
            if concern.id == concern_id:
                return concern
        known = ", ".join(c.id for c in self.concerns) or "none"
        from jupyter_codegen.errors import CodegenError

        raise CodegenError(f"no reviewer concern {concern_id!r} (concerns: {known})")

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form, for the audit trail and the notebook output."""
        return {
            "passed": self.passed,
            "summary": self.summary(),
            "system": self.system.as_dict(),
            "tasks": [t.as_dict() for t in self.tasks],
            "total": self.total.as_dict(),
            "concerns": [c.as_dict() for c in self.concerns],
            "usage": self.usage,
            "notes": self.notes,
        }


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _cost(cost: float | None) -> str:
    return "cost unknown" if cost is None else f"cost ${cost:.4f}"


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def _quality_row(name: str, q: Quality) -> str:
    coverage = "n/a" if q.coverage is None else f"{q.coverage:.0%}"
    return (
        f"| {_cell(name)} | {q.lines} | {len(q.lint)} | {q.complexity} | "
        f"{q.maintainability:.0f} ({q.rank}) | {coverage} |"
    )


def render(v: Validation) -> str:
    """The report as Markdown, for the notebook output and the CLI."""
    lines = [f"### Validation: {v.summary()}", ""]
    system = v.system
    setup = " (with the setup recreating your objects)" if len(system.cells) > len(v.tasks) else ""
    lines.append(
        f"**System test** in a fresh kernel ({system.duration:.1f}s): "
        f"{sum(1 for c in system.cells if c.status == 'ok')}/{len(system.cells)} cells ran{setup}, "
        f"{sum(1 for t in system.tests if t.passed)}/{len(system.tests)} tests passed."
    )
    if system.tests:
        lines += ["", "| task | source | test | result |", "|---|---|---|---|"]
        for run in system.tests:
            result = "pass" if run.passed else f"FAIL: {_cell(_last_line(run.detail))}"
            lines.append(
                f"| {run.task} | {run.check.source} | `{_cell(run.check.label)}` | {result} |"
            )
    for cell in system.cells:
        if cell.status != "ok":
            lines.append(f"- cell `{cell.task}` {cell.status}: {_cell(cell.detail[-300:])}")
    if not system.tests:
        lines.append(
            "- No tests judged this code: write `assert` lines in the task, point `--tests` at "
            "a cell of yours, or turn on `--design-tests`."
        )
    if system.note:
        lines.append(f"- {system.note}")
    findings = [(t.task, f) for t in v.tasks for f in t.findings]
    counted = f"{len(findings)} finding(s)" if findings else "nothing found"
    lines += ["", f"**Security and imports**: {counted}."]
    for task, finding in sorted(
        findings, key=lambda tf: -("low", "medium", "high").index(tf[1].severity)
    ):
        lines.append(f"- `{task}` {finding.describe()}")
    lines += [
        "",
        "**Quality** (lines, lint findings, max cyclomatic complexity, maintainability index, "
        "line coverage by the tests):",
        "",
        "| task | lines | lint | complexity | maintainability | coverage |",
        "|---|---|---|---|---|---|",
    ]
    lines += [_quality_row(t.task, t.quality) for t in v.tasks]
    lines.append(_quality_row("**total**", v.total))
    lint = [(t.task, f) for t in v.tasks for f in t.quality.lint]
    lines += [f"- `{task}` {f.describe()}" for task, f in lint[:10]]
    if v.concerns:
        lines += ["", "**Reviewer concerns** (turn one into a task: `%codegen concern ID`):"]
        for c in v.concerns:
            about = f" (`{c.task}`)" if c.task else ""
            lines.append(f"- `{c.id}` [{c.severity}] {c.kind}{about}: {c.text}")
    if v.usage:
        lines += [
            "",
            f"**Tokens**: {v.usage.get('prompt_tokens', 0)} prompt + "
            f"{v.usage.get('completion_tokens', 0)} completion; {_cost(v.usage.get('cost'))}.",
        ]
    lines += [f"- note: {n}" for n in v.notes]
    return "\n".join(lines)
