"""Versioned prompt templates (`<name>.v<N>.md`), shipped as package data."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template


@cache
def template(name: str) -> Template:
    """Load `<name>.md`; names carry their version, e.g. 'generate.v1'."""
    return Template(files(__name__).joinpath(f"{name}.md").read_text().strip())
