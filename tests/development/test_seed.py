import math

import pytest

from jupyter_codegen.development.seed import MAX_PICKLE_BYTES, free_names, seed_for


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("y = x + 1", {"x"}),
        ("def f(a, *b, c=1, **d):\n    return a + c + g", {"g"}),
        ("import numpy as np\nnp.sum(data)", {"data"}),
        ("for i in range(n):\n    print(i)", {"n"}),
        ("class A(Base):\n    pass\nA()", {"Base"}),
        ("[v for v in values]", {"values"}),
        ("not valid python (", set()),
    ],
)
def test_free_names(code: str, names: set) -> None:
    assert free_names(code) == names


def test_seed_recreates_values_and_modules_then_runs(tmp_path) -> None:
    code = "total = sum(data) + math.floor(2.5)"
    seed = seed_for(code, {"data": [1, 2, 3], "math": math, "unused": 1})
    namespace: dict = {}
    exec(seed.code, namespace)
    exec(code, namespace)
    assert namespace["total"] == 8
    assert "unused" not in seed.code
    assert seed.missing == []


def test_unpicklable_and_huge_values_are_reported_missing() -> None:
    big = bytes(MAX_PICKLE_BYTES + 1)
    seed = seed_for("f(lock, big)", {"lock": __import__("threading").Lock(), "big": big})
    assert sorted(seed.missing) == ["big", "lock"]
    assert seed.code == ""


def test_hidden_names_are_not_seeded() -> None:
    assert seed_for("print(Out)", {"Out": {}}, hidden={"Out"}).code == ""
