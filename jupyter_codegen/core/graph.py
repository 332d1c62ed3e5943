"""Drawing a plan: graphviz DOT for pictures, plain text for terminals and logs."""

from __future__ import annotations

from jupyter_codegen.core.plan import Plan, Status

# Colour and shape both carry the status, so it reads without colour too.
STYLE: dict[Status, tuple[str, str, str]] = {  # fill, border, shape
    "pending": ("#ffffff", "#9e9e9e", "box"),
    "running": ("#fff3c4", "#f0a500", "box"),
    "passed": ("#dcedc8", "#689f38", "box"),
    "failed": ("#ffcdd2", "#d32f2f", "octagon"),
    "approved": ("#a5d6a7", "#2e7d32", "doubleoctagon"),
    "rejected": ("#e0e0e0", "#616161", "octagon"),
    "skipped": ("#f5f5f5", "#bdbdbd", "note"),
}
MARK: dict[Status, str] = {
    "pending": " ",
    "running": "~",
    "passed": "+",
    "failed": "x",
    "approved": "*",
    "rejected": "-",
    "skipped": "/",
}


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def to_dot(plan: Plan, title: str = "plan") -> str:
    """A deterministic DOT digraph; edges point from a dependency to the task that needs it."""
    lines = [
        f"digraph {_quote(title)} {{",
        "  rankdir=LR;",
        '  node [style="filled,rounded" fontname="Helvetica" fontsize=11];',
        '  edge [color="#757575"];',
    ]
    for task in plan.tasks:
        fill, border, shape = STYLE[task.status]
        label = f"{task.id}: {_short(task.title)}\n{task.profile} · {task.status}"
        lines.append(
            f"  {_quote(task.id)} [label={_quote(label)} shape={shape} fillcolor={_quote(fill)} color={_quote(border)}];"
        )
    for task in plan.tasks:
        for dep in task.deps:
            lines.append(f"  {_quote(dep)} -> {_quote(task.id)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_text(plan: Plan) -> str:
    """One line per task in execution order: status mark, id, title, profile, dependencies."""
    lines = []
    for task in plan.order() if not plan.problems() else plan.tasks:
        needs = f"  <- {', '.join(task.deps)}" if task.deps else ""
        lines.append(
            f"[{MARK[task.status]}] {task.id:<6} {_short(task.title, 60)}  ({task.profile}, {task.status}){needs}"
        )
    return "\n".join(lines) + "\n"
