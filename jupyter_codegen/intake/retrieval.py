"""Real signatures and docstrings of the libraries a task mentions, read from the sandbox.

Models often call functions that do not exist. Looking the APIs up in the environment the code
will run in, and putting what is really there into the prompt, keeps them honest.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from jupyter_codegen.core.ports import Sandbox

ALIASES = {
    "pd": "pandas",
    "np": "numpy",
    "plt": "matplotlib.pyplot",
    "sns": "seaborn",
    "tf": "tensorflow",
    "nx": "networkx",
    "sp": "scipy",
}
# Standard-library modules people name in tasks; other stdlib names are too often plain words.
STDLIB = frozenset(
    [
        "re",
        "json",
        "csv",
        "datetime",
        "itertools",
        "collections",
        "math",
        "statistics",
        "random",
        "pathlib",
        "functools",
        "string",
        "heapq",
        "bisect",
        "decimal",
        "fractions",
        "textwrap",
        "unicodedata",
        "hashlib",
        "uuid",
        "dataclasses",
        "enum",
        "operator",
        "calendar",
        "zipfile",
        "gzip",
        "shutil",
        "glob",
        "fnmatch",
        "difflib",
        "sqlite3",
        "typing",
        "argparse",
        "logging",
        "time",
    ]
)
_IMPORT = re.compile(r"\b(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))")
_DOTTED = re.compile(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def mentions(text: str, installed: set[str]) -> dict[str, list[str]]:
    """Modules the text names, each with the attributes it names explicitly (e.g. pd.read_csv)."""
    found: dict[str, list[str]] = {}

    def note(module: str, attr: str | None = None) -> None:
        attrs = found.setdefault(module, [])
        if attr and attr not in attrs:
            attrs.append(attr)

    for match in _IMPORT.finditer(text):
        note((match.group(1) or match.group(2)).split(".")[0])
    for base, attr in _DOTTED.findall(text):
        module = ALIASES.get(base, base)
        if module.split(".")[0] in installed or module in STDLIB:
            note(module, attr)
    for word in _WORD.findall(text):
        module = ALIASES.get(word, word)
        if module.split(".")[0] in installed or module in STDLIB:
            note(module)
    return found


_STOPWORDS = frozenset(
    [
        "and",
        "the",
        "with",
        "use",
        "using",
        "for",
        "from",
        "that",
        "this",
        "into",
        "then",
        "than",
        "each",
        "all",
        "any",
        "are",
        "was",
        "were",
        "has",
        "have",
        "its",
        "not",
        "but",
        "can",
        "will",
        "should",
        "must",
        "when",
        "where",
        "which",
        "what",
        "who",
        "how",
        "your",
        "you",
        "our",
        "out",
        "new",
        "get",
        "set",
        "file",
        "data",
        "value",
        "values",
        "list",
        "function",
        "functions",
        "return",
        "returns",
        "write",
        "make",
        "code",
        "python",
        "numbers",
        "number",
        "given",
        "take",
        "takes",
    ]
)


def task_words(text: str) -> list[str]:
    """Lower-case content words of three letters or more, for matching API names."""
    return sorted({w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)} - _STOPWORDS)


# Runs inside the sandbox: it imports the modules there, never in the user's kernel.
_LOOKUP = r"""
def __codegen_lookup(request):
    import importlib, importlib.metadata, inspect, json, re
    def summary(obj):
        doc = inspect.getdoc(obj) or ""
        return " ".join(doc.split("\n\n")[0].split())[:160]
    def signature(obj):
        try:
            return str(inspect.signature(obj))[:220]
        except (TypeError, ValueError):
            return "(...)"
    def parts(name):
        return {p.lower() for p in re.split(r"_|(?<=[a-z])(?=[A-Z])", name) if len(p) >= 3}
    out = {}
    for module_name, attrs in request["modules"].items():
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:
            out[module_name] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        try:
            version = importlib.metadata.version(module_name.split(".")[0])
        except Exception:
            version = str(getattr(module, "__version__", ""))
        entries, missing = [], []
        for attr in attrs:
            obj = module
            for piece in attr.split("."):
                obj = getattr(obj, piece, None)
            if obj is None:
                missing.append(attr)
            else:
                entries.append({"name": f"{module_name}.{attr}", "signature": signature(obj) if callable(obj) else "", "doc": summary(obj)})
        words = set(request["words"])
        public = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
        scored = []
        for name in public:
            if name in attrs:
                continue
            obj = getattr(module, name, None)
            if not callable(obj) or inspect.ismodule(obj):
                continue
            # "read" matches read_csv and reader alike: a shared prefix of four letters counts.
            score = sum(1 for p in parts(name) for w in words if p == w or (min(len(p), len(w)) >= 4 and (p.startswith(w) or w.startswith(p))))
            if score:
                scored.append((-score, name))
        for _, name in sorted(scored)[: request["per_module"]]:
            obj = getattr(module, name)
            entries.append({"name": f"{module_name}.{name}", "signature": signature(obj), "doc": summary(obj)})
        out[module_name] = {"version": version, "entries": entries, "missing": missing}
    return out
print("__CODEGEN__" + json.dumps(__codegen_lookup(REQUEST)))
del __codegen_lookup
"""


@dataclass(frozen=True)
class ApiDoc:
    """One real API: its dotted name, signature and first docstring sentence."""

    name: str
    signature: str
    doc: str


def lookup(
    sandbox: Sandbox, modules: dict[str, list[str]], words: list[str], per_module: int = 5
) -> dict[str, dict[str, object]]:
    """Inspect the modules in the sandbox; returns {module: {version, entries, missing} | {error}}."""
    if not modules:
        return {}
    request = {"modules": modules, "words": words, "per_module": per_module}
    code = "import json\n" + _LOOKUP.replace("REQUEST", repr(json.loads(json.dumps(request))))
    result = sandbox.execute(code, 60)
    for line in result.stdout.splitlines():
        if line.startswith("__CODEGEN__"):
            data: dict[str, dict[str, object]] = json.loads(line[len("__CODEGEN__") :])
            return data
    return {}


def render(found: dict[str, dict[str, object]], budget_tokens: int = 600) -> str:
    """The lookup as prompt text, cut to the budget; missing names are called out."""
    lines: list[str] = []
    for module, info in found.items():
        if "error" in info:
            lines.append(f"- {module} is NOT importable here ({info['error']}); do not use it.")
            continue
        version = f" {info['version']}" if info.get("version") else ""
        lines.append(f"- {module}{version}:")
        for entry in info.get("entries", []):  # type: ignore[attr-defined]
            doc = f" — {entry['doc']}" if entry["doc"] else ""
            lines.append(f"  - {entry['name']}{entry['signature']}{doc}")
        for name in info.get("missing", []):  # type: ignore[attr-defined]
            lines.append(f"  - {module}.{name} does NOT exist in this version; do not call it.")
    if not lines:
        return ""
    text = "APIs installed in the environment the code runs in (real signatures):\n"
    budget = budget_tokens * 4
    for line in lines:
        if len(text) + len(line) > budget:
            text += "- …\n"
            break
        text += line + "\n"
    return text.rstrip()


def installed_modules() -> set[str]:
    """Top-level modules of installed distributions."""
    from importlib.metadata import packages_distributions

    return set(packages_distributions())


def api_context(text: str, sandbox: Sandbox, installed: set[str], budget_tokens: int = 600) -> str:
    """Everything above in one call: what the text mentions, looked up in the sandbox, rendered."""
    modules = mentions(text, installed)
    return render(lookup(sandbox, modules, task_words(text)), budget_tokens) if modules else ""
