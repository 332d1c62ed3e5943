"""The model registry ("model cloud"): named agent profiles and which one a task gets."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from jupyter_codegen.core.plan import COMPLEXITIES, Task
from jupyter_codegen.errors import CodegenError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class Profile:
    """An agent: its role, the model it runs on and how it is called.

    `model=None` means the session's model (from --model, the environment, config or the
    embedded default), so the built-in profiles follow whatever the person chose.
    """

    name: str
    role: str
    model: str | None = None
    temperature: float | None = None
    system_prompt: str = ""
    max_tokens: int | None = None

    def model_for(self, session_model: str) -> str:
        """The model this profile calls in a session whose model is `session_model`."""
        return self.model or session_model

    def params(self) -> dict[str, Any]:
        """litellm call parameters."""
        params: dict[str, Any] = {}
        if self.temperature is not None:
            params["temperature"] = self.temperature
        if self.max_tokens is not None:
            params["max_tokens"] = self.max_tokens
        return params


BUILTIN: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "orchestrator",
            "clarifies the task and plans subtasks",
            temperature=0.0,
            max_tokens=1024,
        ),
        Profile("coder", "writes the code for a subtask", temperature=0.0, max_tokens=1024),
        Profile("small", "writes code for trivial subtasks", temperature=0.0, max_tokens=768),
        Profile("strong", "writes code for hard subtasks", temperature=0.0, max_tokens=2048),
        Profile(
            "tester",
            "designs tests from the spec, never seeing the code",
            temperature=0.0,
            max_tokens=768,
        ),
        Profile(
            "reviewer",
            "reviews accepted code against the spec and the tests",
            temperature=0.0,
            max_tokens=768,
        ),
    )
}
COMPLEXITY_PROFILES: dict[str, str] = {"trivial": "small", "normal": "coder", "hard": "strong"}
_FIELDS = {f.name for f in fields(Profile)} - {"name"}


def _profile(name: str, values: Mapping[str, Any], base: Profile | None, source: str) -> Profile:
    unknown = set(values) - _FIELDS
    if unknown:
        raise CodegenError(
            f"{source}: profile {name!r} has unknown keys {sorted(unknown)}; allowed: {sorted(_FIELDS)}"
        )
    try:
        merged = replace(base or Profile(name, role=str(values.get("role", name))), **dict(values))
        if merged.temperature is not None:
            merged = replace(merged, temperature=float(merged.temperature))
        if merged.max_tokens is not None:
            merged = replace(merged, max_tokens=int(merged.max_tokens))
    except (TypeError, ValueError) as exc:
        raise CodegenError(f"{source}: profile {name!r} is malformed: {exc}") from None
    return merged


@dataclass(frozen=True)
class Registry:
    """Profiles by name, and the profile each complexity level gets."""

    profiles: Mapping[str, Profile]
    by_complexity: Mapping[str, str]

    def get(self, name: str) -> Profile:
        """The named profile, or an error listing the ones that exist."""
        if name not in self.profiles:
            raise CodegenError(
                f"no agent profile {name!r}; known profiles: {', '.join(sorted(self.profiles))}"
            )
        return self.profiles[name]

    def for_task(self, task: Task) -> Profile:
        """The profile a task was assigned, on the task's own model if it has one."""
        profile = self.get(task.profile)
        return replace(profile, model=task.model) if task.model else profile

    def assign(self, complexity: str) -> str:
        """The profile name the orchestrator gives a task of this complexity."""
        return self.by_complexity.get(complexity, "coder")

    def overlay(self, config: Mapping[str, Any], source: str) -> Registry:
        """A registry with `profiles` and `complexity` settings from one source laid on top."""
        profiles = dict(self.profiles)
        for name, values in dict(config.get("profiles", {})).items():
            if not isinstance(values, Mapping):
                raise CodegenError(f"{source}: profile {name!r} must be a table of settings")
            profiles[name] = _profile(name, values, profiles.get(name), source)
        by_complexity = dict(self.by_complexity)
        for level, name in dict(config.get("complexity", {})).items():
            if level not in COMPLEXITIES:
                raise CodegenError(
                    f"{source}: complexity level {level!r} is not one of {', '.join(COMPLEXITIES)}"
                )
            by_complexity[level] = str(name)
        for level, name in by_complexity.items():
            if name not in profiles:
                raise CodegenError(
                    f"{source}: complexity {level!r} maps to unknown profile {name!r}"
                )
        return Registry(profiles, by_complexity)


def default_registry() -> Registry:
    """The built-in profiles."""
    return Registry(dict(BUILTIN), dict(COMPLEXITY_PROFILES))


def project_config(start: Path) -> tuple[dict[str, Any], Path | None]:
    """`[tool.jupyter_codegen]` from the nearest pyproject.toml at or above `start`."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text())
            except tomllib.TOMLDecodeError as exc:
                raise CodegenError(f"{candidate} is not valid TOML: {exc}") from None
            return dict(data.get("tool", {}).get("jupyter_codegen", {})), candidate
    return {}, None


def load_registry(start: Path, traitlets_config: Mapping[str, Any]) -> Registry:
    """Built-ins, then the project's pyproject.toml, then traitlets config (`c.Codegen.profiles`)."""
    registry = default_registry()
    project, path = project_config(start)
    if project:
        registry = registry.overlay(project, str(path))
    if traitlets_config.get("profiles") or traitlets_config.get("complexity"):
        registry = registry.overlay(traitlets_config, "c.Codegen")
    return registry
