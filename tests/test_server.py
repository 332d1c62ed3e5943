"""The server extension, in a real `jupyter server`: /jupyter-codegen/verify answers as the CLI.

One server for the module, on a temporary root, enabled by a copy of the shipped
jupyter-config file in a temporary config dir. Requests go to 127.0.0.1 only, with no proxy.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import nbformat
import pytest

from jupyter_codegen.audit.record import MIME
from jupyter_codegen.audit.sidecar import externalize, sidecar_path
from jupyter_codegen.audit.verify import verify
from jupyter_codegen.notebook import store
from tests.audit.notebooks import stepped_notebook

REPO = Path(__file__).resolve().parents[1]
SHIPPED_CONFIG = REPO / "jupyter-config" / "server-config" / "jupyter_codegen.json"
TOKEN = "codegen-server-test-token"
ROUTE = "/jupyter-codegen/verify"
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, base: str, root: Path) -> None:
        self.base, self.root = base, root

    def call(
        self,
        method: str,
        *,
        path: str | None = None,
        body: Any = None,
        raw: bytes | None = None,
        token: bool = True,
    ) -> tuple[int, dict[str, Any]]:
        """(status, JSON answer) of one request to the verify route."""
        url = self.base + ROUTE
        if path is not None:
            url += "?" + urllib.parse.urlencode({"path": path})
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"token {TOKEN}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with LOCAL.open(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                text = error.read().decode("utf-8", "replace")
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, {"unparsed": text}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Server:
    """A real `jupyter server` with jupyter_codegen enabled by the shipped config file."""
    home = tmp_path_factory.mktemp("server")
    root, config = home / "root", home / "config"
    root.mkdir()
    (config / "jupyter_server_config.d").mkdir(parents=True)
    shutil.copy(SHIPPED_CONFIG, config / "jupyter_server_config.d" / SHIPPED_CONFIG.name)
    port = _free_port()
    args = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        f"--port={port}",
        "--port-retries=0",
        "--ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        # JupyterLab is installed alongside and loads too; keep it from looking anything up.
        "--LabApp.extension_manager=readonly",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    log_path = home / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=home, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with LOCAL.open(f"{base}/api/status?token={TOKEN}", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(
                            "jupyter server did not start:\n" + log_path.read_text()[-3000:]
                        )
                    time.sleep(0.25)
            yield Server(base, root)
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


@pytest.fixture(scope="module")
def pristine() -> nbformat.NotebookNode:
    return stepped_notebook()


def as_json(nb: Any) -> dict[str, Any]:
    """The notebook as the browser would send it."""
    loaded: dict[str, Any] = json.loads(nbformat.writes(nb))
    return loaded


def tamper_a_decision(nb: Any) -> int:
    """Turn the first recorded decision into a rejection; return its event number."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for entry in out.get("data", {}).get(MIME, {}).get("trail", {}).get("entries", []):
                if entry["kind"] == "decision":
                    entry["data"]["action"] = "reject"
                    return int(entry["seq"])
    raise AssertionError("the notebook records no decision")


def test_an_intact_notebook_verifies(server, pristine) -> None:
    status, answer = server.call("POST", body={"notebook": as_json(pristine)})
    assert status == 200, answer
    expected = verify(copy.deepcopy(pristine))
    assert answer["ok"] is True and answer["failures"] == []
    assert answer["sessions"] == expected.sessions >= 1
    assert answer["events"] == expected.events > 0
    assert answer["notes"] == expected.notes
    assert answer["summary"] == (
        f"trail intact: {answer['sessions']} session(s), {answer['events']} event(s)"
    )


def test_a_tampered_trail_is_reported(server, pristine) -> None:
    nb = copy.deepcopy(pristine)
    seq = tamper_a_decision(nb)
    status, answer = server.call("POST", body={"notebook": as_json(nb), "path": None})
    assert status == 200, answer
    assert answer["ok"] is False
    (failure,) = answer["failures"]
    assert f"event #{seq} (decision)" in failure and "no longer matches its hash" in failure
    assert answer["summary"] == f"TAMPERED: {failure}"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"this is {not json", "not JSON"),
        (b"\xff\xfe\x00garbage", "not JSON"),
        (b"", "not JSON"),
        (b"[1, 2, 3]", "JSON object"),
        (b'{"nb": {}}', '"notebook"'),
        (b'{"notebook": "a string"}', '"notebook"'),
        (b'{"notebook": {"nbformat": 3, "cells": []}}', "nbformat v4"),
        (b'{"notebook": {"nbformat": 4, "cells": "no"}}', "not a valid nbformat v4"),
        (
            b'{"notebook": {"nbformat": 4, "nbformat_minor": "x", "metadata": {}, "cells": []}}',
            "not a valid nbformat v4",
        ),
        (b'{"notebook": {"nbformat": 4, "nbformat_minor": 5}, "path": 7}', '"path"'),
        (
            b'{"notebook": {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}, "path": "a\\u0000b"}',
            "not usable",
        ),
    ],
)
def test_a_malformed_body_is_a_400_with_a_message(server, raw, says) -> None:
    status, answer = server.call("POST", raw=raw)
    assert status == 400, answer
    assert says in answer["message"]


