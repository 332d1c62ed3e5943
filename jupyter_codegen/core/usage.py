"""Token and cost accounting for model calls, and the session budget."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jupyter_codegen.errors import BudgetExceededError, UsageError


@dataclass(frozen=True)
class Usage:
    """Tokens and cost of one or more model calls."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None  # USD; None where no provider price is known

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        if self.cost is None and other.cost is None:
            cost = None
        else:
            cost = (self.cost or 0.0) + (other.cost or 0.0)
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            cost,
        )


_BUDGET = re.compile(
    r"^\s*(?:(?P<usd>\$\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:usd|\$))|(?P<tok>\d+(?:\.\d+)?)\s*(?P<mult>[kKmM])?\s*(?:tok(?:en)?s?)?)\s*$"
)


@dataclass(frozen=True)
class Budget:
    """A limit on tokens, on cost in USD, or both; None means unlimited."""

    max_tokens: int | None = None
    max_cost: float | None = None

    @classmethod
    def parse(cls, text: str) -> Budget:
        """Parse '20000', '20k', '20k tokens', '$0.50' or '0.5usd'."""
        match = _BUDGET.match(text)
        if not match:
            raise UsageError(
                f"--budget {text!r} is not a budget: use a token count such as 20000 or 20k, "
                "or a cost in USD such as $0.50 or 0.5usd"
            )
        if match.group("usd"):
            return cls(max_cost=float(match.group("usd").strip("$usd ")))
        scale = {"k": 1_000, "m": 1_000_000}.get((match.group("mult") or "").lower(), 1)
        return cls(max_tokens=int(float(match.group("tok")) * scale))

    def describe(self) -> str:
        """A short human description, e.g. '20,000 tokens'."""
        parts = []
        if self.max_tokens is not None:
            parts.append(f"{self.max_tokens:,} tokens")
        if self.max_cost is not None:
            parts.append(f"${self.max_cost:.4f}")
        return " or ".join(parts) or "unlimited"


@dataclass
class Meter:
    """Running usage of a session, checked against its budget before each call."""

    budget: Budget = field(default_factory=Budget)
    spent: Usage = field(default_factory=Usage)
    calls: int = 0

    def add(self, usage: Usage) -> None:
        """Record one finished call."""
        self.spent = self.spent + usage
        self.calls += 1

    def exhausted(self) -> bool:
        """True once the budget is used up."""
        b = self.budget
        if b.max_tokens is not None and self.spent.total_tokens >= b.max_tokens:
            return True
        return b.max_cost is not None and (self.spent.cost or 0.0) >= b.max_cost

    def check(self) -> None:
        """Raise BudgetExceededError if no further call may be made."""
        if self.exhausted():
            raise BudgetExceededError(
                f"budget of {self.budget.describe()} reached after {self.calls} model calls "
                f"({self.spent.total_tokens:,} tokens"
                + (f", ${self.spent.cost:.4f}" if self.spent.cost is not None else "")
                + ")"
            )
