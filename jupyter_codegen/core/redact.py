"""Keep credentials out of everything the toolkit writes: by value, by key name, by shape."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "[REDACTED]"
SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|COOKIE", re.I)
# Well-known credential shapes, caught even when nobody told us the value.
SHAPES = re.compile(
    r"sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}"
    r"|gh[pousr]_[A-Za-z0-9]{20,}"
    r"|github_pat_[A-Za-z0-9_]{20,}"
    r"|xox[abprs]-[A-Za-z0-9\-]{10,}"
    r"|AKIA[0-9A-Z]{16}"
    r"|AIza[0-9A-Za-z_\-]{30,}"
    r"|hf_[A-Za-z0-9]{20,}"
    r"|eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}"
)
# JSON fields whose string values are credentials whatever they hold.
SECRET_FIELD = re.compile(
    r"(?:api[_-]?key|access[_-]?key|token|secret|password|passwd|credentials?|authorization|cookie)$",
    re.I,
)
_MIN_VALUE = 6  # shorter values ("1", "true") would mask ordinary text


class Redactor:
    """Masks known secret values and credential-shaped strings in text and JSON values."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        kept = {v for v in values if len(v) >= _MIN_VALUE}
        # Longest first, so a value containing another is masked whole.
        self.values = sorted(kept, key=len, reverse=True)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], extra: Iterable[str] = ()) -> Redactor:
        """Values of variables whose names look secret, plus `extra` (e.g. keys from config)."""
        found = [v for name, v in environ.items() if SECRET_NAME.search(name)]
        return cls([*found, *extra])

    def text(self, text: str) -> str:
        """`text` with every secret masked."""
        for value in self.values:
            if value in text:
                text = text.replace(value, MASK)
        return SHAPES.sub(MASK, text)

    def deep(self, value: Any) -> Any:
        """A copy of a JSON value with every string masked, and values under secret keys too."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {
                key: MASK
                if SECRET_FIELD.search(str(key)) and isinstance(item, str) and item
                else self.deep(item)
                for key, item in value.items()
            }
        if isinstance(value, (list, tuple)):
            return [self.deep(item) for item in value]
        return value
