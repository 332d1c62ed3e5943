"""Time `%load_ext jupyter_codegen` in fresh processes; the target is under 300 ms."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

TARGET_MS = 300.0
PROBE = """
import time
from IPython.testing.globalipapp import start_ipython
ip = start_ipython()
start = time.perf_counter()
ip.run_line_magic("load_ext", "jupyter_codegen")
print((time.perf_counter() - start) * 1000)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    median = statistics.median(times)
    print(f"%load_ext jupyter_codegen over {runs} fresh processes:")
    print(f"  median {median:.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms")
    print(
        f"  target {TARGET_MS:.0f} ms -> ratio median/target = {median / TARGET_MS:.3f} ({'met' if median < TARGET_MS else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
