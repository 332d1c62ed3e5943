"""The system test: every accepted cell and every test, together, in one fresh kernel.

Each task was developed in a kernel earlier attempts had used; running the whole result from
the top in a kernel nobody has touched (the caller's; this module never creates kernels)
catches code that only worked because of state left behind, and steps that break each other.

Coverage of the generated code by its tests is measured with coverage.py inside the sandbox:
each measured cell is written to a helper directory in the kernel's working directory and run
with `exec(compile(source, path, "exec"), globals())`, so the tracer, started once before the
first cell, attributes lines to tasks. It stays installed across execute requests because
ipykernel runs them all on the same thread.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.execution import Execution
from jupyter_codegen.core.ports import Sandbox

DIRECTORY = ".codegen_system"
MARKER = "@@codegen-system@@"
HARNESS_TIMEOUT = 60.0
DETAIL_LIMIT = 1500

# The harness runs in the sandbox kernel. Its names start with _codegen and each function
# deletes itself when called; only the coverage object `_codegen_cov` lives between requests.
_SETUP = """
def _codegen_setup(directory, marker):
    import json, os
    del globals()["_codegen_setup"]
    report = {"directory": os.path.abspath(directory), "note": ""}
    try:
        os.makedirs(report["directory"], exist_ok=True)
        import coverage
        include = [os.path.join(report["directory"], "*")]
        cov = coverage.Coverage(data_file=None, include=include, config_file=False)
        cov.start()
        globals()["_codegen_cov"] = cov
    except Exception as exc:
        report["note"] = f"coverage could not be measured: {type(exc).__name__}: {exc}"
    print(marker + json.dumps(report))
_codegen_setup(__DIRECTORY__, __MARKER__)
"""

# The source goes in on a line of its own and no try/finally wraps the exec, so that a
# traceback shows only the short exec line above the cell's own lines.
_CELL = """
_codegen_source = __SOURCE__
def _codegen_cell(directory, name):
    import os
    del globals()["_codegen_cell"]
    source, path = globals().pop("_codegen_source"), os.path.join(directory, name)
    try:
        source = get_ipython().transform_cell(source)  # magics, as a notebook cell would
    except NameError:
        pass
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(source)
    return compile(source, path, "exec")
exec(_codegen_cell(__DIRECTORY__, __NAME__), globals())
"""

# Stops the tracer, counts statements per file, keeps the sources in linecache so tracebacks
# and inspect still find them, and removes the helper directory.
_FINISH = """
def _codegen_finish(directory, names, marker):
    import json, linecache, os, shutil, warnings
    del globals()["_codegen_finish"]
    report = {"files": {}, "note": ""}
    cov = globals().pop("_codegen_cov", None)
    if cov is None:
        report["note"] = "coverage was lost: the kernel restarted during the system test"
    else:
        cov.stop()
    for name in names:
        path = os.path.join(directory, name)
        try:
            if cov is not None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    _, statements, _, missing, _ = cov.analysis2(path)
                report["files"][name] = [len(statements) - len(missing), len(statements)]
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().splitlines(True)
            linecache.cache[path] = (sum(map(len, lines)), None, lines, path)
        except Exception:
            pass  # a cell that never reached its file, or does not parse
    shutil.rmtree(directory, ignore_errors=True)
    print(marker + json.dumps(report))
