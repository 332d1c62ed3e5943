"""The real embedded model (Qwen2.5-Coder-0.5B GGUF via llama-cpp), fully offline."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

TASK = "Write a function reverse_words(sentence) that returns the sentence with the order of its words reversed."


@pytest.fixture(scope="module")
def ip():
    pytest.importorskip("llama_cpp", reason="the [local] extra is not installed")
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    shell.run_line_magic("load_ext", "jupyter_codegen")
    yield shell
    shell.run_line_magic("unload_ext", "jupyter_codegen")


def test_embedded_model_writes_code_that_passes_our_assertion(ip, monkeypatch) -> None:
    monkeypatch.delenv("JUPYTER_CODEGEN_MODEL", raising=False)
    ip.run_cell_magic("codegen", "--auto --single --no-clarify", TASK)
    reverse_words = ip.user_ns["reverse_words"]
    assert reverse_words("hello big world") == "world big hello"
    assert reverse_words("one") == "one"


def test_embedded_model_streams_and_reports_usage() -> None:
    pytest.importorskip("llama_cpp")
    from jupyter_codegen.llm.gateway import Gateway

    tokens: list[str] = []
    reply = Gateway().complete(
        "local/qwen2.5-coder-0.5b",
        [{"role": "user", "content": "Write a Python one-liner that prints 'hi'."}],
        params={"max_tokens": 60},
        on_token=tokens.append,
    )
    assert "".join(tokens) == reply.content
    assert reply.usage.completion_tokens > 0 and reply.usage.prompt_tokens > 0
    assert reply.usage.cost == 0.0


def test_embedded_model_follows_a_json_schema() -> None:
    pytest.importorskip("llama_cpp")
    from jupyter_codegen.llm.gateway import Gateway

    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "arguments": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["name", "arguments"],
    }
    reply = Gateway().complete(
        "local/qwen2.5-coder-0.5b",
        [
            {
                "role": "user",
                "content": "Describe the Python function signature `def add(a, b)` as JSON with its name and argument names.",
            }
        ],
        schema=schema,
    )
    assert reply.data["name"] == "add"
    assert reply.data["arguments"] == ["a", "b"]


def test_embedded_model_is_loaded_once_and_safe_from_threads() -> None:
    pytest.importorskip("llama_cpp")
    from concurrent.futures import ThreadPoolExecutor

    from jupyter_codegen.llm import local
    from jupyter_codegen.llm.gateway import Gateway

    client = Gateway().client("local/qwen2.5-coder-0.5b", max_tokens=12)
    prompts = [f"Reply with the number {n} and nothing else." for n in (3, 7, 9)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        replies = list(
            pool.map(lambda p: client.complete([{"role": "user", "content": p}]), prompts)
        )
    for number, reply in zip((3, 7, 9), replies, strict=True):
        assert str(number) in reply.content
    assert len(local._loaded) == 1
