# expect: none
def normalize(values: list[float]) -> list[float]:
    total = sum(values)
    return [value / total for value in values]


result = normalize([1.0, 1.0, 2.0])
assert abs(sum(result) - 1.0) < 1e-9
assert result[2] == 0.5
