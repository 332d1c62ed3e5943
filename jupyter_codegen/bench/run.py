"""`jupyter-codegen bench`: run a suite in one or more modes, resume, summarize, plot."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from jupyter_codegen.bench import executors, results
from jupyter_codegen.bench.runner import MODES, Outcome, Settings
from jupyter_codegen.bench.suites import Problem, load
from jupyter_codegen.errors import CodegenError

RESULTS = "results.jsonl"


def bench(
    settings: Settings,
    *,
    modes: tuple[str, ...] = ("workflow",),
    limit: int | None = None,
    ks: tuple[int, ...] = (1,),
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    out: Path = Path("bench-results"),
    progress: bool = True,
    problems: list[Problem] | None = None,
) -> list[results.Summary]:
    """Run what results.jsonl in `out` lacks, then write summary.md, summary.json, plot.png."""
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise CodegenError(f"unknown mode {unknown[0]!r}; modes: {', '.join(MODES)}")
    if any(k > settings.samples for k in ks):
        raise CodegenError(f"pass@{max(ks)} needs at least {max(ks)} samples (--samples)")
    if executor not in ("local", "dask"):
        raise CodegenError(f"unknown executor {executor!r}; executors: local, dask")
    chosen = problems if problems is not None else load(settings.suite, limit)
    path = out / RESULTS
    done = {results.key(row) for row in results.read(path)}
    for mode in modes:
        each = replace(settings, mode=mode)
        todo = [
            (p, n)
            for p in chosen
            for n in range(settings.samples)
            if (each.suite, mode, each.model, p.id, n) not in done
        ]
        if not todo:
            continue
        outcomes = (
            executors.dask(todo, each, workers, scheduler)
            if executor == "dask"
            else executors.local(todo, each, workers)
        )
        for outcome in _progress(outcomes, len(todo), f"{settings.suite} {mode}", progress):
            results.append(path, outcome.as_dict())
    wanted = {p.id for p in chosen}
    rows = [
        r
        for r in results.read(path)
        if r["problem"] in wanted and r["model"] == settings.model and r["mode"] in modes
    ]
    summaries = results.summarize(rows, ks)
    (out / "summary.md").write_text(results.markdown(summaries), encoding="utf-8")
    import json

    (out / "summary.json").write_text(
        json.dumps([s.as_dict() for s in summaries], indent=2), encoding="utf-8"
    )
    if summaries:
        results.plot(summaries, out / "plot.png")
    return summaries


def _progress(items: Iterator[Outcome], total: int, label: str, show: bool) -> Iterator[Outcome]:
    if not show:
        yield from items
        return
    from tqdm import tqdm

    passed = 0
    with tqdm(total=total, desc=label, unit="problem") as bar:
        for outcome in items:
            passed += outcome.passed
            bar.set_postfix(passed=passed)
            bar.update(1)
            yield outcome
