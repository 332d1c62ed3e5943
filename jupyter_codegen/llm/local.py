"""The embedded model: a GGUF run in-process by llama-cpp-python, loaded once, shared by threads."""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jupyter_codegen.errors import MissingDependencyError
from jupyter_codegen.llm.model_file import resolve_gguf

_load_lock = threading.Lock()
_call_lock = threading.Lock()  # a llama.cpp context is not safe to use from two threads at once
_loaded: dict[Path, Any] = {}

CONTEXT_TOKENS = 8192


def load(path: Path | None = None) -> Any:
    """Return the process-wide `llama_cpp.Llama` for `path` (default: resolved GGUF)."""
    path = path or resolve_gguf()
    with _load_lock:
        if path not in _loaded:
            try:
                import llama_cpp
            except ImportError as exc:
                raise MissingDependencyError(
                    "The embedded model needs llama-cpp-python, which is not installed. "
                    "Install it with: pip install 'jupyter_codegen[local]' "
                    "(it compiles llama.cpp from source: a C compiler and a few minutes)."
                ) from exc
            _loaded[path] = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=CONTEXT_TOKENS,
                n_threads=max(1, os.cpu_count() or 1),
                seed=0,
                verbose=False,
            )
        return _loaded[path]


@atexit.register
def _close_all() -> None:
    """Free models before interpreter teardown, when llama-cpp's destructor can no longer run."""
    for llm in _loaded.values():
        llm.close()
    _loaded.clear()
    # llama-cpp opens two /dev/null handles at import and never closes them, which prints a
    # ResourceWarning at every exit; with our models closed nothing uses them any more.
    utils = sys.modules.get("llama_cpp._utils")
    for name in ("outnull_file", "errnull_file"):
        handle = getattr(utils, name, None)
        if handle is not None:
            handle.close()


def _llama_format(response_format: dict[str, Any] | None) -> dict[str, Any] | None:
    """Translate OpenAI's response_format into llama-cpp's grammar-constrained JSON mode."""
    if not response_format:
        return None
    if response_format.get("type") == "json_schema":
        schema = response_format.get("json_schema", {}).get("schema")
        return {"type": "json_object", "schema": schema} if schema else {"type": "json_object"}
    return dict(response_format)


def _options(params: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {
        "temperature": params.get("temperature", 0.0),
        "max_tokens": params.get("max_tokens") or params.get("max_completion_tokens") or 1024,
        "seed": params.get("seed", 0),
    }
    for name in ("top_p", "stop"):
        if params.get(name) is not None:
            options[name] = params[name]
    fmt = _llama_format(params.get("response_format"))
    if fmt:
        options["response_format"] = fmt
    return options


def chat(messages: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    """One blocking chat completion; returns llama-cpp's OpenAI-shaped dict."""
    llm = load()
    with _call_lock:
        result: dict[str, Any] = llm.create_chat_completion(messages=messages, **_options(params))
    return result


def stream(
    messages: list[dict[str, Any]], params: dict[str, Any]
) -> Iterator[tuple[str, str | None]]:
    """Yield (text, finish_reason) pieces as the model produces them."""
    llm = load()
    with _call_lock:
        for chunk in llm.create_chat_completion(messages=messages, stream=True, **_options(params)):
            choice = chunk["choices"][0]
            yield choice.get("delta", {}).get("content") or "", choice.get("finish_reason")


def count_tokens(text: str) -> int:
    """Tokens in `text` under the loaded model's tokenizer."""
    return len(load().tokenize(text.encode(), add_bos=False, special=True))
