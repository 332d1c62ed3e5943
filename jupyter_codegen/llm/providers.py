"""litellm custom providers `local/<name>` and `scripted/<path.json>`, registered on demand."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import litellm
from litellm.llms.custom_llm import CustomLLM
from litellm.types.utils import GenericStreamingChunk, ModelResponse

from jupyter_codegen.llm import local, scripted

LOCAL_NAMES = ("qwen2.5-coder-0.5b", "default")
FLUSH_SECONDS = 0.05
_registered = threading.Lock()


def _prompt_text(messages: list[dict[str, Any]]) -> str:
    """The text of a conversation; image parts are left out of token counts."""
    texts = []
    for message in messages:
        content = message.get("content") or ""
        if isinstance(content, list):
            content = " ".join(p.get("text", "") for p in content if p.get("type") == "text")
        texts.append(str(content))
    return "\n".join(texts)


def _fill(
    response: ModelResponse, model: str, text: str, prompt: int, completion: int
) -> ModelResponse:
    response.choices[0].message.content = text
    response.choices[0].finish_reason = "stop"
    response.model = model
    response.usage = litellm.Usage(  # type: ignore[attr-defined]
        prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion
    )
    return response


def _chunk(text: str, finished: bool, usage: Any = None) -> GenericStreamingChunk:
    return {
        "text": text,
        "is_finished": finished,
        "finish_reason": "stop" if finished else "",
        "usage": usage,
        "index": 0,
        "tool_use": None,
    }


class _Provider(CustomLLM):
    """Shared sync/async/streaming plumbing; subclasses supply `_reply` and `_stream`."""

    prefix = ""

    def _reply(
        self, model: str, messages: list[dict[str, Any]], params: dict[str, Any]
    ) -> tuple[str, int, int]:
        raise NotImplementedError

    def _stream(
        self, model: str, messages: list[dict[str, Any]], params: dict[str, Any]
    ) -> Iterator[str]:
        text, _, _ = self._reply(model, messages, params)
        yield from (piece + " " for piece in text.split(" ")[:-1])
        yield text.split(" ")[-1]

    def _usage(self, messages: list[dict[str, Any]], text: str) -> dict[str, int]:
        prompt = scripted.count_words(_prompt_text(messages))
        completion = scripted.count_words(text)
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    def completion(
        self, model: str, messages: list[dict[str, Any]], *args: Any, **kwargs: Any
    ) -> ModelResponse:
        text, prompt, completion = self._reply(model, messages, kwargs.get("optional_params") or {})
        return _fill(kwargs["model_response"], f"{self.prefix}/{model}", text, prompt, completion)

    async def acompletion(
        self, model: str, messages: list[dict[str, Any]], *args: Any, **kwargs: Any
    ) -> ModelResponse:
        return self.completion(model, messages, *args, **kwargs)

    def streaming(
        self, model: str, messages: list[dict[str, Any]], *args: Any, **kwargs: Any
    ) -> Iterator[GenericStreamingChunk]:
        # litellm wraps every chunk in several pydantic objects; coalescing tokens into
        # chunks of at most FLUSH_SECONDS keeps that cost small while progress stays live.
        pieces: list[str] = []
        pending: list[str] = []
        last = time.perf_counter()
        for piece in self._stream(model, messages, kwargs.get("optional_params") or {}):
            pieces.append(piece)
            pending.append(piece)
            now = time.perf_counter()
            if now - last >= FLUSH_SECONDS:
                yield _chunk("".join(pending), False)
                pending, last = [], now
        if pending:
            yield _chunk("".join(pending), False)
        yield _chunk("", True, self._usage(messages, "".join(pieces)))

    async def astreaming(  # type: ignore[override]
        self, model: str, messages: list[dict[str, Any]], *args: Any, **kwargs: Any
    ) -> AsyncIterator[GenericStreamingChunk]:
        for chunk in self.streaming(model, messages, *args, **kwargs):
            yield chunk


class ScriptedProvider(_Provider):
    """Serves replies from a JSON script, in order."""

    prefix = "scripted"

    def _reply(
        self, model: str, messages: list[dict[str, Any]], params: dict[str, Any]
    ) -> tuple[str, int, int]:
        text = scripted.next_reply(model)
        usage = self._usage(messages, text)
        return text, usage["prompt_tokens"], usage["completion_tokens"]


class LocalProvider(_Provider):
    """Runs the embedded GGUF in this process."""

    prefix = "local"

    def _reply(
        self, model: str, messages: list[dict[str, Any]], params: dict[str, Any]
    ) -> tuple[str, int, int]:
        _check_name(model)
        result = local.chat(messages, params)
        usage = result.get("usage") or {}
        return (
            result["choices"][0]["message"].get("content") or "",
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
        )

    def _stream(
        self, model: str, messages: list[dict[str, Any]], params: dict[str, Any]
    ) -> Iterator[str]:
        _check_name(model)
        for text, _finish in local.stream(messages, params):
            if text:
                yield text

    def _usage(self, messages: list[dict[str, Any]], text: str) -> dict[str, int]:
        prompt = local.count_tokens(_prompt_text(messages)) + 4 * len(messages)  # template tokens
        completion = local.count_tokens(text)
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }


def _check_name(model: str) -> None:
    from jupyter_codegen.errors import ModelError

    if model not in LOCAL_NAMES:
        raise ModelError(
            f"local/{model}",
            "there is no embedded model by that name",
            f"use one of {', '.join('local/' + n for n in LOCAL_NAMES)}, or set "
            "JUPYTER_CODEGEN_GGUF=/path/model.gguf to run another GGUF as local/default",
        )


_PROVIDERS: dict[str, Callable[[], CustomLLM]] = {
    "local": LocalProvider,
    "scripted": ScriptedProvider,
}


def register() -> None:
    """Add our providers to litellm's custom provider map once per process."""
    with _registered:
        present = {item["provider"] for item in litellm.custom_provider_map}
        for name, factory in _PROVIDERS.items():
            if name not in present:
                litellm.custom_provider_map.append({"provider": name, "custom_handler": factory()})
