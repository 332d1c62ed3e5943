"""What a scan found in a piece of code: security risks, unresolved imports, lint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["low", "medium", "high"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high")


@dataclass(frozen=True)
class Finding:
    """One thing a scan flagged, with where it is and how bad it is.

    `source` names the scanner ("bandit", "ast", "imports", "ruff"); `rule` its rule id (e.g.
    "B602", "os-system", "unknown-import"); `line` is 1-based within the scanned code (0 when
    the finding is about the code as a whole); `suggestion` is what to do instead, if known.
    """

    source: str
    rule: str
    severity: Severity
    line: int
    message: str
    suggestion: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return {
            "source": self.source,
            "rule": self.rule,
            "severity": self.severity,
            "line": self.line,
            "message": self.message,
            "suggestion": self.suggestion,
        }

    def describe(self) -> str:
        """One line for a person: severity, line, what and what instead."""
        where = f"line {self.line}" if self.line else "whole cell"
        text = f"[{self.severity}] {where}: {self.message} ({self.source} {self.rule})"
        return f"{text}; {self.suggestion}" if self.suggestion else text


def highest(findings: tuple[Finding, ...] | list[Finding]) -> Severity | None:
    """The worst severity among `findings`, or None when there are none."""
    if not findings:
        return None
    return max((f.severity for f in findings), key=SEVERITIES.index)
