"""The system test: accepted cells and their tests together in one fresh kernel."""

from __future__ import annotations

import json

import pytest

from jupyter_codegen.core.checks import Check
from jupyter_codegen.kernel.sandbox import KernelSandbox
from jupyter_codegen.validation.system import Cell, run_system_test
from tests.development.fakes import FakeSandbox

SIGN = "def sign(x):\n    if x > 0:\n        y = 1\n    else:\n        y = -1\n    return y\n"


def plan(code: str, name: str = "") -> Check:
    return Check("plan", code, name)


def test_everything_passes_in_order() -> None:
    box = FakeSandbox()
    cells = [Cell("load", "x = 2"), Cell("scale", "y = x * 3")]
    tests = [("load", plan("assert x == 2")), ("scale", plan("assert y == 6"))]
    result = run_system_test(cells, tests, box, measure_coverage=False)
    assert result.passed
    assert result.failures == []
    assert [run.status for run in result.cells] == ["ok", "ok"]
    assert [run.passed for run in result.tests] == [True, True]
    assert box.runs == ["x = 2", "y = x * 3", "assert x == 2", "assert y == 6"]
    assert result.coverage == {}
    assert "not measured" in result.note
    data = json.loads(json.dumps(result.as_dict()))
    assert data["passed"] is True
    assert data["tests"][1] == {
        "task": "scale",
        "check": {"source": "plan", "code": "assert y == 6", "name": ""},
        "passed": True,
        "detail": "",
    }


def test_a_failing_test_is_reported_with_its_detail() -> None:
    cells = [Cell("scale", "y = 2 * 3")]
    tests = [("scale", plan("assert y == 7, 'y is wrong'", name="y is seven"))]
    result = run_system_test(cells, tests, FakeSandbox(), measure_coverage=False)
    assert not result.passed
    assert not result.tests[0].passed
    assert "y is wrong" in result.tests[0].detail
    assert result.failures == [
        "plan test 'y is seven' of task 'scale' failed: AssertionError: y is wrong"
    ]


def test_a_failing_cell_is_recorded_and_later_tests_show_the_consequence() -> None:
    cells = [
        Cell("load", "raise FileNotFoundError('data.csv')\ndata = [1]"),
        Cell("count", "n = 1"),
    ]
    tests = [("load", plan("assert data")), ("count", plan("assert n == 1"))]
    result = run_system_test(cells, tests, FakeSandbox(), measure_coverage=False)
    assert [run.status for run in result.cells] == ["error", "ok"]
    assert "data.csv" in result.cells[0].detail
    assert [run.passed for run in result.tests] == [False, True]
    assert "NameError" in result.tests[0].detail
    assert len(result.failures) == 2
    assert result.failures[0].startswith("cell of task 'load' error: FileNotFoundError")


def test_no_cells_is_not_a_pass() -> None:
    result = run_system_test([], [], FakeSandbox(), measure_coverage=False)
    assert not result.passed
    assert result.failures == ["there were no cells to run"]


@pytest.fixture(scope="module")
def kernel():
    with KernelSandbox(timeout=30) as box:
        yield box


@pytest.fixture
def sandbox(kernel: KernelSandbox):
    """The module's kernel, with its user namespace cleared after each test."""
    yield kernel
    kernel.reset()


