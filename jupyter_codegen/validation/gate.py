"""The gate every proposal passes before it runs: the security scan and the import check."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from jupyter_codegen.core.findings import Finding
from jupyter_codegen.validation import security
from jupyter_codegen.validation.imports import ModuleIndex, check_imports, install_command

__all__ = ["install_command", "refresh_modules", "scanner"]

_index: ModuleIndex | None = None


def modules() -> ModuleIndex:
    """The modules this environment can import (scanned once, until `refresh_modules`)."""
    global _index
    if _index is None:
        _index = ModuleIndex.from_environment()
    return _index


def refresh_modules() -> None:
    """Forget the scanned modules, e.g. after a person installed a package."""
    global _index
    importlib.invalidate_caches()
    cached = getattr(ModuleIndex.from_environment, "cache_clear", None)
    if cached is not None:
        cached()
    _index = None


def scanner(index: ModuleIndex | None = None) -> Callable[[str], list[Finding]]:
    """scan(code): security findings plus imports that do not resolve in `index`."""
    known = index or modules()

    def scan(code: str) -> list[Finding]:
        return [*security.scan(code), *check_imports(code, known)]

    return scan
