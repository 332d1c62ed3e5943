import pytest

from jupyter_codegen.magics.display import fence


@pytest.mark.parametrize(
    ("text", "ticks"),
    [("x = 1", "```"), ("s = '```'", "````"), ("a ```` b", "`````")],
)
def test_fence_is_longer_than_any_backtick_run_inside(text: str, ticks: str) -> None:
    block = fence(text, "python")
    assert block.startswith(ticks + "python\n")
    assert block.endswith("\n" + ticks)
