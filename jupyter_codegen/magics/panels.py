"""The panel of the current session: shown at each gate, its clicks applied once.

A click is ignored when its panel is stale (an earlier session's, or one whose gate was
decided), busy, or for a gate no longer waiting; otherwise `view.action` maps it to an engine
operation, which the magics apply as they would the matching `%codegen` command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from IPython.display import display

from jupyter_codegen.engine import Session
from jupyter_codegen.errors import CodegenError


class PanelController:
    """Owns the current panel widget and its output; routes its clicks."""

    def __init__(
        self,
        session: Callable[[], Session | None],
        apply: Callable[[Session, Any], None],
        actor: Callable[[], str],
    ) -> None:
        self.session, self.apply, self.actor = session, apply, actor
        self.panel: Any = None  # the clickable panel of the current session, if any
        self.output: Any = None  # its display, updated with its recorded state
        self.handling = False  # a click is being applied (no cell is executing)

    def wanted(self, shell: Any, enabled: bool) -> bool:
        """Panels, where the front end can show them and answer: a kernel whose current
        request allows input (JupyterLab, Notebook, VS Code; not nbclient or terminal IPython)."""
        from jupyter_codegen.widgets import panel

        kernel = getattr(shell, "kernel", None)
        if not enabled or kernel is None or not panel.available():
            return False
        parent = kernel.get_parent() if hasattr(kernel, "get_parent") else {}
        return bool(parent.get("content", {}).get("allow_stdin", False)) or self.panel is not None

    def retire(self) -> None:
        """A new session starts: the earlier session's panel goes stale."""
        if self.panel is not None:
            self.panel.stale, self.panel = True, None

    def show(self, session: Session, gate: Any, live: Any = None) -> None:
        """Put the gate in the session's panel, creating (and showing) it the first time."""
        from jupyter_codegen.widgets import panel as panels
        from jupyter_codegen.widgets import view

        current = self.panel
        new = current is None or current.view.get("gate_id", "").split(":")[0] != session.id
        if new:
            self.retire()
            current = self.panel = panels.make_panel(self.on_click)
            if live is not None:
                live.to_panel = lambda text: setattr(current, "progress", text)
        current.view = view.view(session, gate)
        current.header = view.header(session, gate)
        current.error = ""
        shown = panels.Recorded(current, session.redactor.deep)
        if new or self.output is None:
            self.output = display(shown, display_id=True)
        else:
            self.output.update(shown)

    def on_click(self, panel: Any, message: dict[str, Any]) -> None:
        """A click: ignored when stale, in flight or for a gate already decided; else applied."""
        from jupyter_codegen.widgets import view

        session = self.session()
        if panel is not self.panel or panel.stale or panel.busy or session is None:
            return
        gate = None if session.done else session.advance()
        if gate is None or message.get("gate_id") != view.gate_id(session):
            return
        panel.busy, panel.error = True, ""
        self.handling = True
        try:
            self.apply(session, view.action(message, gate, self.actor()))
        except CodegenError as exc:
            panel.error = str(exc)
        finally:
            self.handling = False
            panel.busy = False
