"""Seeding the sandbox with the user's objects that generated code refers to.

The sandbox starts empty, but generated code is told to reuse the notebook's names. Before an
attempt runs, the free names it uses are looked up in the user's namespace and recreated in
the sandbox: functions and classes from their source, modules by import, values by pickle.
"""

from __future__ import annotations

import ast
import base64
import builtins
import inspect
import pickle
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_PICKLE_BYTES = 20 * 1024 * 1024


def free_names(code: str) -> set[str]:
    """Names the code reads but never binds itself (nor gets from builtins)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    loaded: set[str] = set()
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return {n for n in loaded - bound if not hasattr(builtins, n)}


@dataclass
class Seed:
    """Setup code for the sandbox and the names that could not be carried over."""

    code: str = ""
    missing: list[str] = field(default_factory=list)


def _source(value: Any) -> str | None:
    try:
        return inspect.getsource(value)
    except (OSError, TypeError):
        return None


def seed_for(code: str, namespace: Mapping[str, Any], hidden: set[str] | None = None) -> Seed:
    """Setup code recreating the user objects `code` uses; unknown names are left alone."""
    lines: list[str] = []
    missing: list[str] = []
    budget = MAX_PICKLE_BYTES
    for name in sorted(free_names(code)):
        if name not in namespace or (hidden and name in hidden):
            continue
        value = namespace[name]
        if isinstance(value, types.ModuleType):
            lines.append(
                f"import {value.__name__} as {name}" if value.__name__ != name else f"import {name}"
            )
            continue
        if (inspect.isfunction(value) or inspect.isclass(value)) and getattr(
            value, "__module__", ""
        ) == "__main__":
            source = _source(value)
            if source and value.__name__ == name:
                lines.append(
                    inspect.cleandoc(source) if source.startswith((" ", "\t")) else source.rstrip()
                )
            else:
                missing.append(name)
            continue
        try:
            blob = pickle.dumps(value)
        except Exception:
            missing.append(name)
            continue
        if len(blob) > budget:
            missing.append(name)
            continue
        budget -= len(blob)
        encoded = base64.b64encode(blob).decode()
        lines.append(
            f"{name} = __import__('pickle').loads(__import__('base64').b64decode({encoded!r}))"
        )
    return Seed("\n".join(lines), missing)
