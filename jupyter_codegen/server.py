"""The Jupyter server extension: `POST|GET /jupyter-codegen/verify` checks a notebook's trail.

The JupyterLab extension POSTs the notebook as it is open (`{"notebook": {...}, "path": "..."}`)
or GETs `?path=` to check the file as saved; both answer with what `jupyter-codegen verify` finds.
The path (relative to the server root) only locates the sidecar file next to the notebook; a path
that leaves the root is refused. The verifier is imported on the first request, so loading the
extension costs the server nothing at start-up.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

if TYPE_CHECKING:
    from jupyter_server.serverapp import ServerApp

ROUTE = ("jupyter-codegen", "verify")


def _resolve(root: Path, relative: str) -> Path:
    """`relative` under `root`, or a 400 when it leaves the root (`..`, absolute, a symlink out)."""
    base = root.resolve()
    try:
        target = (base / relative).resolve()
    except (ValueError, OSError) as exc:  # a NUL byte, a symlink loop
        raise web.HTTPError(400, f"the path {relative!r} is not usable: {exc}") from None
    if target != base and base not in target.parents:
        raise web.HTTPError(400, f"the path {relative!r} is outside the server root")
    return target


def _answer(nb: Any, path: Path | None) -> dict[str, Any]:
    """What verify says of `nb`, shaped like the CLI's report."""
    from jupyter_codegen.audit.verify import verify

    verdict = verify(nb, path)
    summary = (
        f"trail intact: {verdict.sessions} session(s), {verdict.events} event(s)"
        if verdict.ok
        else f"TAMPERED: {verdict.failures[0]}"
    )
    return {
        "ok": verdict.ok,
        "failures": list(verdict.failures),
        "notes": list(verdict.notes),
        "sessions": verdict.sessions,
        "events": verdict.events,
        "summary": summary,
    }


def _from_body(raw: bytes) -> tuple[Any, str | None]:
    """(notebook node, optional relative path) from a POST body, or a 400 saying what is wrong."""
    import nbformat

    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise web.HTTPError(400, "the request body is not JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPError(400, 'the request body must be a JSON object: {"notebook": {...}}')
    notebook = body.get("notebook")
    if not isinstance(notebook, dict):
        raise web.HTTPError(400, 'the request body has no "notebook" object')
    path = body.get("path")
    if path is not None and not isinstance(path, str):
        raise web.HTTPError(400, '"path" must be a string, the notebook path relative to the root')
    if notebook.get("nbformat") != 4:
        raise web.HTTPError(400, '"notebook" is not an nbformat v4 notebook')
    try:
        nbformat.validate(nbformat.from_dict(notebook))
    except Exception as exc:  # ValidationError, and asserts/TypeErrors on odd version fields
        problem = exc.message if isinstance(exc, nbformat.ValidationError) else repr(exc)
        raise web.HTTPError(
            400, f'"notebook" is not a valid nbformat v4 notebook: {problem}'
        ) from None
    # from_dict, then what reading the file does: join multi-line sources, drop transient fields.
    nb = nbformat.v4.to_notebook(notebook)
    return nb, path or None


def _read(path: Path) -> Any:
    """The notebook saved at `path` (404 when there is none, 400 when it is unreadable)."""
    import nbformat

    from jupyter_codegen.errors import CodegenError
    from jupyter_codegen.notebook import store

    if not path.is_file():
        raise web.HTTPError(404, f"no such notebook: {path.name}")
    try:
        nb = store.read(path)  # nbformat only logs a schema error when reading; refuse it here
        nbformat.validate(nb)
    except CodegenError as exc:
        raise web.HTTPError(400, str(exc)) from None
    except Exception as exc:
        problem = exc.message if isinstance(exc, nbformat.ValidationError) else repr(exc)
        raise web.HTTPError(400, f"{path.name} is not a valid notebook: {problem}") from None
    return nb


class VerifyHandler(APIHandler):
    """Verify a notebook's audit trail: POST the notebook, or GET one saved under the root."""

    root: Path

    def initialize(self, root: str) -> None:
        self.root = Path(root)

    @web.authenticated
    async def post(self) -> None:
        nb, relative = _from_body(self.request.body)
        path = _resolve(self.root, relative) if relative else None
        self.finish(json.dumps(await asyncio.to_thread(_answer, nb, path)))

    @web.authenticated
    async def get(self) -> None:
        relative = self.get_query_argument("path", "")
        if not relative:
            raise web.HTTPError(400, "say which notebook to verify: ?path=<notebook path>")
        path = _resolve(self.root, relative)
        nb = _read(path)
        self.finish(json.dumps(await asyncio.to_thread(_answer, nb, path)))


def _load_jupyter_server_extension(serverapp: ServerApp) -> None:
    """Register the verify route under the server's base URL."""
    app: web.Application = serverapp.web_app  # tornado's typed add_handlers
    route = url_path_join(app.settings["base_url"], *ROUTE)
    app.add_handlers(".*$", [(route, VerifyHandler, {"root": serverapp.root_dir})])
    serverapp.log.info("jupyter_codegen: trail verification at %s", route)
