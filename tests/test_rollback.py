"""Rollback against a real sandbox kernel: the namespace comes back exactly as it was."""

from __future__ import annotations

from jupyter_codegen.core.decision import AutoPolicy
from jupyter_codegen.engine import Request, Session, drive
from jupyter_codegen.kernel.sandbox import KernelSandbox
from tests.replies import code, plan_reply
from tests.test_engine import Clients

NAMES = "print(sorted(k for k in globals() if not k.startswith('_') and k not in ('In', 'Out', 'exit', 'quit', 'get_ipython', 'open')))"


def test_roll_back_three_steps_to_step_one() -> None:
    plan = plan_reply(("t1", [], []), ("t2", ["t1"], []), ("t3", ["t2"], []))
    clients = Clients(
        orchestrator=[plan],
        coder=[
            code("alpha = 1\ndef double(x):\n    return 2 * x"),
            code("beta = double(alpha)"),
            code("gamma = beta + 1"),
        ],
    )
    with KernelSandbox(timeout=30) as sandbox:
        session = Session(
            Request(task="three steps", model="fake", clarify=False), clients, sandbox
        )
        drive(session, AutoPolicy())
        assert sandbox.execute(NAMES).stdout == "['alpha', 'beta', 'double', 'gamma']\n"
        assert session.signed_off and session.validation.passed
        step_one = session.snapshots[1]
        session.rollback(step_one.id)
        assert session.validation is None and not session.signed_off  # validate again later
        assert sandbox.execute(NAMES).stdout == "['alpha', 'double']\n"
        assert sandbox.execute("print(double(alpha))").stdout == "2\n"
        assert [(a.task_id, a.code) for a in session.accepted] == list(step_one.cells)
        assert session.plan == step_one.plan
