import json

import pytest

from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.spec_tests import user_checks
from jupyter_codegen.errors import ModelError
from jupyter_codegen.validation.reviewer import (
    Concern,
    from_reply,
    review,
    review_messages,
    review_schema,
)
from tests.development.fakes import FakeClient

SPEC = "Write slugify(text) and count_words(text)."
CELLS = [
    ("t1", "slugify", "def slugify(text):\n    return text.lower().replace(' ', '-')"),
    ("t2", "count words", "def count_words(text):\n    return len(text.split())"),
]
CHECKS = [Check("plan", "assert slugify('A B') == 'a-b'", "two words")]


def concern(kind="edge-case", severity="medium", task="t1", text="Repeated spaces give '--'."):
    return {"kind": kind, "severity": severity, "task": task, "text": text}


def reply(*concerns) -> str:
    return json.dumps({"concerns": list(concerns)})


def test_valid_reply_gives_concerns_numbered_c1_c2() -> None:
    reviewed = review(
        SPEC,
        CELLS,
        CHECKS,
        FakeClient(
            [reply(concern(), concern("risk", "high", "t2", "Tabs are not word separators?"))]
        ),
    )
    assert reviewed.concerns == [
        Concern("c1", "edge-case", "medium", "Repeated spaces give '--'.", "t1"),
        Concern("c2", "risk", "high", "Tabs are not word separators?", "t2"),
    ]
    assert len(reviewed.replies) == 1
    assert reviewed.notes == []


def test_unknown_or_empty_task_id_is_none() -> None:
    concerns = from_reply(
        {"concerns": [concern(task="t9"), concern(task="", text="Whole thing.")]}, ["t1", "t2"]
    )
    assert [c.task for c in concerns] == [None, None]


@pytest.mark.parametrize("named", ["t2", "T2", "task t2", "Task: t2", " step t2 "])
def test_task_id_is_matched_loosely(named: str) -> None:
    (found,) = from_reply({"concerns": [concern(task=named)]}, ["t1", "t2"])
    assert found.task == "t2"


def test_task_id_that_itself_starts_with_task_is_kept() -> None:
    (found,) = from_reply({"concerns": [concern(task="task1")]}, ["task1"])
    assert found.task == "task1"


def test_blank_and_repeated_concerns_are_dropped() -> None:
    concerns = from_reply(
        {"concerns": [concern(text="  "), concern(text="A  b"), concern(text="A b")]}, ["t1"]
    )
    assert [(c.id, c.text) for c in concerns] == [("c1", "A b")]


def test_empty_list_means_no_concerns() -> None:
    reviewed = review(SPEC, CELLS, CHECKS, FakeClient([reply()]))
    assert reviewed.concerns == []
    assert reviewed.notes == []
    assert len(reviewed.replies) == 1


def test_garbage_is_reasked_once_then_a_note_and_no_concerns() -> None:
    client = FakeClient(["I think it is fine!", '{"concerns": [{"kind": "style"}]}'])
    reviewed = review(SPEC, CELLS, CHECKS, client)
    assert reviewed.concerns == []
    assert reviewed.replies == []
    assert len(client.seen) == 2
    assert "not valid for the required JSON schema" in client.seen[1][-1]["content"]
    assert "asked again" in reviewed.notes[0]
    assert "no review" in reviewed.notes[-1]


def test_garbage_then_valid_reply_is_used() -> None:
    reviewed = review(SPEC, CELLS, CHECKS, FakeClient(["nope", reply(concern())]))
    assert [c.id for c in reviewed.concerns] == ["c1"]
    assert len(reviewed.notes) == 1


def test_model_errors_propagate() -> None:
    class Failing:
        def complete(self, messages, *, schema=None, on_token=None):
            raise ModelError("m", "no such model", "pick another")

    with pytest.raises(ModelError):
        review(SPEC, CELLS, CHECKS, Failing())


def test_messages_show_spec_code_per_task_and_tests() -> None:
    checks = [*CHECKS, *user_checks(">>> count_words('a b')\n2\n")]
    messages = review_messages(SPEC, CELLS, checks, max_concerns=3)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "at most 3 concerns" in messages[0]["content"]
    user = messages[1]["content"]
    assert SPEC in user
    assert "Step t1: slugify\n```python\ndef slugify(text):" in user
    assert "Step t2: count words" in user
    assert "# two words (plan)\nassert slugify('A B') == 'a-b'" in user
    assert ">>> count_words('a b')\n2" in user and "DocTestRunner" not in user


def test_messages_without_tests_say_so() -> None:
    assert "No tests were run." in review_messages(SPEC, CELLS, [])[1]["content"]


def test_schema_limits_lengths_and_count() -> None:
    schema = review_schema(2)["properties"]["concerns"]
    assert schema["maxItems"] == 2
    assert schema["items"]["properties"]["text"]["maxLength"] == 240
    assert schema["items"]["properties"]["task"]["maxLength"] == 12
    assert schema["items"]["properties"]["severity"]["enum"] == ["low", "medium", "high"]


def test_as_task_gives_a_short_title_and_a_description() -> None:
    item = Concern(
        "c1", "edge-case", "high", "Repeated spaces give double dashes in the slug.", "t1"
    )
    title, description = item.as_task()
    assert title == "Address: Repeated spaces give double dashes in…"
    assert description == (
        "Change the code of task t1 so that this high-severity reviewer concern (edge-case) "
        "no longer applies: Repeated spaces give double dashes in the slug."
    )


def test_as_task_of_a_short_concern_about_the_whole() -> None:
    title, description = Concern("c2", "risk", "low", "Slow on big input.").as_task()
    assert title == "Address: Slow on big input"
    assert description.startswith("Change the code so that")


def test_as_dict() -> None:
    assert Concern("c1", "other", "low", "x", None).as_dict() == {
        "id": "c1",
        "kind": "other",
        "severity": "low",
        "text": "x",
        "task": None,
    }
