"""The CodegenError hierarchy: every failure a user can act on carries a message saying how."""

from __future__ import annotations


class CodegenError(Exception):
    """Base class for errors the toolkit reports to the user."""


class UsageError(CodegenError):
    """A malformed magic line or CLI option; the message includes the usage text."""


class ModelError(CodegenError):
    """A model call failed permanently (no such model, bad key, bad request)."""

    def __init__(self, model: str, problem: str, fix: str) -> None:
        self.model = model
        self.problem = problem
        self.fix = fix
        super().__init__(f"Model {model!r}: {problem}\nHow to fix: {fix}")


class TransientModelError(CodegenError):
    """A model call failed in a way that may succeed on retry (rate limit, timeout)."""


class ScriptExhaustedError(CodegenError):
    """A scripted model was asked for more replies than its script holds."""


class ModelFileError(CodegenError):
    """The embedded model file is missing, incomplete or does not match its checksum."""


class MissingDependencyError(CodegenError):
    """An optional dependency is not installed; the message gives the install command."""


class NoCodeError(CodegenError):
    """A model reply contained no code to run."""


class StructuredOutputError(CodegenError):
    """A reply could not be parsed or repaired into the requested JSON schema."""


class BudgetExceededError(CodegenError):
    """The session reached its token or cost budget."""


class SandboxError(CodegenError):
    """The sandbox kernel could not be started or stopped responding for good."""
