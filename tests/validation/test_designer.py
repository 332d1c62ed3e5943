import inspect
import json

import pytest

from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.spec_tests import user_checks
from jupyter_codegen.core.usage import Budget, Meter
from jupyter_codegen.errors import BudgetExceededError
from jupyter_codegen.validation.designer import (
    design_messages,
    design_schema,
    design_tests,
    from_reply,
)
from tests.development.fakes import FakeClient

SPEC = "Write slugify(text): lowercase the text and join its words with single dashes."
TITLE = "slugify"
DESCRIPTION = "Define slugify(text) returning the lowercase words of text joined by '-'."
IMPLEMENTATION = "def slugify(text):\n    return text.lower().replace(' ', '-')"


def reply(*tests: tuple[str, str]) -> str:
    return json.dumps({"tests": [{"name": name, "code": code} for name, code in tests]})


GOOD = reply(
    ("two words", 'assert slugify("Hello World") == "hello-world"'),
    ("empty", 'assert slugify("") == ""'),
)


def sent_text(client: FakeClient) -> str:
    return "\n".join(m["content"] for messages in client.seen for m in messages)


def test_the_designer_never_sees_an_implementation() -> None:
    # The implementation exists in the session, but nothing it could be passed to accepts it.
    client = FakeClient([GOOD])
    design_tests(
        SPEC, TITLE, DESCRIPTION, client, examples=user_checks("assert slugify('A') == 'a'")
    )
    text = sent_text(client)
    assert SPEC in text and DESCRIPTION in text
    for line in IMPLEMENTATION.splitlines():
        assert line.strip() not in text
    assert "def slugify" not in text and ".replace(" not in text


@pytest.mark.parametrize("function", [design_tests, design_messages])
def test_no_parameter_could_take_code(function) -> None:
    names = set(inspect.signature(function).parameters)
    assert names <= {
        "spec",
        "task_title",
        "task_description",
        "client",
        "examples",
        "feedback",
        "max_tests",
    }
    assert not names & {"code", "source", "implementation", "cells", "solution"}


def test_messages_hold_the_spec_task_examples_and_feedback() -> None:
    examples = [
        Check("user", "assert slugify('A B') == 'a-b'"),
        *user_checks(">>> slugify('Q')\n'q'\n"),
    ]
    messages = design_messages(SPEC, TITLE, DESCRIPTION, examples, "Also test punctuation.")
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "at most 4 tests" in messages[0]["content"]
    user = messages[1]["content"]
    assert SPEC in user and TITLE in user and DESCRIPTION in user
    assert "assert slugify('A B') == 'a-b'" in user
    assert ">>> slugify('Q')\n'q'" in user and "DocTestRunner" not in user
    assert "The person asked for new tests, saying:\nAlso test punctuation." in user


def test_without_examples_or_feedback_the_prompt_does_not_mention_them() -> None:
    user = design_messages(SPEC, TITLE, DESCRIPTION)[1]["content"]
    assert "style" not in user and "asked for new tests" not in user


def test_feedback_reaches_the_model() -> None:
    client = FakeClient([GOOD])
    design_tests(SPEC, TITLE, DESCRIPTION, client, feedback="Cover tabs and newlines too.")
    assert "Cover tabs and newlines too." in client.seen[0][-1]["content"]


def test_valid_reply_gives_generated_checks() -> None:
    designed = design_tests(SPEC, TITLE, DESCRIPTION, FakeClient([GOOD]))
    assert [(c.source, c.name, c.code) for c in designed.checks] == [
        ("generated", "two words", 'assert slugify("Hello World") == "hello-world"'),
        ("generated", "empty", 'assert slugify("") == ""'),
    ]
    assert len(designed.replies) == 1
    assert designed.notes == []


def test_tests_without_assert_or_not_python_are_dropped_with_notes() -> None:
    text = reply(
        ("prints", 'print(slugify("A"))'),
        ("broken", 'assert slugify("A" == "a"'),
        ("good", 'assert slugify("A") == "a"'),
    )
    designed = design_tests(SPEC, TITLE, DESCRIPTION, FakeClient([text]))
    assert [c.name for c in designed.checks] == ["good"]
    assert designed.notes[0] == "dropped test 1 ('prints'): it has no assert"
    assert designed.notes[1].startswith("dropped test 2 ('broken'): not valid Python")


