"""A real IPython shell with the extension loaded, shared by the magics tests of a module."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def ip():
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    shell.run_line_magic("load_ext", "jupyter_codegen")
    # These tests script the planner and coder; the designer and reviewer have their own.
    shell.run_line_magic("config", "Codegen.design_tests = False")
    shell.run_line_magic("config", "Codegen.review = False")
    yield shell
    shell.run_line_magic("unload_ext", "jupyter_codegen")


@pytest.fixture(autouse=True)
def clean(ip, monkeypatch):
    monkeypatch.delenv("JUPYTER_CODEGEN_AUTO", raising=False)
    monkeypatch.delenv("JUPYTER_CODEGEN_MODEL", raising=False)
    ip.rl_next_input = None
    names = ("reverse_words", "double", "triple")  # what the tests' sessions define
    for name in names:
        ip.user_ns.pop(name, None)
    yield
    for name in names:
        ip.user_ns.pop(name, None)
