"""Rollback restore time in a 10-step session on a real sandbox kernel.

A rollback resets the sandbox and replays the accepted cells up to the snapshot. Each cell here
does a little real work (building a list of 100,000 numbers), so the figure includes replay.
"""

from __future__ import annotations

import json
import statistics
import time

from jupyter_codegen.core.decision import AutoPolicy
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.usage import Usage
from jupyter_codegen.engine import Request, Session, drive
from jupyter_codegen.kernel.sandbox import KernelSandbox

STEPS = 10


class Scripted:
    def __init__(self) -> None:
        tasks = [
            {
                "id": f"t{i}",
                "title": f"step {i}",
                "description": "",
                "depends_on": [f"t{i - 1}"] if i > 1 else [],
                "tests": [],
                "complexity": "normal",
            }
            for i in range(1, STEPS + 1)
        ]
        self.plan = json.dumps({"tasks": tasks})
        self.n = 0

    def complete(self, messages, *, schema=None, on_token=None) -> Reply:
        if schema is not None:
            return Reply(self.plan, "scripted", Usage(), data=json.loads(self.plan))
        self.n += 1
        return Reply(
            f"```python\nv{self.n} = [i * {self.n} for i in range(100_000)]\n```",
            "scripted",
            Usage(),
        )


def main() -> None:
    client = Scripted()
    with KernelSandbox(timeout=60) as sandbox:
        session = Session(
            Request(task="ten steps", model="scripted", clarify=False), lambda p: client, sandbox
        )
        drive(session, AutoPolicy())
        assert len(session.accepted) == STEPS
        timings: dict[str, list[float]] = {
            "s0 (empty)": [],
            "s5 (5 cells)": [],
            f"s{STEPS} (10 cells)": [],
        }
        for _ in range(5):
            for target in timings:
                start = time.perf_counter()
                session.rollback(target.split()[0])
                timings[target].append((time.perf_counter() - start) * 1000)
        print(f"rollback restore time in a {STEPS}-step session (reset + replay), median of 5:")
        for target, values in timings.items():
            print(f"  to {target:16s} {statistics.median(values):7.1f} ms")


if __name__ == "__main__":
    main()
