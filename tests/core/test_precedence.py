import pytest

from jupyter_codegen.core.precedence import EMBEDDED_MODEL, MODEL_ENV, resolve_model


@pytest.mark.parametrize(
    ("option", "env", "configured", "expected", "source"),
    [
        ("openai/gpt-4o", {MODEL_ENV: "ollama/x"}, "anthropic/y", "openai/gpt-4o", "--model"),
        (None, {MODEL_ENV: "ollama/x"}, "anthropic/y", "ollama/x", MODEL_ENV),
        (None, {}, "anthropic/y", "anthropic/y", "c.Codegen.model"),
        (None, {}, None, EMBEDDED_MODEL, "embedded default"),
        ("  ", {MODEL_ENV: " "}, "", EMBEDDED_MODEL, "embedded default"),
        (None, {MODEL_ENV: ""}, "anthropic/y", "anthropic/y", "c.Codegen.model"),
    ],
)
def test_model_precedence(option, env, configured, expected, source) -> None:
    choice = resolve_model(option, env, configured)
    assert (choice.value, choice.source) == (expected, source)
