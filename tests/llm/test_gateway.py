"""The gateway through real litellm, against the scripted provider (no network)."""

from __future__ import annotations

import pytest

from jupyter_codegen.core.usage import Budget, Meter
from jupyter_codegen.errors import (
    BudgetExceededError,
    ModelError,
    ScriptExhaustedError,
    StructuredOutputError,
)
from jupyter_codegen.llm.gateway import Gateway

HI = [{"role": "user", "content": "say hi please"}]
SCHEMA = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}


def test_reply_carries_usage_cost_latency_and_model(script) -> None:
    model = script("hello there world")
    reply = Gateway().complete(model, HI)
    assert reply.content == "hello there world"
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (3, 3)
    assert reply.usage.cost == 0.0
    assert reply.latency > 0
    assert reply.model.endswith("script.json")


def test_replies_are_served_in_order_then_run_out(script) -> None:
    model = script("one", "two")
    gateway = Gateway()
    assert [gateway.complete(model, HI).content for _ in range(2)] == ["one", "two"]
    with pytest.raises(ScriptExhaustedError, match="has 2 replies and all were used"):
        gateway.complete(model, HI)


def test_streaming_delivers_tokens_and_the_same_text(script, monkeypatch) -> None:
    from jupyter_codegen.llm import providers

    monkeypatch.setattr(providers, "FLUSH_SECONDS", 0.0)  # one chunk per piece
    model = script("def f():\n    return 1")
    tokens: list[str] = []
    reply = Gateway().complete(model, HI, on_token=tokens.append)
    assert "".join(tokens) == reply.content == "def f():\n    return 1"
    assert tokens[:2] == ["def ", "f():\n "]  # split at spaces, one chunk each
    assert reply.usage.completion_tokens == 4


def test_structured_output_is_parsed_and_validated(script) -> None:
    reply = Gateway().complete(script('Sure: ```json\n{"n": 3}\n```'), HI, schema=SCHEMA)
    assert reply.data == {"n": 3}


def test_invalid_json_is_repaired_with_one_follow_up(script) -> None:
    model = script('{"n": "three"}', '{"n": 3}')
    reply = Gateway().complete(model, HI, schema=SCHEMA)
    assert reply.data == {"n": 3}
    assert reply.tries == 2
    assert reply.usage.completion_tokens == 4  # both calls are accounted for


def test_unrepairable_json_is_a_clear_error(script) -> None:
    model = script("not json", "still not json")
    with pytest.raises(StructuredOutputError, match="even after a repair request"):
        Gateway().complete(model, HI, schema=SCHEMA)


def test_unknown_provider_is_a_permanent_error_naming_model_and_fix() -> None:
    with pytest.raises(ModelError) as info:
        Gateway(sleep=lambda s: None).complete("nosuchprovider/model-x", HI)
    message = str(info.value)
    assert "nosuchprovider/model-x" in message
    assert "How to fix" in message and "openai/" in message


def test_unknown_local_model_lists_the_known_ones() -> None:
    with pytest.raises(ModelError, match=r"local/qwen2\.5-coder-0\.5b"):
        Gateway().complete("local/no-such-model", HI)


def test_missing_script_file_is_clear(tmp_path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        Gateway().complete(f"scripted/{tmp_path}/nope.json", HI)


def test_transient_errors_are_retried_with_backoff(script, monkeypatch) -> None:
    import litellm

    model = script("finally")
    real = litellm.completion
    failures = [
        litellm.RateLimitError("slow down", "openai", "gpt"),
        litellm.Timeout("late", "gpt", "openai"),
    ]

    def flaky(**kwargs):
        if failures:
            raise failures.pop(0)
        return real(**kwargs)

    monkeypatch.setattr(litellm, "completion", flaky)
    sleeps: list[float] = []
    reply = Gateway(sleep=sleeps.append, backoff=0.5).complete(model, HI)
    assert reply.content == "finally"
    assert reply.tries == 3
    assert sleeps == [0.5, 1.0]


def test_transient_errors_give_up_after_the_retry_limit(monkeypatch) -> None:
    import litellm

    from jupyter_codegen.errors import TransientModelError

    def down(**kwargs):
        raise litellm.APIConnectionError("refused", "openai", "gpt")

    monkeypatch.setattr(litellm, "completion", down)
    sleeps: list[float] = []
    with pytest.raises(TransientModelError, match="APIConnectionError"):
        Gateway(sleep=sleeps.append, retries=2).complete("openai/gpt-4o-mini", HI)
    assert len(sleeps) == 2


def test_bad_key_is_permanent_and_not_retried(monkeypatch) -> None:
    import litellm

    def rejected(**kwargs):
        raise litellm.AuthenticationError("bad key", "openai", "gpt")

    monkeypatch.setattr(litellm, "completion", rejected)
    sleeps: list[float] = []
    with pytest.raises(ModelError, match="rejected the API key"):
        Gateway(sleep=sleeps.append).complete("openai/gpt-4o-mini", HI)
    assert sleeps == []


def test_budget_blocks_the_next_call(script) -> None:
    model = script("a b c d e f", "never served")
    gateway = Gateway(meter=Meter(Budget(max_tokens=5)))
    gateway.complete(model, HI)
    with pytest.raises(BudgetExceededError):
        gateway.complete(model, HI)
    assert gateway.meter.calls == 1


def test_prices_give_a_model_litellm_does_not_price_its_cost(monkeypatch) -> None:
    import litellm

    from jupyter_codegen.llm.gateway import register_prices

    real = litellm.completion
    # litellm's own offline mock: a real ModelResponse with usage, and no network.
    monkeypatch.setattr(litellm, "completion", lambda **kw: real(**kw, mock_response="ok then"))
    assert Gateway().complete("openai/unpriced-served-model", HI).usage.cost is None
    register_prices({"openai/unpriced-served-model": {"input": 1.5, "output": 6.0}})
    usage = Gateway().complete("openai/unpriced-served-model", HI).usage
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
    expected = (usage.prompt_tokens * 1.5 + usage.completion_tokens * 6.0) / 1e6
    assert usage.cost == pytest.approx(expected)


@pytest.mark.parametrize("price", [{"in": 1.0}, {}, {"input": -1.0}, {"input": "cheap"}, 0.5])
def test_a_malformed_price_is_a_clear_error(price) -> None:
    from jupyter_codegen.errors import CodegenError
    from jupyter_codegen.llm.gateway import register_prices

    with pytest.raises(CodegenError, match="the price of 'openai/x'"):
        register_prices({"openai/x": price})
