"""The kernel's end of the comm with the JupyterLab extension (labextension/src/protocol.ts).

Either side may open the comm on target `jupyter_codegen`: the kernel does at `%load_ext`,
and the extension does when it finds the kernel already running %%codegen (after a page
reload). The opener says `hello` and the other side answers it. Until the extension has
answered, `connected` is False and the magics fall back to `set_next_input`.

Messages carry `protocol`; one of another version gets an `error` answer. The kernel sends
`cells`, a session's whole set of approved cells, after every change; the extension
answers `applied` (or `error`), kept in `last` for whoever wants to know.
"""

from __future__ import annotations

from typing import Any

from jupyter_codegen import __version__

TARGET = "jupyter_codegen"
PROTOCOL = 1


def _hello(reply: bool = False) -> dict[str, Any]:
    return {"protocol": PROTOCOL, "type": "hello", "version": __version__, "reply": reply}


class Bridge:
    """The comm to the extension, when a front end with the extension is connected."""

    def __init__(self, kernel: Any) -> None:
        self.comm: Any = None  # the comm the extension answered on
        self.last: dict[str, Any] | None = None  # the extension's last answer to `cells`
        self._opened: Any = None
        if kernel is None or not hasattr(kernel, "comm_manager"):
            return  # terminal IPython, nbclient without a kernel object: nothing to talk to
        from comm import create_comm, get_comm_manager

        get_comm_manager().register_target(TARGET, self._adopt)
        self._opened = create_comm(target_name=TARGET, data=_hello())
        self._listen(self._opened)

    @property
    def connected(self) -> bool:
        """True once the extension has said hello on a comm still open."""
        return self.comm is not None

    def _adopt(self, comm: Any, message: dict[str, Any]) -> None:
        """The extension opened a comm (the page was reloaded): use it from now on."""
        self._listen(comm)
        self._handle(comm, message["content"]["data"])

    def _listen(self, comm: Any) -> None:
        comm.on_msg(lambda message: self._handle(comm, message["content"]["data"]))
        comm.on_close(lambda message: self._closed(comm))

    def _closed(self, comm: Any) -> None:
        if self.comm is comm:
            self.comm = None

    def _handle(self, comm: Any, data: Any) -> None:
        if not isinstance(data, dict) or data.get("protocol") != PROTOCOL:
            version = data.get("protocol") if isinstance(data, dict) else None
            comm.send(
                {
                    "protocol": PROTOCOL,
                    "type": "error",
                    "message": f"protocol {version} is not supported (the kernel speaks {PROTOCOL}); "
                    "install matching versions of jupyter_codegen and its JupyterLab extension",
                }
            )
            return
        kind = data.get("type")
        if kind == "hello":
            self.comm = comm
            if not data.get("reply"):
                comm.send(_hello(reply=True))
        elif kind in ("applied", "error"):
            self.last = data

    def send_cells(self, origin: str | None, session: str, cells: list[dict[str, Any]]) -> bool:
        """Ask the extension to make the notebook hold exactly `cells` for `session`, below
        the cell `origin`. False when no extension is connected."""
        if self.comm is None:
            return False
        self.comm.send(
            {
                "protocol": PROTOCOL,
                "type": "cells",
                "origin": origin,
                "session": session,
                "cells": cells,
            }
        )
        return True

    def close(self) -> None:
        for comm in {id(c): c for c in (self.comm, self._opened) if c is not None}.values():
            comm.close()
        self.comm = self._opened = None
