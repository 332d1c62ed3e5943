"""Engine overhead per step, without model or execution time.

A 10-task plan runs through the real Session with a client and a sandbox that answer at once,
so what is timed is the engine itself: prompts, plan edits, events, bookkeeping. Target: under
20 ms per step.
"""

from __future__ import annotations

import json
import statistics
import time

from jupyter_codegen.core.decision import AutoPolicy
from jupyter_codegen.core.execution import Execution
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.usage import Usage
from jupyter_codegen.engine import Request, Session, drive

TARGET_MS = 20.0
TASKS = 10


class InstantClient:
    def __init__(self) -> None:
        self.plan = json.dumps(
            {
                "tasks": [
                    {
                        "id": f"t{i}",
                        "title": f"step {i}",
                        "description": f"define v{i}",
                        "depends_on": [f"t{i - 1}"] if i > 1 else [],
                        "tests": [f"assert v{i} == {i}"],
                        "complexity": "normal",
                    }
                    for i in range(1, TASKS + 1)
                ]
            }
        )
        self.step = 0

    def complete(self, messages, *, schema=None, on_token=None) -> Reply:
        if schema is not None:
            return Reply(self.plan, "instant", Usage(10, 10), data=json.loads(self.plan))
        self.step += 1
        return Reply(f"```python\nv{self.step} = {self.step}\n```", "instant", Usage(10, 10))


class InstantSandbox:
    def reset(self) -> None:
        pass

    def execute(self, code: str, timeout: float | None = None) -> Execution:
        return Execution("ok")


def main() -> None:
    per_step = []
    for _ in range(20):
        client = InstantClient()
        session = Session(
            Request(task="ten steps", model="instant", clarify=False),
            lambda p, client=client: client,
            InstantSandbox(),
        )
        start = time.perf_counter()
        drive(session, AutoPolicy())
        per_step.append((time.perf_counter() - start) * 1000 / TASKS)
        assert len(session.accepted) == TASKS
    median = statistics.median(per_step)
    print(
        "engine overhead per step (10-task plan, instant model and sandbox), median of 20 sessions:"
    )
    print(
        f"  {median:.2f} ms per step; target {TARGET_MS:.0f} ms -> ratio {median / TARGET_MS:.3f} ({'met' if median < TARGET_MS else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
