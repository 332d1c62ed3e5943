"""Tokens/s of the embedded model through the litellm gateway vs llama-cpp directly.

Both sides run the same chat with greedy decoding and the same token limit in one process on
one loaded model, alternating, so drift on a noisy machine hits both alike. The ratio
direct/gateway should be at most 1.05.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

TARGET = 1.05
MESSAGES = [
    {"role": "system", "content": "You are a careful Python developer."},
    {
        "role": "user",
        "content": "Write a Python function that returns the n-th Fibonacci number iteratively, with a docstring.",
    },
]


def direct(llm, max_tokens: int, stream: bool) -> tuple[int, float]:
    start = time.perf_counter()
    if stream:
        pieces = [
            chunk["choices"][0]["delta"].get("content") or ""
            for chunk in llm.create_chat_completion(
                messages=MESSAGES, temperature=0.0, max_tokens=max_tokens, seed=0, stream=True
            )
        ]
        tokens = len(llm.tokenize("".join(pieces).encode(), add_bos=False, special=True))
        return tokens, time.perf_counter() - start
    out = llm.create_chat_completion(
        messages=MESSAGES, temperature=0.0, max_tokens=max_tokens, seed=0
    )
    return out["usage"]["completion_tokens"], time.perf_counter() - start


def gateway(client, max_tokens: int, stream: bool) -> tuple[int, float]:
    start = time.perf_counter()
    reply = client.complete(MESSAGES, on_token=(lambda t: None) if stream else None)
    return reply.usage.completion_tokens, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=128)
    args = parser.parse_args()

    from jupyter_codegen.llm import local
    from jupyter_codegen.llm.gateway import Gateway

    llm = local.load()
    client = Gateway().client(
        "local/qwen2.5-coder-0.5b", temperature=0.0, max_tokens=args.max_tokens
    )
    client.complete(MESSAGES)  # warm up litellm's import and first-call paths
    runs = {
        "direct": lambda: direct(llm, args.max_tokens, False),
        "gateway": lambda: gateway(client, args.max_tokens, False),
        "direct-stream": lambda: direct(llm, args.max_tokens, True),
        "gateway-stream": lambda: gateway(client, args.max_tokens, True),
    }
    rates: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            tokens, seconds = run()
            rates[name].append(tokens / seconds)
    median = {name: statistics.median(values) for name, values in rates.items()}
    print(
        f"embedded model, {args.max_tokens} completion tokens, {args.rounds} alternating rounds (median tokens/s):"
    )
    for name in runs:
        print(f"  {name:15s} {median[name]:6.1f} tok/s")
    for mode in ("", "-stream"):
        ratio = median[f"direct{mode}"] / median[f"gateway{mode}"]
        verdict = "met" if ratio <= TARGET else "MISSED"
        print(f"  ratio direct{mode}/gateway{mode} = {ratio:.3f} ({verdict}, target <= {TARGET})")


if __name__ == "__main__":
    main()
