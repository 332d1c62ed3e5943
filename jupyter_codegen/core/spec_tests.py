"""Tests the person wrote: asserts, `test_*` functions and doctest examples, found in the task
cell's text or in a code cell the person points at, turned into Checks."""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jupyter_codegen.core.checks import Check

if TYPE_CHECKING:  # doctest (and the pdb it imports) loads on first use, not at %load_ext
    import doctest

# An opening fence, its language, the body, and a closing fence or the end of the text.
_FENCE = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+.-]*)[^\n]*\n?(?P<body>.*?)"
    r"(?:^[ \t]*(?P=fence)[ \t]*$|\Z)",
    re.DOTALL | re.MULTILINE,
)
_PYTHON_LANGS = {"", "python", "python3", "py", "ipython", "ipython3", "pycon", "doctest"}
_HEADER = re.compile(
    r"^\s*(#{1,6}\s*)?[*_]*(?:tests?|checks?|examples?)[*_]*\s*(:)?[*_]*\s*(.*)$", re.I
)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_CODE_LINE = re.compile(
    r"^(?:(?:assert|def|class|import|from|for|while|with|if|try)\b|>>>|#|@)"
    r"|^[A-Za-z_][\w.]*(?:\s*=(?!=)|\(|\[)"
)
# A docstring's closing quotes on their own line end a doctest example's expected output.
_BOUNDARY = re.compile(r"^\s*(?:\"\"\"|''')\s*$")
_OPTIONS = "doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE"
_STUB_BODY = "pass", "...", "Ellipsis", "raise NotImplementedError", "raise NotImplementedError()"


@dataclass
class _Found:
    """What the scan has found so far."""

    checks: list[Check] = field(default_factory=list)
    examples: list[doctest.Example] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def result(self) -> tuple[list[Check], list[str]]:
        """Unique checks, the doctest check last, and unique notes."""
        checks = [*self.checks, doctest_check(self.examples)] if self.examples else self.checks
        return list({c.code: c for c in checks}.values()), list(dict.fromkeys(self.notes))


def user_checks(text: str) -> list[Check]:
    """The checks in a task cell's text; see `user_checks_report`."""
    return user_checks_report(text)[0]


def user_checks_report(text: str) -> tuple[list[Check], list[str]]:
    """The checks in a task cell's text, and notes on the snippets skipped because they are not
    Python.

    Fenced Python blocks and the code under a `Tests:` / `Checks:` / `Examples:` line give one
    check for their asserts and one per `test_*` function; single `assert ...` lines in the
    prose give one check each; all `>>>` examples together give one doctest check. Functions
    and classes defined next to the asserts are left out: in a task cell they are the API the
    task asks for (stubs or the person's own version), and must not replace the real code.
    """
    found = _Found()

    def read_fence(match: re.Match[str]) -> str:
        if match["lang"].lower() in _PYTHON_LANGS:
            _add_snippet(match["body"], found, keep_defs=False)
        return "\n" * match[0].count("\n")  # keep the line numbers of the prose

    prose = _FENCE.sub(read_fence, text).splitlines()
    used = _sections(prose, found)
    for n, line in enumerate(prose):
        bullet = _BULLET.match(line)
        loose = line[bullet.end() :] if bullet else line  # indented lines belong to code
        loose = loose.strip("`").rstrip().rstrip("`")
        if n in used or not loose.startswith("assert "):
            continue
        if _parses(loose):
            found.checks.append(Check("user", loose, _short(loose)))
        else:
            found.notes.append(f"skipped, not valid Python: {_short(loose)}")
    _add_examples("\n".join("" if _BOUNDARY.match(ln) else ln for ln in prose), found)
    return found.result()


def checks_from_source(source: str) -> list[Check]:
    """The checks in a code cell the person points at; see `source_checks_report`."""
    return source_checks_report(source)[0]


def source_checks_report(source: str) -> tuple[list[Check], list[str]]:
    """The checks in a whole code cell: one per `test_*` function, one for the top-level
    asserts, one doctest check for the examples in its docstrings; and notes on what was
    skipped. Helper functions in the cell are kept as setup; stubs (`...`, `pass`) are not.
    """
    found = _Found()
    kept = [ln if not re.match(r"[%!]", ln) else "" for ln in source.splitlines()]  # magics
    _add_snippet("\n".join(kept), found, keep_defs=True)
    return found.result()


def doctest_check(examples: list[doctest.Example]) -> Check:
    """One check that runs `examples` with doctest against the kernel's globals.

    The runner gets a copy of `globals()` (DocTestRunner clears the dict it is given) and
    raises AssertionError with doctest's report when an example fails.
    """
    text = "".join(_render(e) for e in examples)
    code = f"""def _codegen_doctest(text):
    import doctest
    test = doctest.DocTestParser().get_doctest(text, dict(globals()), "examples", None, 0)
    runner = doctest.DocTestRunner(verbose=False, optionflags={_OPTIONS})
    report = []
    failed, attempted = runner.run(test, out=report.append)
    if failed:
        raise AssertionError(f"{{failed}} of {{attempted}} examples failed:\\n" + "".join(report))


try:
    _codegen_doctest({text!r})
finally:
    del _codegen_doctest
"""
    count = len(examples)
    name = f"doctest: {count} example{'s' * (count != 1)}"
    return Check("doctest", code, name, shown=f"These examples (doctest):\n{text.rstrip()}")


