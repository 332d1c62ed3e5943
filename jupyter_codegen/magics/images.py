"""Image files given with --image, turned into data URLs for the models."""

from __future__ import annotations

import base64
from pathlib import Path

from jupyter_codegen.errors import CodegenError

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


def image_url(path: Path) -> str:
    """A data URL for an image file, with clear errors for what cannot be sent."""
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if kind is None:
        raise CodegenError(f"--image {path}: use a .png, .jpg, .gif or .webp file")
    try:
        data = path.expanduser().read_bytes()
    except OSError as exc:
        raise CodegenError(f"--image {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise CodegenError(
            f"--image {path} is {len(data):,} bytes; the limit is {MAX_IMAGE_BYTES:,}"
        )
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"
