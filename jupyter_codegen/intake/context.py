"""What the notebook already has, summarised within a token budget for every prompt.

Generated code should reuse the user's functions, data and imports instead of redefining
them, so the clarity check, the planner and the agents all see this summary.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Iterable, Mapping
from typing import Any

CHARS_PER_TOKEN = 4  # a rough, tokenizer-free estimate; the budget is a guide, not a contract
_SKIP_PREFIXES = ("%", "!", "?")


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _doc(obj: Any) -> str:
    doc = inspect.getdoc(obj) or ""
    return _short(doc.split("\n\n")[0], 100) if doc else ""


def _signature(obj: Any) -> str:
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return "(...)"


def describe(name: str, value: Any) -> str | None:
    """One line about a user-defined name; None for things not worth a line."""
    if isinstance(value, types.ModuleType):
        return None  # reported as imports
    if inspect.isclass(value):
        bases = ", ".join(b.__name__ for b in value.__bases__ if b is not object)
        methods = [m for m, v in vars(value).items() if callable(v) and not m.startswith("_")]
        own = value.__doc__  # not inspect.getdoc, which would borrow a base class's text
        doc = _short(own.strip().split("\n\n")[0], 100) if own else ""
        return (
            f"class {name}({bases})"
            + (f" methods: {', '.join(methods[:12])}" if methods else "")
            + (f" — {doc}" if doc else "")
        )
    if inspect.isfunction(value) or inspect.isbuiltin(value):
        doc = _doc(value)
        return f"def {name}{_short(_signature(value), 160)}" + (f" — {doc}" if doc else "")
    kind = type(value)
    label = (
        f"{kind.__module__}.{kind.__qualname__}"
        if kind.__module__ != "builtins"
        else kind.__qualname__
    )
    details = []
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple):
        details.append(f"shape {shape}")
    columns = getattr(value, "columns", None)
    if columns is not None and hasattr(columns, "__iter__"):
        try:
            names = [str(c) for c in list(columns)[:12]]
            details.append(f"columns [{', '.join(names)}]")
        except Exception:
            pass
    if not details and isinstance(value, (list, tuple, dict, set, frozenset, str, bytes)):
        details.append(f"len {len(value)}")
    if isinstance(value, (int, float, bool, str)) or value is None:
        details.append(f"= {_short(repr(value), 60)}")
    return f"{name}: {label}" + (f" ({', '.join(details)})" if details else "")


def imports(namespace: Mapping[str, Any]) -> list[str]:
    """Import statements that would recreate the modules bound in the namespace."""
    lines = []
    for name, value in namespace.items():
        if isinstance(value, types.ModuleType):
            module = value.__name__
            if module == name:
                lines.append(f"import {module}")
            elif module.endswith(f".{name}"):
                lines.append(f"from {module.rsplit('.', 1)[0]} import {name}")
            else:
                lines.append(f"import {module} as {name}")
    return sorted(lines)


def summarize(
    namespace: Mapping[str, Any],
    hidden: Iterable[str] = (),
    cells: Iterable[str] = (),
    budget_tokens: int = 1500,
) -> str:
    """Names, imports and recent cells, most useful first, cut to `budget_tokens`.

    `hidden` are names the shell defines itself (In, Out, exit...); `cells` are earlier cells'
    source in notebook order.
    """
    skip = set(hidden)
    names = [
        line
        for name, value in namespace.items()
        if not name.startswith("_") and name not in skip
        for line in [describe(name, value)]
        if line
    ]
    sections: list[tuple[str, list[str]]] = [
        (
            "Already defined in the notebook's kernel (call these; do not define them again):",
            [f"- {n}" for n in names],
        ),
        (
            "Imports in the notebook:",
            imports(
                {k: v for k, v in namespace.items() if k not in skip and not k.startswith("_")}
            ),
        ),
    ]
    code = [c.strip() for c in cells if c.strip() and not c.lstrip().startswith(_SKIP_PREFIXES)]
    budget = budget_tokens * CHARS_PER_TOKEN
    out: list[str] = []
    for title, lines in sections:
        if not lines:
            continue
        block = [title]
        for line in lines:
            if sum(len(x) + 1 for x in out + block) + len(line) > budget:
                block.append("- … (more names left out to fit the context budget)")
                break
            block.append(line)
        out += [*block, ""]
    used = sum(len(x) + 1 for x in out)
    recent: list[str] = []
    for cell in reversed(code):  # the most recent cells matter most
        if used + len(cell) + 8 > budget:
            break
        recent.insert(0, cell)
        used += len(cell) + 8
    if recent:
        out += ["Earlier cells, oldest first:", *[f"```python\n{c}\n```" for c in recent]]
    return "\n".join(out).strip()
