"""The model gateway: every model call goes through here, and only here touches litellm."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jupyter_codegen.core.ports import Message, TokenSink
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.usage import Meter, Usage
from jupyter_codegen.errors import (
    CodegenError,
    ModelError,
    StructuredOutputError,
    TransientModelError,
)
from jupyter_codegen.llm import structured

# Our own providers run in-process and cost nothing.
FREE_PREFIXES = ("local/", "scripted/")
SCHEMA_PREFIXES = ("local/", "scripted/")


def _litellm() -> Any:
    """Import litellm on first use; it is slow and must not tax `%load_ext`."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    from jupyter_codegen.llm import providers

    litellm.suppress_debug_info = True
    providers.register()
    return litellm


def accepts_images(model: str) -> bool:
    """Whether the model takes image input (scripted models do, for tests; ours does not)."""
    if model.startswith("scripted/"):
        return True
    if model.startswith("local/"):
        return False
    try:
        return bool(_litellm().supports_vision(model))
    except Exception:
        return False


def _own_error(exc: BaseException) -> CodegenError | None:
    """litellm wraps exceptions raised by custom providers; find ours in the chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, CodegenError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _classify(exc: Exception, model: str) -> CodegenError:
    """Map a litellm exception to a transient error (retry) or a permanent one (explain)."""
    ours = _own_error(exc)
    if ours is not None:
        return ours
    lt = _litellm()
    name = type(exc).__name__
    transient = (
        lt.RateLimitError,
        lt.Timeout,
        lt.APIConnectionError,
        lt.ServiceUnavailableError,
        lt.InternalServerError,
    )
    if isinstance(exc, transient):
        return TransientModelError(f"{model}: {name}: {str(exc).strip()[:300]}")
    if isinstance(exc, lt.AuthenticationError):
        return ModelError(
            model,
            "the provider rejected the API key",
            "set a valid key in the provider's environment variable (e.g. OPENAI_API_KEY, "
            "ANTHROPIC_API_KEY) before starting Jupyter",
        )
    if isinstance(exc, lt.NotFoundError):
        return ModelError(
            model, "the provider has no such model", "check the model name at the provider"
        )
    if isinstance(exc, lt.ContextWindowExceededError):
        return ModelError(
            model,
            "the prompt is longer than the model's context window",
            "shorten the task or context",
        )
    if isinstance(exc, lt.BadRequestError) and "LLM Provider NOT provided" in str(exc):
        return ModelError(
            model,
            "litellm does not know which provider serves this model",
            "prefix the name with its provider, e.g. openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest, "
            "ollama/qwen2.5-coder, or local/qwen2.5-coder-0.5b for the embedded model",
        )
    return ModelError(
        model, f"{name}: {str(exc).strip()[:300]}", "check the model name and its parameters"
    )


def register_prices(prices: Mapping[str, Any]) -> None:
    """Tell litellm what models cost, in dollars per million input and output tokens."""
    entries = {}
    for model, price in prices.items():
        if not isinstance(price, Mapping) or not price or set(price) - {"input", "output"}:
            raise CodegenError(
                f"the price of {model!r} must be a mapping like {{'input': 0.15, 'output': 0.6}} "
                f"(dollars per million tokens), not {price!r}"
            )
        if any(not isinstance(v, (int, float)) or v < 0 for v in price.values()):
            raise CodegenError(f"the price of {model!r} must be numbers of dollars >= 0: {price!r}")
        entries[model] = {
            "input_cost_per_token": price.get("input", 0) / 1e6,
            "output_cost_per_token": price.get("output", 0) / 1e6,
            "cache_creation_input_token_cost": 0.0,
            "cache_read_input_token_cost": 0.0,
            "litellm_provider": model.split("/", 1)[0],
            "mode": "chat",
        }
    if entries:
        _litellm().register_model(entries)


def _cost(lt: Any, model: str, response: Any) -> float | None:
    if model.startswith(FREE_PREFIXES):
        return 0.0
    try:
        return float(lt.completion_cost(completion_response=response))
    except Exception:
        return None  # litellm has no price for this model


@dataclass
class Gateway:
    """Sends chat requests through litellm with retries, accounting and a budget."""

    meter: Meter = field(default_factory=Meter)
    retries: int = 3
    backoff: float = 1.0
    request_timeout: float = 600.0
    sleep: Callable[[float], None] = time.sleep

    def client(self, model: str, **params: Any) -> ModelClient:
        """A client bound to one model and its parameters (temperature, max_tokens...)."""
        return ModelClient(self, model, params)

    def complete(
        self,
        model: str,
        messages: list[Message],
        *,
        params: dict[str, Any] | None = None,
        schema: dict[str, Any] | None = None,
        on_token: TokenSink | None = None,
    ) -> Reply:
        """One model call; with `schema`, the reply is validated and repaired once if needed."""
        reply = self._call(model, messages, params or {}, schema, on_token)
        if schema is None:
            return reply
        try:
            return _with_data(reply, structured.parse(reply.content, schema))
        except StructuredOutputError as first:
            retry = [
                *messages,
                {"role": "assistant", "content": reply.content},
                structured.repair_message(str(first), schema),
            ]
            again = self._call(model, retry, params or {}, schema, None)
            merged = _merge(reply, again)
            try:
                return _with_data(merged, structured.parse(again.content, schema))
            except StructuredOutputError as second:
                raise StructuredOutputError(
                    f"{model} did not return JSON matching the schema, even after a repair request: {second}"
                ) from second

    def _call(
        self,
        model: str,
        messages: list[Message],
        params: dict[str, Any],
        schema: dict[str, Any] | None,
        on_token: TokenSink | None,
    ) -> Reply:
        self.meter.check()
        lt = _litellm()
        kwargs: dict[str, Any] = {"timeout": self.request_timeout, **params}
        if schema is not None and (
            model.startswith(SCHEMA_PREFIXES) or lt.supports_response_schema(model)
        ):
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "reply", "schema": schema, "strict": True},
            }
        started = time.perf_counter()
        for attempt in range(1, self.retries + 2):
            try:
                response = self._send(lt, model, messages, kwargs, on_token)
                break
            except Exception as exc:
                error = _classify(exc, model)
                if not isinstance(error, TransientModelError) or attempt > self.retries:
                    raise error from exc
                self.sleep(self.backoff * 2 ** (attempt - 1))
        usage = Usage(
            int(getattr(response.usage, "prompt_tokens", 0) or 0),
            int(getattr(response.usage, "completion_tokens", 0) or 0),
            _cost(lt, model, response),
        )
        self.meter.add(usage)
        return Reply(
            content=response.choices[0].message.content or "",
            model=_served(model, response.model),
            usage=usage,
            latency=time.perf_counter() - started,
            tries=attempt,
        )

    @staticmethod
    def _send(
        lt: Any,
        model: str,
        messages: list[Message],
        kwargs: dict[str, Any],
        on_token: TokenSink | None,
    ) -> Any:
        if on_token is None:
            return lt.completion(model=model, messages=messages, **kwargs)
        chunks = []
        stream = lt.completion(
            model=model,
            messages=messages,
            stream=True,
            stream_options={"include_usage": True},
            **kwargs,
        )
        for chunk in stream:
            chunks.append(chunk)
            text = chunk.choices[0].delta.content if chunk.choices else None
            if text:
                on_token(text)
        return lt.stream_chunk_builder(chunks, messages=messages)


def _served(asked: str, answered: str | None) -> str:
    """The model that answered, with its provider prefix (streamed replies drop it)."""
    if not answered or ("/" in asked and asked.split("/", 1)[1] == answered):
        return asked
    return answered


def _with_data(reply: Reply, data: Any) -> Reply:
    return Reply(reply.content, reply.model, reply.usage, reply.latency, reply.tries, data)


def _merge(first: Reply, second: Reply) -> Reply:
    """A repaired reply accounts for both calls."""
    return Reply(
        second.content,
        second.model,
        first.usage + second.usage,
        first.latency + second.latency,
        first.tries + second.tries,
    )


@dataclass
class ModelClient:
    """The `ModelClient` port, bound to a model name and its call parameters."""

    gateway: Gateway
    model: str
    params: dict[str, Any]

    def complete(
        self,
        messages: list[Message],
        *,
        schema: dict[str, Any] | None = None,
        on_token: TokenSink | None = None,
    ) -> Reply:
        """Send `messages` to this client's model."""
        return self.gateway.complete(
            self.model, messages, params=self.params, schema=schema, on_token=on_token
        )
