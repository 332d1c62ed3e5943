"""The security gate: bandit and our own AST checks on generated cell code, before it runs."""

from __future__ import annotations

import ast
import functools
import logging
import os
import re
import tempfile
import warnings
from dataclasses import replace
from typing import Any

from jupyter_codegen.core.findings import SEVERITIES, Finding, Severity
from jupyter_codegen.validation.ast_rules import ast_findings

__all__ = ["ast_findings", "bandit_findings", "blocking", "merge", "scan", "to_python"]

# Cell magics whose body is Python that runs as usual: the body is scanned in place.
PYTHON_CELL_MAGIC = re.compile(r"%%(time|timeit|capture|prun)\b")
# Bandit rules that flag what ours do: on the same line, the two findings become one.
KIND = {rule: "process" for rule in ("B602", "B603", "B604", "B605", "B606", "B607", "B609")}
KIND |= {rule: "unsafe-deserialization" for rule in ("B301", "B302", "B506")}
KIND |= {rule: "network" for rule in ("B113", "B310", "B312", "B321", "B501")}
KIND |= {"B102": "eval-exec", "B307": "eval-exec", "B108": "write-outside-workspace"}
# Noise in notebooks: asserts are tests, random is for sampling, our checks judge the calls.
DROPPED = {"B101", "B311", "B403", "B404"}
# Kept as low: imports alone (B4xx), MD5 for checksums and cache keys, unpinned hub downloads.
LOWERED = ("B4", "B324", "B615")


def to_python(code: str) -> tuple[str, ast.Module]:
    """Cell code as plain Python with its line numbers kept, and its syntax tree.

    IPython syntax (magics, `!` shell escapes) becomes the get_ipython() calls it runs as;
    the body of a timing or capture cell magic is kept as the code. Raises SyntaxError.
    """
    source = "#" + code[1:] if PYTHON_CELL_MAGIC.match(code) else code
    try:
        return source, ast.parse(source)
    except SyntaxError as error:
        try:
            from IPython.core.inputtransformer2 import TransformerManager

            source = TransformerManager().transform_cell(source)
        except Exception:
            raise error from None
        return source, ast.parse(source)


def scan(code: str) -> list[Finding]:
    """Findings of bandit and the AST checks for one cell, merged and sorted by line."""
    try:
        source, tree = to_python(code)
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None) or 0
        message = f"the code does not parse ({getattr(error, 'msg', error)}), so it was not scanned"
        return [Finding("ast", "syntax", "low", line, message, "fix the syntax error")]
    return merge(ast_findings(tree), bandit_findings(source))


def blocking(findings: list[Finding]) -> list[Finding]:
    """The high-severity findings: running the code needs a person's explicit approval."""
    return [finding for finding in findings if finding.severity == "high"]


def merge(ours: list[Finding], theirs: list[Finding]) -> list[Finding]:
    """One list: a bandit finding on the same line and of the same kind is folded into ours."""
    merged, rest = list(ours), []
    for other in theirs:
        kind = KIND.get(other.rule)
        same = [
            i for i, f in enumerate(merged) if (f.line, f.rule.split("/")[0]) == (other.line, kind)
        ]
        if not same:
            rest.append(other)
            continue
        mine = merged[same[0]]
        worst = max(mine.severity, other.severity, key=SEVERITIES.index)
        rule = f"{mine.rule}/{other.rule}"
        merged[same[0]] = replace(mine, source="ast+bandit", rule=rule, severity=worst)
    return sorted(merged + rest, key=lambda f: (f.line, -SEVERITIES.index(f.severity), f.rule))


@functools.cache
def _bandit() -> tuple[Any, Any, Any]:
    """Bandit's manager module, docs helper and default configuration, loaded once."""
    logging.getLogger("bandit").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():  # stevedore, used by bandit's plugin loader
        warnings.filterwarnings("ignore", "The verify_requirements argument", DeprecationWarning)
        from bandit.core import config, docs_utils, manager
    return manager, docs_utils, config.BanditConfig()


def bandit_findings(source: str) -> list[Finding]:
    """Bandit's findings for plain Python source, minus the rules that are noise here."""
    manager, docs, config = _bandit()
    handle, path = tempfile.mkstemp(suffix=".py", prefix="codegen_scan_")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(source)
        run = manager.BanditManager(config, "file", quiet=True, ignore_nosec=True)
        run.discover_files([path])
        run.run_tests()
        issues = run.get_issue_list()
    finally:
        os.unlink(path)
    found = []
    for issue in issues:
        rule = issue.test_id
        severity: Severity = "low" if rule.startswith(LOWERED) else issue.severity.lower()
        hint = f"see {docs.get_url(rule)}"
        found.append(Finding("bandit", rule, severity, int(issue.lineno), issue.text, hint))
    return [finding for finding in found if finding.rule not in DROPPED]
