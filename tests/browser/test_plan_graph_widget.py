"""The plan graph widget draws DOT in a real browser, with no `dot` binary involved."""

from __future__ import annotations

import pytest

from jupyter_codegen.widgets import plan_graph
from tests.browser.conftest import run_all, write_notebook

pytestmark = pytest.mark.browser


def test_widget_draws_the_plan_and_redraws_on_change(lab, page, tmp_path) -> None:
    if not plan_graph.available():
        pytest.fail("the widget bundle is missing; scripts/setup.sh builds it with npm")
    base, token, root = lab
    write_notebook(
        root / "graph.ipynb",
        "from jupyter_codegen.widgets.plan_graph import make_widget\n"
        "w = make_widget('digraph { \"t1\" -> \"t2\" }', label='test plan')\nw",
        'import time; time.sleep(1)\nw.dot = \'digraph { "t1" -> "t2" -> "t3" }\'',
    )
    run_all(page, base, token, "graph.ipynb")
    svg = page.locator(".jupyter-codegen-plan-graph svg")
    svg.wait_for(timeout=60_000)
    page.wait_for_function(
        "document.querySelectorAll('.jupyter-codegen-plan-graph svg g.node').length === 3",
        timeout=60_000,
    )
    titles = page.eval_on_selector_all(
        ".jupyter-codegen-plan-graph svg g.node title", "nodes => nodes.map(n => n.textContent)"
    )
    assert sorted(titles) == ["t1", "t2", "t3"]
    assert svg.get_attribute("aria-label") == "test plan"
    page.screenshot(path="/tmp/plan_graph_widget.png")
