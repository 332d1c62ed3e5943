"""jupyter_codegen: LLM code generation in Jupyter, with the developer in the loop.

`%load_ext jupyter_codegen` registers the magics. Everything heavy (litellm, llama-cpp,
jupyter_client) is imported on first use, so loading stays fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "load_ipython_extension", "unload_ipython_extension"]

_magics: Any = None


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the prebuilt JupyterLab extension is (for `jupyter labextension develop`)."""
    return [{"src": "labextension", "dest": "jupyter-codegen"}]


def load_ipython_extension(ipython: Any) -> None:
    """Register %%codegen with IPython."""
    global _magics
    from jupyter_codegen.magics.magics import CodegenMagics

    _magics = CodegenMagics(ipython)
    ipython.register_magics(_magics)
    ipython.events.register("pre_run_cell", _magics.remember_cell)
    ipython.configurables.append(_magics.settings)  # so `%config Codegen.review = False` works


def unload_ipython_extension(ipython: Any) -> None:
    """Stop the sandbox kernel and unhook from IPython."""
    global _magics
    if _magics is not None:
        ipython.events.unregister("pre_run_cell", _magics.remember_cell)
        if _magics.settings in ipython.configurables:
            ipython.configurables.remove(_magics.settings)
        _magics.close()
        _magics = None


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "jupyter_codegen.server"}]
