"""The displays a run updates in place: progress and report, the plan graph, step prompts."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from IPython.display import display

from jupyter_codegen.core.events import Event
from jupyter_codegen.engine import Session
from jupyter_codegen.magics.display import PlanGraph, Text, fence, has_dot

_PROGRESS_EVERY = 0.5
_GRAPH_EVENTS = frozenset({"plan", "plan_change", "task_status"})


def graph_widget() -> Any:
    """The in-browser graph widget where `dot` is missing and the widget bundle was built."""
    from jupyter_codegen.widgets import plan_graph

    if has_dot() or not plan_graph.available():
        return None
    return plan_graph.make_widget("digraph { }")


def _doing(event: Event) -> str:
    """What the session is busy with after `event`, in words ('' when it does not say)."""
    data = event.data
    task = data.get("task")
    if event.kind == "task_status" and data.get("status") == "running":
        return f"{task}: the model is writing attempt 1"
    if event.kind == "attempt":
        return f"{task}: running attempt {data.get('attempt')} in the sandbox"
    if event.kind == "execution":
        n = int(data.get("attempt") or 1)
        return f"{task}: attempt {n} {data.get('status')}; the model may write attempt {n + 1}"
    if event.kind == "plan_change" and data.get("actor") == "engine":
        return "adding a fix-up task"
    return ""


class Live:
    """The displays one run updates in place: progress/report, and the plan graph."""

    def __init__(self, model: str, graph: bool) -> None:
        self.model = model
        self.report = display(Text(f"`{model}` is working…"), display_id=True)
        self.graph = display(Text("*planning…*"), display_id=True) if graph else None
        self.widget = graph_widget() if graph else None
        self.streamed: list[str] = []
        self.last = 0.0
        self.mask: Callable[[str], str] = lambda text: text  # the session's secret masking
        self.since: int | None = None  # the first trail entry this report's record carries
        self.to_panel: Callable[[str], None] | None = None  # the panel's progress line, if any
        self.doing = ""  # which task and attempt the model is on

    def on_token(self, text: str) -> None:
        self.streamed.append(text)
        now = time.monotonic()
        if now - self.last >= _PROGRESS_EVERY:
            self.last = now
            written = self.mask("".join(self.streamed)[-600:])
            self.report.update(Text(f"`{self.model}` is writing…\n\n{fence(written)}"))
            if self.to_panel is not None:
                self.to_panel(f"{self.doing}\n{written}".strip())

    def on_event(self, session: Session, event: Event) -> None:
        self.doing = _doing(event) or self.doing
        if event.kind == "step":
            self.streamed.clear()
            self.doing = ""
        if self.to_panel is not None:
            self.to_panel(self.doing)
        if self.graph is not None and event.kind in _GRAPH_EVENTS and session.plan is not None:
            self.graph.update(PlanGraph(session.plan, self.widget))
