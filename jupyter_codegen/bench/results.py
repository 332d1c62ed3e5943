"""Bench results: one JSONL row per sample (so an interrupted run resumes), a summary per
suite, mode and model, as a Markdown table and a plot."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_codegen.bench.passk import mean_pass_at_k

Key = tuple[str, str, str, str, int]


def key(row: dict[str, Any]) -> Key:
    """What makes a row unique: suite, mode, model, problem, sample."""
    return (row["suite"], row["mode"], row["model"], row["problem"], int(row["sample"]))


def read(path: Path) -> list[dict[str, Any]]:
    """The rows written so far; a line cut off by an interruption is skipped."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and {"suite", "mode", "model", "problem", "sample"} <= row.keys():
            rows.append(row)
    return rows


def append(path: Path, row: dict[str, Any]) -> None:
    """Add one row, on disk before the next problem starts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as out:
        cut = False
        if out.seek(0, os.SEEK_END) > 0:
            out.seek(-1, os.SEEK_END)
            cut = out.read(1) != b"\n"
        line = json.dumps(row, sort_keys=True) + "\n"
        out.write((("\n" + line) if cut else line).encode())  # a cut-off line stays alone
        out.flush()
        os.fsync(out.fileno())


@dataclass
class Summary:
    """One suite, mode and model over its problems."""

    suite: str
    mode: str
    model: str
    problems: int = 0
    samples: int = 0
    passed: int = 0  # passing samples
    pass_at: dict[int, float | None] = field(default_factory=dict)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    seconds: float = 0.0  # generation plus judging, summed over samples
    iterations: int = 0
    findings: int = 0
    complexity: float | None = None  # mean over passing samples
    maintainability: float | None = None

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def tokens_per_problem(self) -> float:
        return self.tokens / self.samples if self.samples else 0.0

    @property
    def tokens_per_solved(self) -> float | None:
        """Tokens spent for each passing sample: the price of a correct answer."""
        return self.tokens / self.passed if self.passed else None

    def as_dict(self) -> dict[str, Any]:
        return {
            **{k: v for k, v in self.__dict__.items() if k != "pass_at"},
            "pass_at": {str(k): v for k, v in self.pass_at.items()},
            "tokens_per_problem": round(self.tokens_per_problem, 1),
            "tokens_per_solved": self.tokens_per_solved and round(self.tokens_per_solved, 1),
        }


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def summarize(rows: Iterable[dict[str, Any]], ks: Iterable[int] = (1,)) -> list[Summary]:
    """A summary per (suite, mode, model), in the order they first appear."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(row["suite"], row["mode"], row["model"])].append(row)
    found = []
    for (suite, mode, model), group in groups.items():
        s = Summary(suite, mode, model)
        per_problem: dict[str, list[bool]] = defaultdict(list)
        costs = [r["cost"] for r in group if isinstance(r.get("cost"), int | float)]
        good = [r for r in group if r["passed"]]
        for r in group:
            per_problem[r["problem"]].append(bool(r["passed"]))
            s.prompt_tokens += int(r.get("prompt_tokens") or 0)
            s.completion_tokens += int(r.get("completion_tokens") or 0)
            s.seconds += float(r.get("seconds") or 0) + float(r.get("judge_seconds") or 0)
            s.iterations += int(r.get("iterations") or 0)
            s.findings += int(r.get("findings") or 0)
        s.problems, s.samples, s.passed = len(per_problem), len(group), len(good)
        s.cost = round(sum(costs), 6) if costs else None
        s.seconds = round(s.seconds, 1)
        counts = [(len(v), sum(v)) for v in per_problem.values()]
        s.pass_at = {k: mean_pass_at_k(counts, k) for k in ks}
        s.complexity = _mean([r["complexity"] for r in good if r.get("complexity") is not None])
        s.maintainability = _mean(
            [r["maintainability"] for r in good if r.get("maintainability") is not None]
        )
        found.append(s)
    return found


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def markdown(summaries: list[Summary]) -> str:
    """The results table."""
    ks = sorted({k for s in summaries for k in s.pass_at})
    head = [
        "suite",
        "mode",
        "model",
        "problems",
        *(f"pass@{k}" for k in ks),
        "tokens/problem",
        "tokens/solved",
        "cost",
        "wall time",
        "self-debug rounds",
        "findings",
        "CC / MI (passing)",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in summaries:
        solved = s.tokens_per_solved
        cells = [
            s.suite,
            s.mode,
            f"`{s.model}`",
            str(s.problems),
            *(_pct(s.pass_at.get(k)) for k in ks),
            f"{s.tokens_per_problem:,.0f}",
            "n/a" if solved is None else f"{solved:,.0f}",
            "n/a" if s.cost is None else f"${s.cost:.4f}",
            f"{s.seconds / 60:.1f} min",
            str(s.iterations),
            str(s.findings),
            f"{s.complexity if s.complexity is not None else 'n/a'} / "
            f"{s.maintainability if s.maintainability is not None else 'n/a'}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def plot(summaries: list[Summary], path: Path) -> Path:
    """pass@1 and tokens per solved problem, per mode, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [f"{s.mode}\n{s.suite}" for s in summaries]
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4), constrained_layout=True)
    left.bar(labels, [100 * (s.pass_at.get(1) or 0) for s in summaries], color="#3b7dd8")
    left.set_ylabel("pass@1 (%)")
    left.set_ylim(0, 100)
    right.bar(labels, [s.tokens_per_solved or 0 for s in summaries], color="#d8843b")
    right.set_ylabel("tokens per solved problem")
    models = sorted({s.model for s in summaries})
    fig.suptitle(f"jupyter-codegen bench · {', '.join(models)}")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
