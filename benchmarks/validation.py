"""Validation costs: the pre-run gate, quality metrics, the system test and the security corpus.

The gate (security scan plus import check) runs before every proposal: its first call pays
for importing bandit and indexing the environment's modules, later calls are compared with
executing the same cell in a sandbox kernel. The system test is timed in a fresh kernel with
and without coverage; kernel start-up is not included. Figures only, no targets.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.findings import SEVERITIES, Finding
from jupyter_codegen.kernel.sandbox import KernelSandbox
from jupyter_codegen.validation import gate, quality, security
from jupyter_codegen.validation.system import Cell, run_system_test

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "validation" / "corpus"
# As in tests/validation/test_security.py: these rules are flagged at medium, the rest at high.
MEDIUM_RULES = {"network", "process-control", "monkeypatch"}
WARM_SCANS = 20
EXECUTIONS = 10
QUALITY_RUNS = 10

CELL = '''import csv
import io
import statistics
from collections import Counter

RAW = """city,month,sales
Oslo,1,120
Oslo,2,135
Bergen,1,98
Bergen,2,143
Trondheim,1,87
"""
rows = list(csv.DictReader(io.StringIO(RAW)))
sales = [int(row["sales"]) for row in rows]
by_city = Counter()
for row in rows:
    by_city[row["city"]] += int(row["sales"])
summary = {"mean": statistics.mean(sales), "median": statistics.median(sales)}
summary["best"] = by_city.most_common(1)[0][0]
print(summary)
'''

SYSTEM_CELLS = [
    Cell("load", "rows = [(i, (i * 37) % 100) for i in range(200)]\n"),
    Cell(
        "clean",
        "def clip(value, low=10, high=90):\n"
        "    if value < low:\n"
        "        return low\n"
        "    if value > high:\n"
        "        return high\n"
        "    return value\n"
        "\n"
        "clean = [(i, clip(v)) for i, v in rows]\n",
    ),
    Cell(
        "summarise",
        "def summarise(pairs):\n"
        "    values = [v for _, v in pairs]\n"
        "    if not values:\n"
        "        return {}\n"
        "    return {'n': len(values), 'mean': sum(values) / len(values), 'max': max(values)}\n"
        "\n"
        "summary = summarise(clean)\n",
    ),
]
SYSTEM_TESTS = [
    ("load", Check("plan", "assert len(rows) == 200")),
    ("clean", Check("plan", "assert clip(5) == 10 and clip(95) == 90 and clip(50) == 50")),
    ("clean", Check("generated", "assert all(10 <= v <= 90 for _, v in clean)")),
    ("summarise", Check("plan", "assert summary['n'] == 200 and summary['max'] <= 90")),
    ("summarise", Check("generated", "assert summarise([]) == {}")),
]


def ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def at_least(finding: Finding, severity: str) -> bool:
    return SEVERITIES.index(finding.severity) >= SEVERITIES.index(severity)


def gate_figures() -> None:
    """Cold and warm gate scans, and a warm scan against executing the same cell."""
    cold = ms(lambda: gate.scanner()(CELL))  # first in the process: bandit, module index
    warm = statistics.median(ms(lambda: gate.scanner()(CELL)) for _ in range(WARM_SCANS))
    with KernelSandbox(timeout=30) as sandbox:
        assert sandbox.execute(CELL).ok  # the first run imports the cell's modules
        runs = []
        for _ in range(EXECUTIONS):
            start = time.perf_counter()
            assert sandbox.execute(CELL).ok
            runs.append((time.perf_counter() - start) * 1000)
    execute = statistics.median(runs)
    lines = len(CELL.splitlines())
    print(f"pre-run gate (security scan + import check) on a {lines}-line cell:")
    print(f"  {'cold (first call: bandit import, module index)':50s} {cold:8.1f} ms")
    print(f"  {f'warm (median of {WARM_SCANS})':50s} {warm:8.1f} ms")
    print(f"  {f'sandbox execution of the cell (median of {EXECUTIONS})':50s} {execute:8.1f} ms")
    print(f"  cold/warm = {cold / warm:.0f}x; warm scan/execution = {warm / execute:.2f}")


def quality_figures() -> None:
    """quality.measure on the same cell: ruff in a subprocess plus radon."""
    quality.measure(CELL)  # imports, so the median is of steady calls
    median = statistics.median(ms(lambda: quality.measure(CELL)) for _ in range(QUALITY_RUNS))
    print(f"quality.measure (ruff subprocess + radon), median of {QUALITY_RUNS}: {median:.1f} ms")


def system_figures(runs: int) -> None:
    """The system test in a fresh kernel per run, with and without coverage."""
    timings: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(runs):
        for coverage in (False, True):
            with KernelSandbox(timeout=30) as sandbox:
                start = time.perf_counter()
                result = run_system_test(
                    SYSTEM_CELLS, SYSTEM_TESTS, sandbox, measure_coverage=coverage
                )
                timings[coverage].append((time.perf_counter() - start) * 1000)
            assert result.passed, result.failures
            assert bool(result.coverage) == coverage, result.note
    plain, covered = statistics.median(timings[False]), statistics.median(timings[True])
    print(f"system test, {len(SYSTEM_CELLS)} cells + {len(SYSTEM_TESTS)} tests in a fresh kernel")
    print(f"(kernel start not included), median of {runs}:")
    print(f"  without coverage  {plain:8.1f} ms")
    print(f"  with coverage     {covered:8.1f} ms")
    print(f"  coverage overhead with/without = {covered / plain:.2f}")


def corpus_figures() -> None:
    """security.scan over the insecure and benign corpus snippets."""
    insecure = sorted(path for path in (CORPUS / "insecure").iterdir() if path.is_file())
    benign = sorted(path for path in (CORPUS / "benign").iterdir() if path.is_file())
    flagged, alarms, times = 0, 0, []
    for path in insecure + benign:
        code = path.read_text()
        start = time.perf_counter()
        findings = security.scan(code)
        times.append((time.perf_counter() - start) * 1000)
        if path in insecure:
            rule = next(line for line in code.splitlines() if line.startswith("# expect:"))
            severity = "medium" if rule.split(":", 1)[1].strip() in MEDIUM_RULES else "high"
            flagged += any(at_least(finding, severity) for finding in findings)
        else:
            alarms += bool(security.blocking(findings))
    print(f"security corpus ({len(insecure)} insecure, {len(benign)} benign snippets):")
    print(f"  insecure flagged {flagged}/{len(insecure)}")
    print(f"  benign with a high false alarm {alarms}/{len(benign)}")
    print(f"  mean scan time per snippet {statistics.mean(times):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="system test runs per variant")
    runs = parser.parse_args().runs
    gate_figures()  # first: its cold call must be the first scan in the process
    quality_figures()
    system_figures(runs)
    corpus_figures()


if __name__ == "__main__":
    main()
