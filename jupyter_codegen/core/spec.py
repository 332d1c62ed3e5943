"""The task spec: the task as written, plus what the clarity check restated, assumed and asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CLARITY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "restated": {"type": "string", "maxLength": 400},
        "assumptions": {
            "type": "array",
            "items": {"type": "string", "maxLength": 200},
            "maxItems": 5,
        },
        "questions": {
            "type": "array",
            "maxItems": 4,
            "items": {
                "type": "object",
                "properties": {
                    "question": {"type": "string", "maxLength": 200},
                    "default": {"type": "string", "maxLength": 120},
                },
                "required": ["question", "default"],
            },
        },
    },
    "required": ["restated", "assumptions", "questions"],
}


@dataclass(frozen=True)
class Question:
    """Something the task leaves open, with the answer the model would pick."""

    text: str
    default: str


@dataclass(frozen=True)
class ClarityReport:
    """The clarity check's structured answer."""

    restated: str
    assumptions: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ClarityReport:
        """Build from JSON already validated against CLARITY_SCHEMA; blank entries are dropped."""
        return cls(
            restated=str(data["restated"]).strip(),
            assumptions=tuple(a.strip() for a in data["assumptions"] if a.strip()),
            questions=tuple(
                Question(q["question"].strip(), q["default"].strip())
                for q in data["questions"]
                if q["question"].strip()
            ),
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return {
            "restated": self.restated,
            "assumptions": list(self.assumptions),
            "questions": [{"question": q.text, "default": q.default} for q in self.questions],
        }


@dataclass(frozen=True)
class Spec:
    """What every later prompt is told the task is."""

    task: str
    restated: str = ""
    assumptions: tuple[str, ...] = ()
    answers: tuple[tuple[str, str], ...] = ()  # (question, answer given by the person)

    def render(self) -> str:
        """The task with its clarifications, as prompt text."""
        parts = [self.task.strip()]
        if self.answers:
            parts.append("Clarifications:\n" + "\n".join(f"- {q} -> {a}" for q, a in self.answers))
        if self.assumptions:
            parts.append("Assumptions:\n" + "\n".join(f"- {a}" for a in self.assumptions))
        return "\n\n".join(parts)


def clarified(task: str, report: ClarityReport, answers: Mapping[int, str]) -> Spec:
    """Merge answers into the spec; an unanswered question takes its default, as an assumption."""
    given: list[tuple[str, str]] = []
    assumed = list(report.assumptions)
    for index, question in enumerate(report.questions):
        answer = answers.get(index, "").strip()
        if answer:
            given.append((question.text, answer))
        else:
            assumed.append(f"{question.text} -> {question.default} (suggested default)")
    return Spec(task, report.restated, tuple(assumed), tuple(given))