_codegen_finish(__DIRECTORY__, __NAMES__, __MARKER__)
"""


@dataclass(frozen=True)
class Cell:
    """One accepted cell to run; `measured=False` for setup code (a seed) kept out of coverage."""

    task: str
    code: str
    measured: bool = True


@dataclass(frozen=True)
class CellRun:
    """How one cell ran: "ok", "error", "timeout" or "died", and the feedback when not ok."""

    task: str
    status: str
    detail: str = ""


@dataclass(frozen=True)
class TestRun:
    """How one test of a task ran; `detail` is the feedback when it failed."""

    __test__ = False  # not a pytest test class

    task: str
    check: Check
    passed: bool
    detail: str = ""


@dataclass(frozen=True)
class SystemTest:
    """The outcome of the system test: cells and tests in order, and coverage per task.

    `coverage` maps a task to (covered statements, statements) of its measured cells; it is
    empty when coverage was not measured, and `note` says why.
    """

    cells: tuple[CellRun, ...]
    tests: tuple[TestRun, ...]
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)
    duration: float = 0.0
    note: str = ""

    @property
    def passed(self) -> bool:
        """True when there was a cell, every cell ran and every test passed."""
        return (
            bool(self.cells)
            and all(run.status == "ok" for run in self.cells)
            and all(run.passed for run in self.tests)
        )

    @property
    def failures(self) -> list[str]:
        """One line per cell that did not run and per test that failed."""
        lines = [] if self.cells else ["there were no cells to run"]
        for cell in self.cells:
            if cell.status != "ok":
                lines.append(f"cell of task {cell.task!r} {cell.status}: {_summary(cell.detail)}")
        for test in self.tests:
            if not test.passed:
                label = test.check.label or "test"
                lines.append(
                    f"{test.check.source} test {label!r} of task {test.task!r} failed: "
                    f"{_summary(test.detail)}"
                )
        return lines

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        coverage = {task: list(counts) for task, counts in self.coverage.items()}
        return {
            **asdict(self),
            "tests": [{**asdict(t), "check": t.check.as_dict()} for t in self.tests],
            "coverage": coverage,
            "passed": self.passed,
            "failures": self.failures,
        }


def run_system_test(
    cells: Sequence[Cell],
    tests: Sequence[tuple[str, Check]],
    sandbox: Sandbox,
    *,
    timeout: float | None = None,
    measure_coverage: bool = True,
) -> SystemTest:
    """Run `cells` in order, then each (task, check) in `tests`, in the fresh `sandbox`.

    A cell that fails is recorded and the run goes on; the tests after it show what that
    broke. Each test runs in its own execute request and passes when it runs without raising.
    Pass `measure_coverage=False` for sandboxes that run code in this process (the helper files
    would be written to this process's working directory). Coverage problems are reported in
    `note` and never fail the system test.
    """
    started = time.monotonic()
    note = "" if measure_coverage else "coverage was not measured (turned off)"
    directory = None
    if measure_coverage and any(cell.measured for cell in cells):
        directory, note = _start_coverage(sandbox)
    names: dict[str, str] = {}  # helper file name -> task
    cell_runs = []
    for index, cell in enumerate(cells):
        if directory is not None and cell.measured:
            name = f"cell{index:03d}_{re.sub(r'[^A-Za-z0-9]+', '_', cell.task)[:40]}.py"
            names[name] = cell.task
            code = _fill(_CELL, SOURCE=cell.code, DIRECTORY=directory, NAME=name)
            result = sandbox.execute(code, timeout)
        else:
            result = sandbox.execute(cell.code, timeout)
        cell_runs.append(CellRun(cell.task, result.status, _detail(result)))
    test_runs = []
    for task, check in tests:
        result = sandbox.execute(check.code, timeout)
        test_runs.append(TestRun(task, check, result.ok, _detail(result)))
    coverage: dict[str, tuple[int, int]] = {}
    if directory is not None:
        coverage, note = _finish_coverage(sandbox, directory, names)
    duration = time.monotonic() - started
    return SystemTest(tuple(cell_runs), tuple(test_runs), coverage, duration, note)


def _start_coverage(sandbox: Sandbox) -> tuple[str | None, str]:
    """Start the tracer; the helper directory's path in the sandbox, or None and why not."""
    result = sandbox.execute(_fill(_SETUP, DIRECTORY=DIRECTORY, MARKER=MARKER), HARNESS_TIMEOUT)
    report = _report(result)
    if report is None:
        return None, f"coverage could not be measured: {_summary(_detail(result)) or 'no report'}"
    if report.get("note"):
        return None, str(report["note"])
    return str(report["directory"]), ""


def _finish_coverage(
    sandbox: Sandbox, directory: str, names: dict[str, str]
) -> tuple[dict[str, tuple[int, int]], str]:
    """Stop the tracer and sum covered and total statements per task."""
    code = _fill(_FINISH, DIRECTORY=directory, NAMES=sorted(names), MARKER=MARKER)
    result = sandbox.execute(code, HARNESS_TIMEOUT)
    report = _report(result)
    if report is None:
        return {}, f"coverage could not be read: {_summary(_detail(result)) or 'no report'}"
    if report.get("note"):
        return {}, str(report["note"])
    files, totals = report.get("files") or {}, dict[str, tuple[int, int]]()
    for name, task in names.items():
        if name not in files:
            continue  # the cell never reached its file, or it does not parse
        covered, statements = files[name]
        before = totals.get(task, (0, 0))
        totals[task] = (before[0] + int(covered), before[1] + int(statements))
    return totals, ""


def _fill(template: str, **values: Any) -> str:
    """The harness `template` with each __NAME__ replaced by the Python literal of its value."""
    # One pass, so a placeholder spelled inside a filled-in source is left alone.
    return re.sub(r"__([A-Z]+)__", lambda match: repr(values[match[1]]), template)


def _report(result: Execution) -> dict[str, Any] | None:
    """The JSON the harness printed after the marker, or None."""
    for line in reversed(result.stdout.splitlines()):
        if line.startswith(MARKER):
            try:
                data = json.loads(line[len(MARKER) :])
            except ValueError:
                return None
            return data if isinstance(data, dict) else None
    return None


def _detail(result: Execution) -> str:
    return "" if result.ok else result.feedback(DETAIL_LIMIT).strip()


def _summary(detail: str) -> str:
    """The last non-empty line of a feedback text: usually the exception."""
    lines = [line.strip() for line in detail.splitlines() if line.strip()]
    return lines[-1] if lines else ""
