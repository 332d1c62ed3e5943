"""Which model a call uses: the magic's --model, then the environment, then config, then default."""

from __future__ import annotations

from dataclasses import dataclass

EMBEDDED_MODEL = "local/qwen2.5-coder-0.5b"
MODEL_ENV = "JUPYTER_CODEGEN_MODEL"


@dataclass(frozen=True)
class Choice:
    """A resolved setting and where it came from, so the UI can say why."""

    value: str
    source: str


def resolve_model(option: str | None, env: dict[str, str], configured: str | None) -> Choice:
    """Apply the documented precedence; blank values count as unset."""
    if option and option.strip():
        return Choice(option.strip(), "--model")
    from_env = env.get(MODEL_ENV, "").strip()
    if from_env:
        return Choice(from_env, MODEL_ENV)
    if configured and configured.strip():
        return Choice(configured.strip(), "c.Codegen.model")
    return Choice(EMBEDDED_MODEL, "embedded default")
