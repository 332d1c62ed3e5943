"""The validation phase as one call: system test, scans, metrics and review over accepted code."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.findings import Finding
from jupyter_codegen.core.ports import ModelClient, Sandbox
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.request import Accepted
from jupyter_codegen.validation import quality, reviewer, system
from jupyter_codegen.validation.report import TaskReport, Validation


@dataclass
class Inputs:
    """What validation looks at: the accepted code in notebook order and every test of it."""

    spec: str
    accepted: Sequence[Accepted]
    tests: Sequence[tuple[str, Check]]  # (task id, check), in the order they should run
    seed: Callable[[str], str] | None = None
    scan: Callable[[str], Sequence[Finding]] | None = None
    timeout: float | None = None
    names: Sequence[str] = ()  # what the notebook defines, so lint does not call it undefined
    notes: list[str] = field(default_factory=list)


def top_level_names(code: str) -> set[str]:
    """Names a cell binds at the top level: functions, classes, assignments, imports."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        else:
            for child in ast.walk(node):
                if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                    names.add(child.id)
    return names


def cells(inputs: Inputs) -> list[system.Cell]:
    """Accepted code in notebook order, each preceded by the setup recreating the user's objects."""
    out: list[system.Cell] = []
    if inputs.seed and inputs.accepted:
        # The user's objects the tests use (`assert f(df) == ...`), first, so that anything
        # the accepted code defines replaces them.
        setup = inputs.seed("\n".join(check.code for _, check in inputs.tests))
        if setup.strip():
            out.append(system.Cell(inputs.accepted[0].task_id, setup, measured=False))
    for accepted in inputs.accepted:
        setup = inputs.seed(accepted.code) if inputs.seed else ""
        if setup.strip():
            out.append(system.Cell(accepted.task_id, setup, measured=False))
        out.append(system.Cell(accepted.task_id, accepted.code))
    return out


def validate(
    inputs: Inputs,
    sandbox: Sandbox,
    review_client: ModelClient | None,
    *,
    measure_coverage: bool = True,
) -> tuple[Validation, list[Reply]]:
    """Run the system test in `sandbox` (a fresh kernel), scan and measure, then ask the reviewer."""
    result = system.run_system_test(
        cells(inputs),
        list(inputs.tests),
        sandbox,
        timeout=inputs.timeout,
        measure_coverage=measure_coverage,
    )
    reports = []
    defined: set[str] = set(inputs.names)
    for accepted in inputs.accepted:
        if inputs.seed is not None:
            defined |= top_level_names(inputs.seed(accepted.code))
        measured = quality.measure(accepted.code, defined=sorted(defined))
        defined |= top_level_names(accepted.code)
        counts = result.coverage.get(accepted.task_id)
        if counts is not None:
            measured = measured.with_coverage(*counts)
        findings = tuple(inputs.scan(accepted.code)) if inputs.scan else ()
        reports.append(TaskReport(accepted.task_id, accepted.title, findings, measured))
    report = Validation(
        result,
        reports,
        quality.total({r.task: r.quality for r in reports}),
        notes=list(inputs.notes),
    )
    replies: list[Reply] = []
    if review_client is not None:
        try:
            reviewed = reviewer.review(
                inputs.spec,
                [(a.task_id, a.title, a.code) for a in inputs.accepted],
                [check for _, check in inputs.tests],
                review_client,
            )
        except CodegenError as exc:
            report.notes.append(f"The reviewer could not review the code: {exc}")
        else:
            report.concerns = reviewed.concerns
            report.notes += reviewed.notes
            replies = reviewed.replies
    return report, replies
