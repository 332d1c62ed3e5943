"""Assembling the embedded GGUF from its parts, with fake parts made on the fly."""

from __future__ import annotations

import hashlib
import sys
import types
from dataclasses import replace
from pathlib import Path

import pytest

from jupyter_codegen.errors import MissingDependencyError, ModelFileError
from jupyter_codegen.llm import model_file
from jupyter_codegen.llm.model_file import QWEN_05B, assemble


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch):
    """Three importable part modules whose chunks join to a known byte string."""
    chunks = [b"GGUF" + b"a" * 1000, b"b" * 2000, b"c" * 7]
    names = []
    for i, chunk in enumerate(chunks):
        path = tmp_path / f"part{i}.bin"
        path.write_bytes(chunk)
        name = f"_fake_gguf_part{i}"
        module = types.ModuleType(name)
        module.get_part_path = lambda p=path: str(p)  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, name, module)
        names.append(name)
    blob = b"".join(chunks)
    spec = replace(
        QWEN_05B,
        filename="fake.gguf",
        parts=tuple(names),
        size=len(blob),
        sha256=hashlib.sha256(blob).hexdigest(),
    )
    return spec, blob


def test_parts_are_joined_in_order_and_verified(fake_parts, tmp_path) -> None:
    spec, blob = fake_parts
    path = assemble(spec, tmp_path / "cache")
    assert path.read_bytes() == blob
    assert not list((tmp_path / "cache").glob("*.partial"))


def test_second_call_trusts_the_marker_without_rehashing(fake_parts, tmp_path, monkeypatch) -> None:
    spec, _ = fake_parts
    first = assemble(spec, tmp_path / "cache")
    monkeypatch.setattr(model_file, "part_paths", lambda m: pytest.fail("re-assembled"))
    assert assemble(spec, tmp_path / "cache") == first


def test_a_modified_cached_file_is_rebuilt(fake_parts, tmp_path) -> None:
    spec, blob = fake_parts
    path = assemble(spec, tmp_path / "cache")
    path.write_bytes(b"tampered")
    assert assemble(spec, tmp_path / "cache").read_bytes() == blob


def test_checksum_mismatch_is_a_clear_error_and_leaves_nothing(fake_parts, tmp_path) -> None:
    spec, _ = fake_parts
    wrong = replace(spec, sha256="0" * 64)
    with pytest.raises(ModelFileError, match="does not match its pinned checksum") as info:
        assemble(wrong, tmp_path / "cache")
    assert "0" * 64 in str(info.value)
    assert list((tmp_path / "cache").iterdir()) == []


def test_missing_part_says_how_to_install(tmp_path) -> None:
    spec = replace(QWEN_05B, parts=("_no_such_part_module",))
    with pytest.raises(MissingDependencyError, match=r"jupyter_codegen\[local\]"):
        assemble(spec, tmp_path)


def test_gguf_env_overrides_the_embedded_model(tmp_path, monkeypatch) -> None:
    other = tmp_path / "other.gguf"
    other.write_bytes(b"GGUF")
    monkeypatch.setenv(model_file.GGUF_ENV, str(other))
    assert model_file.resolve_gguf() == other
    monkeypatch.setenv(model_file.GGUF_ENV, str(tmp_path / "missing.gguf"))
    with pytest.raises(ModelFileError, match="does not name an existing file"):
        model_file.resolve_gguf()


def test_cache_dir_follows_the_platform(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("JUPYTER_CODEGEN_CACHE", raising=False)
    assert "jupyter_codegen" in str(model_file.cache_dir())
    monkeypatch.setenv("JUPYTER_CODEGEN_CACHE", str(tmp_path))
    assert model_file.cache_dir() == tmp_path