def test_a_record_that_is_not_an_object_is_a_failure_not_an_error(server, pristine) -> None:
    nb = as_json(pristine)
    nb["cells"][0]["outputs"][0]["data"][MIME] = ["not", "a", "record"]
    status, answer = server.call("POST", body={"notebook": nb})
    assert status == 200, answer
    assert answer["ok"] is False and "does not match schema" in answer["summary"]


def test_get_verifies_a_saved_notebook_as_post_does(server, pristine) -> None:
    saved = server.root / "work" / "saved.ipynb"
    store.write(copy.deepcopy(pristine), saved)
    status, by_get = server.call("GET", path="work/saved.ipynb")
    assert status == 200, by_get
    _, by_post = server.call(
        "POST", body={"notebook": json.loads(saved.read_text()), "path": "work/saved.ipynb"}
    )
    assert by_get == by_post
    assert by_get["ok"] is True and by_get["sessions"] >= 1

    tampered = copy.deepcopy(pristine)
    seq = tamper_a_decision(tampered)
    store.write(tampered, server.root / "work" / "tampered.ipynb")
    status, answer = server.call("GET", path="work/tampered.ipynb")
    assert status == 200 and answer["ok"] is False
    assert f"event #{seq} (decision)" in answer["summary"]


def test_the_path_finds_the_sidecar_next_to_the_notebook(server, pristine) -> None:
    nb = copy.deepcopy(pristine)
    notebook = server.root / "big" / "moved.ipynb"
    notebook.parent.mkdir()
    externalize(nb, notebook)
    store.write(nb, notebook)
    assert sidecar_path(notebook).exists()

    status, with_path = server.call(
        "POST", body={"notebook": as_json(nb), "path": "big/moved.ipynb"}
    )
    assert status == 200 and with_path["ok"] is True, with_path
    _, by_get = server.call("GET", path="big/moved.ipynb")
    assert by_get == with_path

    _, without = server.call("POST", body={"notebook": as_json(nb)})
    assert without["ok"] is False
    assert "location is unknown" in without["summary"]

    sidecar_path(notebook).unlink()
    _, lost = server.call("GET", path="big/moved.ipynb")
    assert lost["ok"] is False and "missing" in lost["summary"]


def test_a_missing_notebook_is_a_404(server) -> None:
    status, answer = server.call("GET", path="nowhere/none.ipynb")
    assert status == 404, answer
    assert "no such notebook" in answer["message"]


@pytest.mark.parametrize(
    "text",
    ["not a notebook", "{}", '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 3}'],
)
def test_an_unreadable_saved_notebook_is_a_400(server, text) -> None:
    (server.root / "broken.ipynb").write_text(text)
    status, answer = server.call("GET", path="broken.ipynb")
    assert status == 400, answer
    assert "broken.ipynb" in answer["message"]


def test_get_without_a_path_is_a_400(server) -> None:
    status, answer = server.call("GET")
    assert status == 400 and "?path=" in answer["message"]


@pytest.mark.parametrize("path", ["../outside.ipynb", "work/../../outside.ipynb", "/etc/hostname"])
def test_a_path_outside_the_root_is_refused(server, pristine, path) -> None:
    status, answer = server.call("GET", path=path)
    assert status == 400 and "outside the server root" in answer["message"], answer
    status, answer = server.call("POST", body={"notebook": as_json(pristine), "path": path})
    assert status == 400 and "outside the server root" in answer["message"], answer


def test_requests_without_the_token_are_forbidden(server, pristine) -> None:
    status, _ = server.call("POST", body={"notebook": as_json(pristine)}, token=False)
    assert status == 403
    status, _ = server.call("GET", path="work/saved.ipynb", token=False)
    assert status == 403