@pytest.mark.slow
def test_state_leaked_by_an_earlier_attempt_fails_the_system_test(sandbox) -> None:
    cells = [
        Cell("double", "def double(x):\n    return 2 * x\n"),
        Cell("limit", "def limit():\n    return CONFIG['limit']\n"),
    ]
    tests = [
        ("double", plan("assert double(2) == 4")),
        ("limit", plan("assert limit() == 3", name="limit is three")),
    ]
    result = run_system_test(cells, tests, sandbox, timeout=20)
    assert not result.passed
    assert [run.status for run in result.cells] == ["ok", "ok"]
    assert [run.passed for run in result.tests] == [True, False]
    assert "NameError: name 'CONFIG' is not defined" in result.tests[1].detail
    assert "cell001_limit.py" in result.tests[1].detail  # the traceback names the cell
    assert result.failures == [
        "plan test 'limit is three' of task 'limit' failed: NameError: name 'CONFIG' is not defined"
    ]
    # The same cell and test pass in a development kernel where an abandoned attempt set a
    # builtin: clearing the namespace between attempts does not remove it.
    try:
        assert sandbox.execute("import builtins\nbuiltins.CONFIG = {'limit': 3}").ok
        sandbox.reset()
        assert sandbox.execute(cells[1].code).ok
        assert sandbox.execute(tests[1][1].code).ok
    finally:
        sandbox.execute("import builtins\nbuiltins.__dict__.pop('CONFIG', None)")


@pytest.mark.slow
def test_coverage_is_exact_and_per_task(sandbox) -> None:
    cells = [
        Cell("seed", "inputs = [5]", measured=False),
        Cell("sign", SIGN),
        Cell("shout", "def shout(text):\n    return text.upper() + '!'\n"),
    ]
    tests = [
        ("sign", plan("assert sign(inputs[0]) == 1")),  # only the positive branch
        ("shout", plan("assert shout('hi') == 'HI!'")),
        ("shout", plan("assert shout('a') == 'A!'")),
    ]
    result = run_system_test(cells, tests, sandbox, timeout=20)
    assert result.passed, result.failures
    assert result.note == ""
    # sign: def, if, y = 1, else's y = -1, return: five statements, y = -1 never ran.
    assert result.coverage == {"sign": (4, 5), "shout": (2, 2)}
    leftovers = sandbox.execute(
        "import os\nprint(os.path.exists('.codegen_system'), sorted(n for n in globals() if 'codegen' in n))"
    )
    assert leftovers.stdout == "False []\n"
    # The cell's source stays readable after its helper file is gone.
    assert sandbox.execute("import inspect\nassert 'y = -1' in inspect.getsource(sign)").ok


@pytest.mark.slow
def test_a_hanging_cell_times_out_and_coverage_goes_on(sandbox) -> None:
    cells = [
        Cell("wait", "import time\nwhile True:\n    time.sleep(0.05)\n"),
        Cell("sign", SIGN + "negative = sign(-1)\n"),
    ]
    tests = [("sign", plan("assert negative == -1"))]
    result = run_system_test(cells, tests, sandbox, timeout=1.5)
    assert [run.status for run in result.cells] == ["timeout", "ok"]
    assert "did not finish" in result.cells[0].detail
    assert result.tests[0].passed
    assert result.coverage == {"wait": (3, 3), "sign": (5, 6)}  # sign: only y = 1 never ran
    assert len(result.failures) == 1
    assert result.failures[0].startswith("cell of task 'wait' timeout:")


@pytest.mark.slow
def test_without_coverage_in_the_kernel_the_run_still_counts(sandbox) -> None:
    sandbox.execute("import sys\nsys.modules['coverage'] = None")  # `import coverage` fails
    try:
        result = run_system_test([Cell("sign", SIGN)], [("sign", plan("sign(1)"))], sandbox)
    finally:
        sandbox.execute("import sys\ndel sys.modules['coverage']")
    assert result.passed
    assert result.coverage == {}
    assert result.note.startswith("coverage could not be measured: ModuleNotFoundError")


@pytest.mark.slow
def test_cells_see_each_other_and_magics_work(sandbox) -> None:
    cells = [
        Cell("text", 'text = \'__DIRECTORY__ \\u00e9 """ \\x00 \\n\'\n%time length = len(text)\n'),
        Cell("use", "doubled = length * 2"),
    ]
    result = run_system_test(cells, [("use", plan("assert doubled == 2 * len(text)"))], sandbox)
    assert result.passed, result.failures
    assert result.coverage == {"text": (2, 2), "use": (1, 1)}
