"""Where problems run: local processes (the default) or a Dask cluster.

Each process keeps one Worker (a model gateway and a sandbox kernel) for all its problems.
With Dask, any scheduler address works; without one a LocalCluster is started here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from jupyter_codegen.bench.runner import Outcome, Settings, Worker
from jupyter_codegen.bench.suites import Problem

Item = tuple[Problem, int]  # a problem and the number of its sample

_workers: dict[Settings, Worker] = {}  # per process (Dask workers reuse theirs)
_lock = threading.Lock()


def run_item(item: Item, settings: Settings) -> Outcome:
    """Run one sample on this process's worker for `settings` (made on first use)."""
    with _lock:
        worker = _workers.get(settings)
        if worker is None:
            worker = _workers[settings] = Worker(settings)
    return worker.run(*item)


def close_workers() -> None:
    """Shut this process's sandbox kernels down."""
    with _lock:
        for worker in _workers.values():
            worker.close()
        _workers.clear()


def local(items: list[Item], settings: Settings, workers: int = 1) -> Iterator[Outcome]:
    """Run in this process; with workers > 1, that many threads, each with its own worker
    (useful for remote models; a local model already uses every core)."""
    if workers <= 1:
        try:
            for item in items:
                yield run_item(item, settings)
        finally:
            close_workers()
        return
    per_thread = threading.local()
    made: list[Worker] = []

    def run(item: Item) -> Outcome:
        if not hasattr(per_thread, "worker"):
            per_thread.worker = Worker(settings)
            made.append(per_thread.worker)
        return per_thread.worker.run(*item)  # type: ignore[no-any-return]

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in as_completed([pool.submit(run, item) for item in items]):
                yield future.result()
    finally:
        for worker in made:
            worker.close()


def _remote(item: Item, settings: Settings) -> dict[str, Any]:
    return run_item(item, settings).as_dict()


def dask(
    items: list[Item], settings: Settings, workers: int = 2, scheduler: str | None = None
) -> Iterator[Outcome]:
    """Run on Dask distributed: the cluster at `scheduler`, else a LocalCluster of `workers`
    processes with one thread each."""
    from distributed import Client, LocalCluster
    from distributed import as_completed as finished

    cluster = (
        None
        if scheduler
        else LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    )
    client = Client(scheduler or cluster)
    try:
        futures = [client.submit(_remote, item, settings, pure=False) for item in items]
        for future in finished(futures):
            yield Outcome(**future.result())
        client.run(close_workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
