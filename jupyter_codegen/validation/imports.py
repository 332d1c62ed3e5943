"""The import gate: modules a cell imports that this environment cannot provide."""

from __future__ import annotations

import ast
import difflib
import functools
import pkgutil
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from jupyter_codegen.core.findings import Finding
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.validation.security import to_python

# Handlers that make an import optional: `try: import ujson except ImportError: ...`.
GUARDS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
CLAUSE = r"(?:===|==|!=|~=|<=|>=|<|>)[A-Za-z0-9][A-Za-z0-9.+_-]*(?:\.\*)?"
REQUIREMENT = re.compile(rf"{NAME}(?:\[{NAME}(?:,{NAME})*\])?(?:{CLAUSE}(?:,{CLAUSE})*)?")
SHELL = set(";|&$`<>()!*\\'\"\n")


def normalize(name: str) -> str:
    """PEP 503 form of a distribution name: lower case, runs of `-`, `_` and `.` as one `-`."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class ModuleIndex:
    """Top-level modules this environment can import, and the modules of each distribution.

    `distributions` maps a normalized distribution name (e.g. "scikit-learn") to the
    top-level import names it provides (e.g. ("sklearn",)).
    """

    modules: frozenset[str]
    distributions: dict[str, tuple[str, ...]]

    @classmethod
    @functools.cache
    def from_environment(cls, extra: Iterable[str] = ()) -> ModuleIndex:
        """Index of this interpreter plus the `extra` module names.

        The scan takes about 0.2 s, so it is cached per `extra` (which must be hashable);
        `ModuleIndex.from_environment.cache_clear()` forgets it, e.g. after an install.
        """
        provided: dict[str, set[str]] = {}
        import importlib.metadata  # slow to import: only when the environment is scanned

        for module, names in importlib.metadata.packages_distributions().items():
            for distribution in names:
                provided.setdefault(normalize(distribution), set()).add(module)
        found = {module.name for module in pkgutil.iter_modules()} | set(extra)
        found |= set(sys.stdlib_module_names) | set(sys.builtin_module_names)
        found |= {module for modules in provided.values() for module in modules}
        public = {
            name: tuple(sorted(m, key=lambda x: (x.startswith("_"), x)))
            for name, m in provided.items()
        }
        return cls(frozenset(found), public)


def imported(code: str) -> list[tuple[str, int]]:
    """Top-level modules the code imports, with their lines; guarded and relative imports
    are left out, and code that does not parse imports nothing."""
    try:
        _, tree = to_python(code)
    except (SyntaxError, ValueError):
        return []
    visitor = _Imports()
    visitor.visit(tree)
    return visitor.found


def check_imports(code: str, index: ModuleIndex) -> list[Finding]:
    """One finding per top-level module the code imports that `index` does not know."""
    findings: list[Finding] = []
    seen = set(index.modules)
    for name, line in imported(code):
        if name not in seen:
            seen.add(name)
            message, suggestion = _explain(name, index)
            findings.append(
                Finding("imports", "unknown-import", "medium", line, message, suggestion)
            )
    return findings


def install_command(package: str) -> list[str]:
    """The pip command that installs one requirement into this interpreter (never run here).

    Raises CodegenError unless `package` is a plain name with an optional version.
    """
    if len(package) <= 200 and REQUIREMENT.fullmatch(package):
        return [sys.executable, "-m", "pip", "install", package]
    if package.startswith("-"):
        reason = "options such as --index-url are not allowed"
    elif "://" in package or "@" in package:
        reason = "URLs and direct references are not allowed"
    elif any(char.isspace() for char in package):
        reason = "spaces are not allowed"
    elif SHELL & set(package):
        reason = "shell characters such as ; | & $ are not allowed"
    else:
        reason = "it is not a valid package name"
    raise CodegenError(
        f"Cannot install {package!r}: {reason}. Give one package name with an optional "
        "version, such as 'pandas', 'pandas==2.2' or 'scikit-learn>=1.4'."
    )


def _explain(name: str, index: ModuleIndex) -> tuple[str, str]:
    """Message and suggestion for an unknown module: near misses, typosquats, or neither."""
    provides = index.distributions.get(normalize(name), ())
    if provides:
        modules = ", ".join(f"`{module}`" for module in provides)
        message = f"`{name}` is not a module in this environment; the installed distribution `{normalize(name)}` provides {modules}"
        same = [m for m in provides if m.lower() == name.lower()]
        why = "module names are case-sensitive" if same else "import a distribution by its module"
        return message, f"did you mean `{(same or provides)[0]}`? ({why})"
    message = (
        f"`{name}` is not installed in this environment (no module or distribution of that name)"
    )
    near = [m for m in sorted(index.modules) if m.lower() == name.lower()]
    near += difflib.get_close_matches(name, index.modules, n=3, cutoff=0.75)
    close = difflib.get_close_matches(normalize(name), index.distributions, n=3, cutoff=0.75)
    near += [index.distributions[d][0] for d in close if index.distributions[d]]
    near = list(dict.fromkeys(near))[:3]
    if not near:
        return message, (
            f"if `{name}` is a real package, a person must install it explicitly, after checking "
            "its name; generated code must not install it"
        )
    names = " or ".join(f"`{m}`" for m in near)
    suggestion = f"did you mean {names}?"
    squat = [
        m for m in [*near, *close] if 0 < _distance(name, m) <= 2 and m.lower() != name.lower()
    ]
    if squat:
        suggestion += (
            f" `{name}` is a near miss of the installed `{squat[0]}` and may be a typosquat: "
            "never install it blindly."
        )
    return message, suggestion


def _distance(a: str, b: str) -> int:
    """Levenshtein edit distance."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = [getattr(kind, "id", getattr(kind, "attr", None)) for kind in kinds if kind]
    return handler.type is None or any(name in GUARDS for name in names)


class _Imports(ast.NodeVisitor):
    """Collects unguarded absolute imports, including import_module/__import__ of literals."""

    def __init__(self) -> None:
        self.found: list[tuple[str, int]] = []

    def visit_Try(self, node: ast.Try) -> None:
        self._try(node)

    def visit_TryStar(self, node: ast.TryStar) -> None:
        self._try(node)

    def _try(self, node: ast.Try | ast.TryStar) -> None:
        if not any(_catches_import_error(handler) for handler in node.handlers):
            self.generic_visit(node)
            return
        for child in [*node.handlers, *node.orelse, *node.finalbody]:
            self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        self.found += [(alias.name.split(".")[0], node.lineno) for alias in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level and node.module != "__future__":
            self.found.append((node.module.split(".")[0], node.lineno))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = node.args[0] if node.args else None
        literal = first.value if isinstance(first, ast.Constant) else None
        absolute = isinstance(literal, str) and literal[:1] not in ("", ".")
        if name in ("import_module", "__import__") and absolute:
            self.found.append((str(literal).split(".")[0], node.lineno))
        self.generic_visit(node)
