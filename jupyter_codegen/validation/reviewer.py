"""The reviewer: a second model reads the accepted code against the spec and the tests it
passed, and lists concerns the person can turn into new plan tasks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.findings import SEVERITIES, Severity
from jupyter_codegen.core.ports import Message, ModelClient
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.spec_tests import shown_code
from jupyter_codegen.errors import StructuredOutputError
from jupyter_codegen.llm.structured import repair_message
from jupyter_codegen.prompts import template

ConcernKind = Literal["missed-requirement", "edge-case", "risk", "other"]
KINDS: tuple[ConcernKind, ...] = ("missed-requirement", "edge-case", "risk", "other")
MAX_CONCERNS = 6
_TITLE_WORDS = 6


def review_schema(max_concerns: int = MAX_CONCERNS) -> dict[str, Any]:
    """The JSON schema a review reply must follow; an empty list means no concerns."""
    return {
        "type": "object",
        "properties": {
            "concerns": {
                "type": "array",
                "maxItems": max_concerns,
                "items": {
                    "type": "object",
                    "properties": {
                        "kind": {"enum": list(KINDS)},
                        "severity": {"enum": list(SEVERITIES)},
                        "task": {"type": "string", "maxLength": 12},
                        "text": {"type": "string", "minLength": 1, "maxLength": 240},
                    },
                    "required": ["kind", "severity", "task", "text"],
                },
            }
        },
        "required": ["concerns"],
    }


@dataclass(frozen=True)
class Concern:
    """One thing the reviewer thinks is wrong or missing; `task` is the id of the task it is
    about when the reviewer named one that exists, else None."""

    id: str
    kind: ConcernKind
    severity: Severity
    text: str
    task: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity,
            "text": self.text,
            "task": self.task,
        }

    def as_task(self) -> tuple[str, str]:
        """A (title, description) for a new plan task that deals with this concern."""
        words = self.text.split()
        head = " ".join(words[:_TITLE_WORDS]).rstrip(".,;:")
        title = f"Address: {head}" + ("…" if len(words) > _TITLE_WORDS else "")
        where = f"the code of task {self.task}" if self.task else "the code"
        description = (
            f"Change {where} so that this {self.severity}-severity reviewer concern "
            f"({self.kind}) no longer applies: {self.text}"
        )
        return title[:80], description


@dataclass
class Reviewed:
    """The concerns, every reply, and notes on what went wrong."""

    concerns: list[Concern] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def review_messages(
    spec: str,
    cells: Sequence[tuple[str, str, str]],
    checks: Sequence[Check],
    *,
    max_concerns: int = MAX_CONCERNS,
) -> list[Message]:
    """The reviewer's conversation: the spec, each task's code as (id, title, code), and the
    tests the code passed."""
    code = "\n\n".join(
        f"Step {tid}: {title}\n```python\n{source.strip()}\n```" for tid, title, source in cells
    )
    tests = "\n\n".join(
        f"# {c.label} ({c.source})\n{shown_code(c).strip()}" if c.label else shown_code(c).strip()
        for c in checks
    )
    passed = f"Tests the code passes:\n```python\n{tests}\n```" if checks else "No tests were run."
    user = f"The task:\n{spec.strip()}\n\nThe code, one cell per step:\n{code}\n\n{passed}"
    return [
        {"role": "system", "content": template("review.v1").substitute(max_concerns=max_concerns)},
        {"role": "user", "content": user},
    ]


def _task_id(named: str, known: Sequence[str]) -> str | None:
    """The known task id the reviewer meant, tolerating case and a 'task ' prefix."""
    name = named.strip().lower()
    names = {name, *(name.removeprefix(word).strip(" :#") for word in ("task", "step"))}
    return next((tid for tid in known if tid.lower() in names), None)


def from_reply(data: dict[str, Any], known: Sequence[str]) -> list[Concern]:
    """Schema-valid JSON to concerns numbered c1, c2, ...; blank and repeated ones are dropped."""
    concerns: list[Concern] = []
    for item in data["concerns"]:
        text = " ".join(str(item["text"]).split())
        if text and all(c.text != text for c in concerns):
            kind, severity = cast(ConcernKind, item["kind"]), cast(Severity, item["severity"])
            task = _task_id(str(item["task"]), known)
            concerns.append(Concern(f"c{len(concerns) + 1}", kind, severity, text, task))
    return concerns


def review(
    spec: str,
    cells: Sequence[tuple[str, str, str]],
    checks: Sequence[Check],
    client: ModelClient,
    *,
    max_concerns: int = MAX_CONCERNS,
) -> Reviewed:
    """Ask for a review; re-ask once when the reply is not valid JSON, then give up with a
    note. Never raises for a bad reply (model and budget errors do propagate)."""
    messages = review_messages(spec, cells, checks, max_concerns=max_concerns)
    schema = review_schema(max_concerns)
    result = Reviewed()
    for attempt in (1, 2):
        try:
            reply = client.complete(messages, schema=schema)
        except StructuredOutputError as exc:
            if attempt == 2:
                result.notes.append(
                    f"The reviewer's second reply was not usable either ({exc}); no review."
                )
                return result
            result.notes.append(f"The reviewer's reply was not usable ({exc}); asked again.")
            messages = [*messages, repair_message(str(exc), schema)]
            continue
        result.replies.append(reply)
        result.concerns = from_reply(reply.data, [tid for tid, _, _ in cells])
        break
    return result
