from pathlib import Path

import pytest

from jupyter_codegen.core import plan_ops as ops
from jupyter_codegen.core.graph import to_dot, to_text
from jupyter_codegen.core.plan import Plan, Task

GOLDEN = Path(__file__).parent / "golden"


def sample() -> Plan:
    p = Plan(
        (
            Task("t1", "Load the CSV", profile="coder"),
            Task("t2", 'Clean "bad" rows', deps=("t1",), profile="small"),
            Task(
                "t3",
                "Plot monthly means with a long title that gets shortened",
                deps=("t1", "t2"),
                profile="strong",
            ),
            Task("t4", "Write report", deps=("t3",)),
        )
    )
    p = ops.set_status(p, "t1", "approved")
    p = ops.set_status(p, "t2", "failed")
    return ops.set_status(p, "t3", "running")


@pytest.mark.parametrize(("render", "name"), [(to_dot, "plan.dot"), (to_text, "plan.txt")])
def test_rendering_matches_golden(render, name: str) -> None:
    assert render(sample()) == (GOLDEN / name).read_text()


def test_dot_is_accepted_by_graphviz() -> None:
    graphviz = pytest.importorskip("graphviz")
    import shutil

    if shutil.which("dot") is None:
        pytest.skip("graphviz's dot is not installed")
    svg = graphviz.Source(to_dot(sample())).pipe(format="svg").decode()
    assert svg.count('class="node"') == 4
    assert svg.count('class="edge"') == 4