def test_tests_that_define_the_code_themselves_are_dropped() -> None:
    checks, notes = from_reply(
        {
            "tests": [
                {
                    "name": "cheat",
                    "code": "def slugify(t):\n    return 'a'\nassert slugify('A') == 'a'",
                }
            ]
        }
    )
    assert checks == []
    assert notes == ["dropped test 1 ('cheat'): it defines its own function or class"]


def test_repeated_tests_are_dropped() -> None:
    checks, notes = from_reply(
        {
            "tests": [
                {"name": "a", "code": "assert f(1) == 2"},
                {"name": "b", "code": "assert f( 1 )==2"},
            ]
        }
    )
    assert [c.name for c in checks] == ["a"]
    assert notes == ["dropped test 2 ('b'): it repeats an earlier test"]


def test_fenced_code_inside_the_json_is_unwrapped() -> None:
    checks, _ = from_reply({"tests": [{"name": "", "code": "```python\nassert f(1) == 2\n```"}]})
    assert [(c.code, c.name) for c in checks] == [("assert f(1) == 2", "")]


def test_raises_pattern_counts_as_a_test() -> None:
    code = (
        "try:\n    slugify(None)\nexcept TypeError:\n    pass\nelse:\n    assert False, 'no error'"
    )
    checks, notes = from_reply({"tests": [{"name": "none", "code": code}]})
    assert [c.code for c in checks] == [code]
    assert notes == []


def test_garbage_is_reasked_once_then_gives_no_checks_and_a_note() -> None:
    client = FakeClient(["not json", '{"tests": "nope"}'])
    designed = design_tests(SPEC, TITLE, DESCRIPTION, client)
    assert designed.checks == []
    assert designed.replies == []
    assert len(client.seen) == 2
    assert "not valid for the required JSON schema" in client.seen[1][-1]["content"]
    assert "asked again" in designed.notes[0]
    assert "no tests were generated" in designed.notes[-1]


def test_garbage_then_valid_reply_is_used() -> None:
    client = FakeClient(["{}", GOOD])
    designed = design_tests(SPEC, TITLE, DESCRIPTION, client)
    assert len(designed.checks) == 2
    assert len(designed.notes) == 1


def test_reply_with_no_usable_test_is_reasked_with_the_problems() -> None:
    client = FakeClient([reply(("p", "print(1)")), GOOD])
    designed = design_tests(SPEC, TITLE, DESCRIPTION, client)
    assert len(designed.checks) == 2
    assert "it has no assert" in client.seen[1][-1]["content"]
    assert client.seen[1][-2]["role"] == "assistant"
    assert len(designed.replies) == 2


def test_empty_test_list_is_not_valid() -> None:
    designed = design_tests(SPEC, TITLE, DESCRIPTION, FakeClient(['{"tests": []}'] * 2))
    assert designed.checks == []
    assert designed.notes


def test_schema_limits_lengths_and_count() -> None:
    item = design_schema(3)["properties"]["tests"]
    assert item["maxItems"] == 3
    assert item["items"]["properties"]["name"]["maxLength"] == 40
    assert item["items"]["properties"]["code"]["maxLength"] == 300


def test_too_many_tests_is_invalid_json_for_the_schema() -> None:
    many = reply(*[(f"t{n}", f"assert {n} == {n}") for n in range(3)])
    designed = design_tests(SPEC, TITLE, DESCRIPTION, FakeClient([many, GOOD]), max_tests=2)
    assert [c.name for c in designed.checks] == ["two words", "empty"]


def test_budget_errors_propagate() -> None:
    meter = Meter(Budget(max_tokens=1))
    client = FakeClient([GOOD, GOOD], meter=meter)
    design_tests(SPEC, TITLE, DESCRIPTION, client)
    with pytest.raises(BudgetExceededError):
        design_tests(SPEC, TITLE, DESCRIPTION, client)
