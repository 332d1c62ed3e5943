"""The import gate: unknown modules, near misses and typosquats, and the install command."""

from __future__ import annotations

import sys
import time

import pytest

from jupyter_codegen.errors import CodegenError
from jupyter_codegen.validation.imports import (
    ModuleIndex,
    check_imports,
    imported,
    install_command,
    normalize,
)

INDEX = ModuleIndex(
    frozenset({"pandas", "numpy", "json", "os", "sklearn", "bs4", "PIL", "requests", "importlib"}),
    {
        "pandas": ("pandas",),
        "numpy": ("numpy",),
        "scikit-learn": ("sklearn",),
        "beautifulsoup4": ("bs4",),
        "pillow": ("PIL",),
        "requests": ("requests",),
    },
)


def test_typo_is_flagged_with_the_near_miss() -> None:
    (finding,) = check_imports("import pandass\n", INDEX)
    assert (finding.source, finding.rule, finding.severity, finding.line) == (
        "imports",
        "unknown-import",
        "medium",
        1,
    )
    assert "`pandass` is not installed" in finding.message
    assert "did you mean `pandas`?" in finding.suggestion
    assert "typosquat" in finding.suggestion and "never install" in finding.suggestion


def test_real_environment_knows_numpy_and_the_stdlib() -> None:
    index = ModuleIndex.from_environment()
    assert check_imports("import numpy, json, os.path\nfrom collections import abc\n", index) == []
    assert ModuleIndex.from_environment() is index  # cached
    assert check_imports("import nonexistent_mod_xyz\n", index)


def test_extra_modules_count_as_present() -> None:
    index = ModuleIndex.from_environment(("my_local_helpers",))
    assert check_imports("import my_local_helpers\n", index) == []


@pytest.mark.parametrize(
    ("code", "suggested"),
    [
        ("import scikit_learn", "sklearn"),
        ("import scikitlearn", "sklearn"),
        ("import beautifulsoup4", "bs4"),
        ("import pillow", "PIL"),
        ("import Pandas", "pandas"),
        ("import pil", "PIL"),
    ],
)
def test_distribution_names_suggest_their_module(code: str, suggested: str) -> None:
    (finding,) = check_imports(code, INDEX)
    assert f"`{suggested}`" in finding.suggestion


def test_distribution_match_ignores_case_and_separators() -> None:
    assert normalize("Scikit_Learn") == normalize("scikit.learn") == "scikit-learn"
    (finding,) = check_imports("import Scikit_Learn", INDEX)
    assert "scikit-learn" in finding.message and "`sklearn`" in finding.suggestion


def test_installed_modules_pass() -> None:
    assert (
        check_imports("from sklearn import linear_model\nimport PIL.Image\nimport bs4", INDEX) == []
    )


def test_nothing_close_asks_a_person_to_install() -> None:
    (finding,) = check_imports("import zzqxv_quantum", INDEX)
    assert "did you mean" not in finding.suggestion
    assert "a person must install it explicitly" in finding.suggestion


def test_guarded_imports_are_skipped() -> None:
    code = (
        "try:\n    import ujson as json\nexcept ImportError:\n    import json\n"
        "try:\n    import orjson\nexcept (ValueError, ModuleNotFoundError):\n    orjson = None\n"
        "try:\n    import simdjson\nexcept:\n    pass\n"
    )
    assert imported(code) == [("json", 4)]
    assert check_imports(code, INDEX) == []


def test_unrelated_try_does_not_guard() -> None:
    code = "try:\n    import ujson\nexcept KeyError:\n    pass\n"
    assert [f.line for f in check_imports(code, INDEX)] == [2]


def test_what_counts_as_imported() -> None:
    code = (
        "from __future__ import annotations\n"
        "from . import sibling\n"
        "from .pkg import thing\n"
        "import a.b.c\n"
        "from d.e import f\n"
        "import importlib\n"
        "g = importlib.import_module('g.h')\n"
        "i = __import__('i')\n"
        "j = importlib.import_module('.j', 'pkg')\n"
        "k = importlib.import_module(name)\n"
        "def inner():\n    import deep\n"
    )
    assert imported(code) == [
        ("a", 4),
        ("d", 5),
        ("importlib", 6),
        ("g", 7),
        ("i", 8),
        ("deep", 12),
    ]


def test_import_module_of_a_literal_is_checked() -> None:
    code = "import importlib\nmod = importlib.import_module('nonexistent_mod_xyz')\n"
    (finding,) = check_imports(code, INDEX)
    assert finding.line == 2 and "nonexistent_mod_xyz" in finding.message


def test_one_finding_per_module() -> None:
    code = "import pandass\nimport pandass.io\nfrom pandass import DataFrame\n"
    assert [f.line for f in check_imports(code, INDEX)] == [1]


def test_syntax_errors_and_magics() -> None:
    assert imported("def broken(:\n") == []
    assert check_imports("def broken(:\n", INDEX) == []
    assert imported("%matplotlib inline\nimport pandas\n!ls\n") == [("pandas", 2)]
    assert imported("%%time\nimport numpy\n") == [("numpy", 2)]


@pytest.mark.parametrize(
    "package",
    ["pandas", "pandas==2.2", "scikit-learn>=1.4", "numpy>=1.26,<3", "pandas[excel]", "torch==2.*"],
)
def test_install_command_accepts_requirements(package: str) -> None:
    assert install_command(package) == [sys.executable, "-m", "pip", "install", package]


@pytest.mark.parametrize(
    ("package", "reason"),
    [
        ("pandas; rm -rf /", "spaces"),
        ("pandas;rm", "shell"),
        ("--index-url http://x", "options"),
        ("-e .", "options"),
        ("https://evil/x.whl", "URLs"),
        ("pkg @ https://evil/x.whl", "URLs"),
        ("a b", "spaces"),
        ("pandas$(id)", "shell"),
        ("", "not a valid"),
        ("../local", "not a valid"),
    ],
)
def test_install_command_rejects_anything_else(package: str, reason: str) -> None:
    with pytest.raises(CodegenError, match=reason):
        install_command(package)


def test_environment_scan_time() -> None:
    ModuleIndex.from_environment.cache_clear()
    started = time.perf_counter()
    index = ModuleIndex.from_environment()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    ModuleIndex.from_environment()
    warm = time.perf_counter() - started
    print(
        f"\nenvironment scan: cold {cold:.3f}s, warm {warm * 1e6:.1f}us, {len(index.modules)} modules"
    )
    assert "numpy" in index.modules and "json" in index.modules and "sys" in index.modules
    assert warm < 0.01
