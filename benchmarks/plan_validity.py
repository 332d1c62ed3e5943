"""Share of valid plans from the embedded model, before and after the planner's repairs.

Runs the real planner (JSON-schema-constrained output, then re-ask, then deterministic repair)
on varied tasks. Target: every plan valid after repair.
"""

from __future__ import annotations

import argparse
import collections
import os
import time

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

TASKS = [
    "Write a function reverse_words(sentence) that reverses the order of words.",
    "Load sales.csv with pandas, compute the monthly total of the 'amount' column and plot it as a bar chart.",
    "Implement a Stack class with push, pop and peek, and a function that checks balanced brackets using it.",
    "Parse a log file of lines 'LEVEL message', count messages per level and print the three most common.",
    "Write fizzbuzz(n) returning the list of FizzBuzz strings from 1 to n.",
    "Build a word-frequency counter for a text, ignoring case and punctuation, and return the top 10 words.",
    "Create a function that validates e-mail addresses with a regular expression, plus tests for it.",
    "Simulate rolling two dice 10,000 times and report the empirical probability of each sum.",
    "Implement binary search over a sorted list and a function that finds the insertion point of a value.",
    "Read a JSON config file, merge it with defaults, validate required keys and return the result.",
    "Compute the moving average of a list of numbers with a given window size.",
    "Write a small LRU cache class with get and put, and a demo that shows eviction.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="local/qwen2.5-coder-0.5b")
    parser.add_argument("--limit", type=int, default=len(TASKS))
    args = parser.parse_args()

    from jupyter_codegen.llm.gateway import Gateway
    from jupyter_codegen.orchestration.planner import make_plan
    from jupyter_codegen.orchestration.registry import default_registry

    registry = default_registry()
    orchestrator = registry.get("orchestrator")
    client = Gateway().client(args.model, **orchestrator.params())
    outcomes: collections.Counter[str] = collections.Counter()
    sizes, seconds = [], []
    for task in TASKS[: args.limit]:
        start = time.perf_counter()
        planned = make_plan(task, client, registry)
        seconds.append(time.perf_counter() - start)
        outcomes[planned.outcome] += 1
        sizes.append(len(planned.plan.tasks))
        assert planned.plan.problems() == [], planned.plan.problems()
        print(
            f"  {planned.outcome:18s} {len(planned.plan.tasks)} task(s)  {seconds[-1]:5.1f}s  {task[:60]}"
        )
    n = sum(outcomes.values())
    first_try = outcomes["valid"]
    after_repair = n - outcomes["fallback"]
    print(f"\n{args.model}, {n} tasks:")
    print(f"  valid on the first reply      {first_try}/{n} = {first_try / n:.0%}")
    print(f"  valid after re-ask            {outcomes['valid-after-reask']}/{n}")
    print(f"  made valid by repair          {outcomes['repaired']}/{n}")
    print(f"  fell back to one task         {outcomes['fallback']}/{n}")
    print(f"  valid after repair (target 100%): {after_repair}/{n} = {after_repair / n:.0%}")
    print(f"  mean tasks per plan {sum(sizes) / n:.1f}, mean planning time {sum(seconds) / n:.1f}s")


if __name__ == "__main__":
    main()
