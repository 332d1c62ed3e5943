"""Pull runnable Python out of a model reply: fenced blocks first, then bare code amid prose."""

from __future__ import annotations

import ast
import re

from jupyter_codegen.errors import NoCodeError

# An opening fence, its info string, the body, and a closing fence or the end of the reply
# (small models often stop mid-block when they hit their token limit).
_FENCE = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+.-]*)[^\n]*\n(?P<body>.*?)(?:^[ \t]*(?P=fence)[ \t]*$|\Z)",
    re.DOTALL | re.MULTILINE,
)
_PYTHON_LANGS = {"", "python", "python3", "py", "ipython", "ipython3", "pycon"}
_CODE_START = re.compile(r"^(?:def |async def |class |import |from |@|[A-Za-z_][\w.]*\s*(?:=|\())")
_MAX_SCAN_LINES = 400


def _is_code(source: str) -> bool:
    """True if the text parses and is more than a stray word or string."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    meaningful = [
        node
        for node in tree.body
        if not (isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.Name)))
    ]
    return bool(meaningful)


def _strip_prompts(body: str) -> str:
    """Turn a '>>> ' console transcript into plain code, leaving other text alone."""
    lines = body.splitlines()
    if not any(line.startswith(">>> ") for line in lines):
        return body
    kept = [line[4:] for line in lines if line.startswith((">>> ", "... "))]
    return "\n".join(kept)


def _fenced_blocks(reply: str) -> list[str]:
    blocks = []
    for match in _FENCE.finditer(reply):
        if match.group("lang").lower() not in _PYTHON_LANGS:
            continue
        body = _strip_prompts(match.group("body")).strip("\n")
        if _is_code(body):
            blocks.append(body)
    return blocks


def _bare_code(reply: str) -> str | None:
    """Find the longest run of lines that parses, starting at a line that looks like code."""
    lines = reply.splitlines()[:_MAX_SCAN_LINES]
    for start, line in enumerate(lines):
        if not _CODE_START.match(line):
            continue
        for end in range(len(lines), start, -1):
            candidate = "\n".join(lines[start:end]).strip("\n")
            if _is_code(candidate):
                return candidate
    return None


def extract_code(reply: str) -> str:
    """Return the Python code in a model reply, or raise NoCodeError saying what came back."""
    blocks = _fenced_blocks(reply)
    if blocks:
        return "\n\n".join(blocks) + "\n"
    if _is_code(reply):
        return reply.strip("\n") + "\n"
    bare = _bare_code(reply)
    if bare:
        return bare + "\n"
    preview = reply.strip().replace("\n", " ")
    if len(preview) > 160:
        preview = preview[:157] + "..."
    raise NoCodeError(
        "the model's reply contained no Python code"
        + (f": {preview!r}" if preview else " (the reply was empty)")
    )
