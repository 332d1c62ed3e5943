"""The plan graph drawn in the browser by Graphviz compiled to WebAssembly (no `dot` needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "static" / "plan_graph.js"


def available() -> bool:
    """True if the widget's front-end bundle was built (scripts/setup.sh builds it)."""
    return STATIC.is_file()


def make_widget(dot: str, label: str = "plan graph") -> Any:
    """A PlanGraphWidget showing `dot`; anywidget is imported only when one is needed."""
    import anywidget
    import traitlets

    class PlanGraphWidget(anywidget.AnyWidget):
        """Renders DOT to SVG in the front end and redraws when `dot` changes."""

        _esm = STATIC
        dot = traitlets.Unicode("").tag(sync=True)
        label = traitlets.Unicode("plan graph").tag(sync=True)

    return PlanGraphWidget(dot=dot, label=label)
