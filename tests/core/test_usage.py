import pytest

from jupyter_codegen.core.usage import Budget, Meter, Usage
from jupyter_codegen.errors import BudgetExceededError, UsageError


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("20000", Budget(max_tokens=20000)),
        ("20k", Budget(max_tokens=20000)),
        ("1.5M tokens", Budget(max_tokens=1_500_000)),
        ("$0.50", Budget(max_cost=0.5)),
        ("0.25usd", Budget(max_cost=0.25)),
    ],
)
def test_budget_parse(text: str, budget: Budget) -> None:
    assert Budget.parse(text) == budget


@pytest.mark.parametrize("text", ["", "lots", "-5", "$", "5 euros"])
def test_bad_budget(text: str) -> None:
    with pytest.raises(UsageError, match="not a budget"):
        Budget.parse(text)


def test_usage_adds_and_keeps_unknown_cost() -> None:
    assert Usage(1, 2) + Usage(3, 4) == Usage(4, 6, None)
    assert Usage(1, 2, 0.5) + Usage(3, 4) == Usage(4, 6, 0.5)


def test_meter_stops_at_token_budget() -> None:
    meter = Meter(Budget(max_tokens=100))
    meter.check()
    meter.add(Usage(60, 39))
    meter.check()
    meter.add(Usage(1, 0))
    with pytest.raises(BudgetExceededError, match="100 tokens reached after 2 model calls"):
        meter.check()


def test_meter_stops_at_cost_budget() -> None:
    meter = Meter(Budget(max_cost=0.01))
    meter.add(Usage(1, 1, 0.02))
    with pytest.raises(BudgetExceededError, match=r"\$0.0100"):
        meter.check()
