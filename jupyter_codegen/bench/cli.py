"""The `jupyter-codegen bench` command line."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from jupyter_codegen.errors import CodegenError

EXAMPLE = (
    "jupyter-codegen bench --suite humaneval --limit 20 --mode single --mode workflow "
    "--out bench-results"
)


def add_parser(commands: Any) -> None:
    """Add `bench` to the CLI's subcommands."""
    bench = commands.add_parser(
        "bench",
        help="measure pass@k, tokens, cost and time on a benchmark, single-shot vs workflow",
        description="Run a benchmark suite headless through the engine (the --auto policy) and "
        "judge each result with the suite's hidden tests in an isolated process. Results go "
        f"to OUT/results.jsonl (an interrupted run resumes), OUT/summary.md and OUT/plot.png. "
        f"Example: {EXAMPLE}",
    )
    bench.add_argument("--suite", default="humaneval", help="humaneval (164) or classes (ours)")
    bench.add_argument("--limit", type=int, help="only the first N problems")
    bench.add_argument(
        "--mode",
        action="append",
        choices=["single", "workflow"],
        help="single-shot, or the workflow with self-debug on the prompt's own examples; give "
        "it twice to compare (default: both)",
    )
    bench.add_argument("--model", help="litellm model name (default: the embedded model)")
    bench.add_argument("--samples", type=int, default=1, help="samples per problem (default 1)")
    bench.add_argument("--k", default="1", help="pass@k values, comma-separated (default 1)")
    bench.add_argument("--max-iters", type=int, default=3, help="workflow attempts (default 3)")
    bench.add_argument("--temperature", type=float, help="default 0 for 1 sample, else 0.8")
    bench.add_argument("--workers", type=int, default=1, help="parallel workers (default 1)")
    bench.add_argument("--executor", choices=["local", "dask"], default="local")
    bench.add_argument("--scheduler", help="a Dask scheduler address (with --executor dask)")
    bench.add_argument("--out", type=Path, default=Path("bench-results"))
    bench.add_argument("--no-progress", action="store_true", help="no progress bar")


def main(args: argparse.Namespace) -> int:
    """Run `bench` and print its summary table."""
    from jupyter_codegen.bench.run import bench
    from jupyter_codegen.bench.runner import Settings
    from jupyter_codegen.core.precedence import resolve_model

    try:
        ks = tuple(sorted({int(k) for k in args.k.split(",") if k.strip()}))
    except ValueError:
        raise CodegenError(f"--k takes numbers separated by commas, not {args.k!r}") from None
    if not ks or min(ks) < 1:
        raise CodegenError("--k needs at least one k of 1 or more")
    for name in ("limit", "samples", "max_iters", "workers"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise CodegenError(f"--{name.replace('_', '-')} must be 1 or more, not {value}")
    settings = Settings(
        suite=args.suite,
        model=resolve_model(args.model, dict(os.environ), "").value,
        samples=args.samples,
        max_iters=args.max_iters,
        temperature=args.temperature,
    )
    summaries = bench(
        settings,
        modes=tuple(args.mode or ("single", "workflow")),
        limit=args.limit,
        ks=ks,
        workers=args.workers,
        executor=args.executor,
        scheduler=args.scheduler,
        out=args.out,
        progress=not args.no_progress,
    )
    from jupyter_codegen.bench.results import markdown

    print(markdown(summaries))
    print(
        f"results: {args.out / 'results.jsonl'}, {args.out / 'summary.md'}, {args.out / 'plot.png'}"
    )
    return 0
