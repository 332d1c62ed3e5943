import pytest

from jupyter_codegen.errors import UsageError
from jupyter_codegen.magics.plan_args import parse_plan_edit


@pytest.mark.parametrize(
    ("words", "edit"),
    [
        (["drop", "t2"], {"op": "drop", "task_id": "t2"}),
        (
            ["split", "t1", "load", "clean"],
            {"op": "split", "task_id": "t1", "titles": ["load", "clean"]},
        ),
        (
            ["merge", "t1", "t2", "--title", "both"],
            {"op": "merge", "task_ids": ["t1", "t2"], "title": "both"},
        ),
        (["move", "t3", "0"], {"op": "reorder", "task_id": "t3", "position": 0}),
        (["assign", "t2", "strong"], {"op": "reassign", "task_id": "t2", "profile": "strong"}),
        (
            ["update", "t2", "--deps", "t1, t3", "--test", "assert a", "--test", "assert b"],
            {
                "op": "update",
                "task_id": "t2",
                "deps": ["t1", "t3"],
                "tests": ["assert a", "assert b"],
            },
        ),
        (
            ["add", "Plot it", "--after", "t1", "--complexity", "trivial"],
            {
                "op": "add",
                "title": "Plot it",
                "description": "",
                "after": "t1",
                "deps": [],
                "tests": [],
                "profile": "coder",
                "complexity": "trivial",
            },
        ),
    ],
)
def test_plan_commands_parse_to_edits(words: list[str], edit: dict) -> None:
    assert parse_plan_edit(words) == edit


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["explode"], "invalid choice"),
        (["drop"], "required: task_id"),
        (["move", "t1", "up"], "invalid int"),
        (["split", "t1"], "required: titles"),
    ],
)
def test_malformed_plan_commands_show_usage(words: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message) as info:
        parse_plan_edit(words)
    assert "%codegen plan drop ID" in str(info.value)


def test_plan_model_sets_a_model_for_one_task() -> None:
    from jupyter_codegen.magics.plan_args import parse_plan_edit

    assert parse_plan_edit(["model", "t2", "openai/gpt-4o"]) == {
        "op": "set_model",
        "task_id": "t2",
        "model": "openai/gpt-4o",
    }
