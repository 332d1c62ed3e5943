"""The embedded model develops a 3-task plan end to end with --auto and self-debug (slow)."""

from __future__ import annotations

import json

import pytest

from jupyter_codegen.core.decision import AutoPolicy
from jupyter_codegen.engine import Request, Session, drive
from tests.development.fakes import FakeClient

pytestmark = pytest.mark.slow

PLAN = {
    "tasks": [
        {
            "id": "t1",
            "title": "is_prime",
            "description": "Define is_prime(n) that returns True if the integer n is a prime number.",
            "depends_on": [],
            "tests": ["assert is_prime(7) and not is_prime(8) and not is_prime(1)"],
            "complexity": "normal",
        },
        {
            "id": "t2",
            "title": "primes_up_to",
            "description": "Define primes_up_to(n) returning the list of primes <= n, using is_prime.",
            "depends_on": ["t1"],
            "tests": ["assert primes_up_to(10) == [2, 3, 5, 7]"],
            "complexity": "normal",
        },
        {
            "id": "t3",
            "title": "sum_primes",
            "description": "Define sum_primes(n) returning the sum of primes_up_to(n).",
            "depends_on": ["t2"],
            "tests": ["assert sum_primes(10) == 17"],
            "complexity": "normal",
        },
    ]
}


def test_embedded_model_completes_a_three_task_plan() -> None:
    pytest.importorskip("llama_cpp")
    from jupyter_codegen.kernel.sandbox import KernelSandbox
    from jupyter_codegen.llm.gateway import Gateway

    gateway = Gateway()
    planner = FakeClient([json.dumps(PLAN)])  # the plan as a person might have edited it

    def clients(profile):
        if profile.name == "orchestrator":
            return planner
        return gateway.client("local/qwen2.5-coder-0.5b", **profile.params())

    with KernelSandbox(timeout=30) as sandbox:
        request = Request(
            task="Prime helpers", model="local/qwen2.5-coder-0.5b", clarify=False, max_iters=3
        )
        session = Session(request, clients, sandbox)
        drive(session, AutoPolicy())
        assert [t.status for t in session.plan.tasks if not t.id.endswith("-fix")] in (
            ["approved"] * 3,
            *[
                ["approved"] * i + ["rejected"] + ["approved"] * (2 - i) for i in range(3)
            ],  # a fix-up may stand in
        )
        done = {a.task_id.removesuffix("-fix") for a in session.accepted}
        assert done == {"t1", "t2", "t3"}
        check = sandbox.execute("print(sum_primes(10), primes_up_to(20))")
        assert check.stdout == "17 [2, 3, 5, 7, 11, 13, 17, 19]\n"
