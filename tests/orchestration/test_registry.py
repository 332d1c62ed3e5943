from pathlib import Path

import pytest

from jupyter_codegen.core.plan import Task
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.orchestration.registry import default_registry, load_registry, project_config


def test_builtin_profiles_follow_the_session_model() -> None:
    registry = default_registry()
    assert set(registry.profiles) == {
        "orchestrator",
        "coder",
        "small",
        "strong",
        "tester",
        "reviewer",
    }
    assert (
        registry.get("strong").model_for("local/qwen2.5-coder-0.5b") == "local/qwen2.5-coder-0.5b"
    )
    assert [registry.assign(c) for c in ("trivial", "normal", "hard")] == [
        "small",
        "coder",
        "strong",
    ]


def test_project_file_then_traitlets_override(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        """
[tool.jupyter_codegen.profiles.strong]
model = "openai/gpt-4o"
temperature = 0.3

[tool.jupyter_codegen.profiles.reviewer]
role = "reviews code"
model = "anthropic/claude-3-5-haiku-latest"

[tool.jupyter_codegen.complexity]
hard = "strong"
"""
    )
    nested = tmp_path / "notebooks"
    nested.mkdir()
    registry = load_registry(
        nested, {"profiles": {"strong": {"temperature": 0.1}}, "complexity": {}}
    )
    strong = registry.get("strong")
    assert (strong.model, strong.temperature) == ("openai/gpt-4o", 0.1)  # traitlets win per key
    assert strong.params() == {"temperature": 0.1, "max_tokens": 2048}
    assert registry.get("reviewer").role == "reviews code"
    assert (
        registry.for_task(Task("t", "x", profile="reviewer")).model
        == "anthropic/claude-3-5-haiku-latest"
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"profiles": {"x": {"modle": "typo"}}}, "unknown keys \\['modle'\\]"),
        ({"profiles": {"x": {"temperature": "hot"}}}, "malformed"),
        ({"profiles": {"x": "not a table"}}, "must be a table"),
        ({"complexity": {"epic": "coder"}}, "is not one of trivial, normal, hard"),
        ({"complexity": {"hard": "ghost"}}, "unknown profile 'ghost'"),
    ],
)
def test_bad_profile_config_is_a_clear_error(config, message) -> None:
    with pytest.raises(CodegenError, match=message):
        default_registry().overlay(config, "c.Codegen")


def test_unknown_profile_lists_known_ones() -> None:
    with pytest.raises(
        CodegenError, match="known profiles: coder, orchestrator, reviewer, small, strong, tester"
    ):
        default_registry().get("ghost")


def test_broken_pyproject_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.jupyter_codegen\n")
    with pytest.raises(CodegenError, match="not valid TOML"):
        project_config(tmp_path)


def test_no_project_file_means_builtins(tmp_path: Path) -> None:
    assert project_config(tmp_path) == ({}, None)
    assert load_registry(tmp_path, {}) == default_registry()