def _render(example: doctest.Example) -> str:
    source = example.source.rstrip("\n").splitlines() or [""]
    lines = [f">>> {source[0]}", *(f"... {ln}" if ln else "..." for ln in source[1:])]
    return "\n".join(lines) + "\n" + example.want + ("\n" if example.want else "")


def _sections(prose: list[str], found: _Found) -> set[int]:
    """Turn the code under `Tests:`-like lines into checks; return the line numbers used."""
    used: set[int] = set()
    for start, line in enumerate(prose):
        header = _HEADER.match(line)
        if not header or not (header[1] or header[2]):
            continue
        rest = header[3].strip()
        if rest and not rest.startswith("assert "):
            continue
        body, end = [rest] if rest else [], start + 1
        while end < len(prose):
            if not prose[end].strip():
                following = next((ln for ln in prose[end:] if ln.strip()), "")
                if following[:1] not in ("", " ", "\t") and not _CODE_LINE.match(following):
                    break
            body.append(prose[end])
            end += 1
        snippet = textwrap.dedent("\n".join(body)).strip("\n")
        if not snippet or ">>>" in snippet:
            continue  # doctest examples are read from the whole prose
        if _parses(snippet):
            _add_snippet(snippet, found, keep_defs=False)
            used.update(range(start, end))
        else:
            found.notes.append(f"skipped, not valid Python as a whole: {_short(snippet)}")
    return used


def _add_snippet(code: str, found: _Found, *, keep_defs: bool) -> None:
    """Checks and doctest examples from one piece of code; `>>>` transcripts are examples."""
    code = textwrap.dedent(code).strip("\n")
    if not code.strip():
        return
    try:
        tree = ast.parse(code)
    except SyntaxError:
        if any(ln.lstrip().startswith(">>>") for ln in code.splitlines()):
            _add_examples(code, found)
        else:
            found.notes.append(f"skipped, not valid Python: {_short(code)}")
        return
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            _add_examples(ast.get_docstring(node) or "", found)
    lines = code.splitlines()
    regions: list[tuple[str, list[ast.stmt]]] = []  # source lines and the statements in them
    last = 0
    for stmt in tree.body:
        end = stmt.end_lineno or stmt.lineno
        text, stmts = regions.pop() if regions and stmt.lineno <= last else ("", [])
        regions.append((text + "".join(ln + "\n" for ln in lines[last:end]), [*stmts, stmt]))
        last = max(last, end)
    tests, setup, body = [], [], []
    for text, stmts in regions:
        first = stmts[0]
        if isinstance(first, ast.FunctionDef) and first.name.startswith("test_"):
            if first.args.args or first.args.posonlyargs or first.args.kwonlyargs:
                found.notes.append(f"skipped {first.name}: it takes arguments (pytest fixtures?)")
            else:
                tests.append((first.name, text))
        elif isinstance(first, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if keep_defs and not _is_stub(first):
                setup.append(text)
                body.append(text)
        else:
            body.append(text)
            setup += [] if any(_asserts(s) for s in stmts) else [text]
    asserts = [n for s in tree.body for n in _asserts(s)]
    if asserts:
        name = _short(ast.get_source_segment(code, asserts[0]) or "asserts")
        name += f" (+{len(asserts) - 1} more)" if len(asserts) > 1 else ""
        found.checks.append(Check("user", "".join(body).strip("\n"), name))
    for name, text in tests:
        found.checks.append(
            Check("user", ("".join(setup) + text).strip("\n") + f"\n\n{name}()", name)
        )


def _asserts(node: ast.AST) -> list[ast.Assert]:
    """Assert statements in `node`, not counting those inside function or class bodies."""
    if isinstance(node, ast.Assert):
        return [node]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
        return []
    return [a for child in ast.iter_child_nodes(node) for a in _asserts(child)]


def _is_stub(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    body = node.body[1:] if ast.get_docstring(node) is not None else node.body
    return not isinstance(node, ast.ClassDef) and all(ast.unparse(s) in _STUB_BODY for s in body)


def _add_examples(text: str, found: _Found) -> None:
    """Add the doctest examples in `text` whose source is Python; paragraph by paragraph if
    the text as a whole is not consistently indented."""
    import doctest

    parser, examples = doctest.DocTestParser(), []
    try:
        examples = parser.get_examples(text)
    except ValueError:
        for paragraph in re.split(r"\n\s*\n", text):
            try:
                examples += parser.get_examples(paragraph)
            except ValueError:
                found.notes.append(f"skipped badly indented examples: {_short(paragraph)}")
    for example in examples:
        if _parses(example.source):
            found.examples.append(example)
        else:
            found.notes.append(f"skipped, not valid Python: >>> {_short(example.source)}")


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True


def _short(text: str, limit: int = 60) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"


def shown_code(check: Check) -> str:
    """A check's code as a person or a model should read it: the examples themselves for a
    doctest check, the code otherwise."""
    if check.source != "doctest":
        return check.code
    try:
        tree = ast.parse(check.code)
    except SyntaxError:
        return check.code
    for node in ast.walk(tree):
        arg = node.args[0] if isinstance(node, ast.Call) and node.args else None
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value.strip("\n")
    return check.code
