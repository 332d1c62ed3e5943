"""The Codegen panel: one anywidget per session, showing the waiting gate and sending clicks.

The panel holds no state of its own that matters: `view` and `header` are recomputed from the
session (widgets/view.py) after every step, and clicks come back as messages that the magics
turn into engine operations. A panel whose gate was decided, or whose session was replaced,
is marked stale and its buttons disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

ESM = Path(__file__).parent / "panel.js"
# The panel's state in its output, so the JupyterLab extension can draw it (stale) once its
# widget is gone: a re-opened notebook, a new kernel.
PANEL_MIME = "application/vnd.jupyter.codegen.panel+json"


def available() -> bool:
    """True where anywidget can be imported and the panel's front-end module is present."""
    try:
        import anywidget  # noqa: F401
    except ImportError:
        return False
    return ESM.is_file()


def make_panel(on_message: Callable[[Any, dict[str, Any]], None]) -> Any:
    """A new panel; `on_message(panel, message)` gets every click."""
    import anywidget
    import traitlets

    class CodegenPanel(anywidget.AnyWidget):
        """Shows a %%codegen session's waiting gate and its header; sends clicks back."""

        _esm = ESM
        view = traitlets.Dict({}).tag(sync=True)
        header = traitlets.Dict({}).tag(sync=True)
        busy = traitlets.Bool(False).tag(sync=True)
        stale = traitlets.Bool(False).tag(sync=True)
        progress = traitlets.Unicode("").tag(sync=True)
        error = traitlets.Unicode("").tag(sync=True)

        def __repr__(self) -> str:
            # The text/plain fallback front ends without widgets show (anywidget uses repr).
            kind = self.view.get("kind", "")
            return (
                f"Codegen panel ({kind} gate): this front end shows no widgets; answer with "
                "%codegen commands (%codegen --help)."
            )

    panel = CodegenPanel()
    panel.on_msg(lambda widget, content, buffers: on_message(widget, content))
    return panel


class Recorded:
    """A panel as an output: its widget, plus the state it shows, masked."""

    def __init__(self, panel: Any, mask: Callable[[Any], Any]) -> None:
        self.panel, self.mask = panel, mask

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        shown = self.panel._repr_mimebundle_()
        data: dict[str, Any] = dict(shown[0] if isinstance(shown, tuple) else shown)
        p = self.panel
        data[PANEL_MIME] = self.mask(
            {"model_id": p.model_id, "view": p.view, "header": p.header, "error": p.error}
        )
        return data
