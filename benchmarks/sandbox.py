"""Sandbox start-up: cold start vs the warm spare, to the first finished execution.

Target: warm start under 50 ms to first execution.
"""

from __future__ import annotations

import argparse
import statistics
import time

TARGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    from jupyter_codegen.kernel import pool
    from jupyter_codegen.kernel.limits import Limits
    from jupyter_codegen.kernel.sandbox import KernelSandbox

    limits = Limits()
    cold, warm = [], []
    for _ in range(runs):
        start = time.perf_counter()
        with KernelSandbox(limits=limits) as box:
            assert box.execute("1 + 1").ok
            cold.append((time.perf_counter() - start) * 1000)
        pool.prefill(limits)
        pool.wait_for_spare()
        start = time.perf_counter()
        box = pool.acquire(limits)
        assert box.execute("1 + 1").ok
        warm.append((time.perf_counter() - start) * 1000)
        box.shutdown()
        pool.wait_for_spare()
    cold_ms, warm_ms = statistics.median(cold), statistics.median(warm)
    print(f"sandbox start to first execution, median of {runs}:")
    print(f"  cold (new kernel, limits, guard)  {cold_ms:7.1f} ms")
    print(f"  warm (the spare kernel)           {warm_ms:7.1f} ms")
    print(
        f"  speed-up cold/warm = {cold_ms / warm_ms:.0f}x; warm target {TARGET_MS:.0f} ms -> ratio {warm_ms / TARGET_MS:.2f} ({'met' if warm_ms < TARGET_MS else 'MISSED'})"
    )
    pool.drain()


if __name__ == "__main__":
    main()
