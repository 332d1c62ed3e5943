import collections
import math
import types

import pytest

from jupyter_codegen.intake.context import describe, imports, summarize


def load(path: str, n: int = 3) -> list:
    """Load rows from a file.

    More detail that is left out."""
    return []


class Model(collections.UserDict):
    """A toy model."""

    def fit(self):
        return self


class Frame:
    """Looks like a DataFrame to the summariser."""

    shape = (100, 3)
    columns = ("date", "city", "sales")


@pytest.mark.parametrize(
    ("name", "value", "line"),
    [
        ("load", load, "def load(path: str, n: int = 3) -> list — Load rows from a file."),
        ("Model", Model, "class Model(UserDict) methods: fit — A toy model."),
        (
            "df",
            Frame(),
            "df: tests.intake.test_context.Frame (shape (100, 3), columns [date, city, sales])",
        ),
        ("n", 5, "n: int (= 5)"),
        ("rows", [1, 2, 3], "rows: list (len 3)"),
        ("math", math, None),
    ],
)
def test_describe(name, value, line) -> None:
    assert describe(name, value) == line


def test_imports_recreate_module_bindings() -> None:
    ns = {"math": math, "m": math, "UserDict": collections, "x": 1}
    assert imports(ns) == ["import collections as UserDict", "import math", "import math as m"]
    sub = types.ModuleType("pkg.sub")
    assert imports({"sub": sub}) == ["from pkg import sub"]


def test_summary_skips_hidden_and_private_names_and_magics() -> None:
    ns = {"In": [], "_": 1, "_secret": 2, "load": load, "math": math}
    text = summarize(ns, hidden=["In"], cells=["x = 1", "%timeit x", "%%codegen\ntask", "!ls"])
    assert "In:" not in text and "_secret" not in text
    assert "def load" in text and "import math" in text
    assert "```python\nx = 1\n```" in text
    assert "%timeit" not in text and "%%codegen" not in text and "!ls" not in text


def test_budget_keeps_names_first_and_the_most_recent_cells() -> None:
    ns = {f"v{i}": i for i in range(500)}
    cells = [f"cell_{i} = {i}" for i in range(50)]
    text = summarize(ns, cells=cells, budget_tokens=200)
    assert len(text) <= 200 * 4 + 100
    assert "more names left out" in text
    small = summarize({"a": 1}, cells=cells, budget_tokens=60)
    assert "cell_49 = 49" in small and "cell_0 = 0" not in small


def test_empty_namespace_gives_empty_summary() -> None:
    assert summarize({}, cells=[]) == ""
