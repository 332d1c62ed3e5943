"""The development agent's conversation: the opening request and the fix-up turn."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from jupyter_codegen.core.ports import Message
from jupyter_codegen.prompts import template


def generation_messages(task: str, context: str = "", tests: Sequence[str] = ()) -> list[Message]:
    """The opening conversation for a task."""
    user = f"Task:\n{task.strip()}"
    if tests:
        user += "\n\nAfter your cell runs, these checks must pass:\n" + "\n".join(tests)
    if context.strip():
        user = f"Notebook context:\n{context.strip()}\n\n{user}"
    return [
        {"role": "system", "content": template("generate.v2").substitute()},
        {"role": "user", "content": user},
    ]


def fix_message(feedback: str) -> Message:
    """The follow-up turn that feeds a failure back to the model."""
    return {"role": "user", "content": template("fix.v1").substitute(feedback=feedback.strip())}


def definitions(cells: Sequence[str]) -> list[str]:
    """Top-level functions (with signatures), classes and names that accepted cells define."""
    found: dict[str, str] = {}
    for cell in cells:
        try:
            tree = ast.parse(cell)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[node.name] = f"def {node.name}({ast.unparse(node.args)})"
            elif isinstance(node, ast.ClassDef):
                found[node.name] = f"class {node.name}"
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for leaf in ast.walk(target):
                        if isinstance(leaf, ast.Name):
                            found[leaf.id] = f"{leaf.id} (a variable)"
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    name = (alias.asname or alias.name).split(".")[0]
                    found[name] = f"{name} (imported)"
    return list(found.values())
