"""%%codegen --replay in a live shell: the same code from the recording, with no model."""

from __future__ import annotations

import nbformat
import pytest
from IPython.core.error import UsageError

from jupyter_codegen.magics.display import MIME, payload
from tests.replies import code

TASK = "A function triple(x) that triples x."
LINE = "--single --no-clarify --auto"


def session(ip):
    return ip.magics_manager.registry["CodegenMagics"].session


def test_replay_from_a_saved_notebook_gives_the_same_code(ip, script, tmp_path) -> None:
    model = script(code("def triple(x):\n    return 3 * x"))
    ip.run_cell_magic("codegen", f"{LINE} --model {model}", TASK)
    recorded = session(ip)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(f"%%codegen {LINE}\n{TASK}")
    cell.outputs = [nbformat.v4.new_output("display_data", data={MIME: payload(recorded, None)})]
    nb.cells.append(cell)
    path = tmp_path / "saved.ipynb"
    nbformat.write(nb, str(path))
    del ip.user_ns["triple"]

    ip.run_cell_magic("codegen", f"{LINE} --replay {path}", TASK)
    replayed = session(ip)
    assert replayed is not recorded and replayed.request.model_source == "replay"
    assert [a.code for a in replayed.accepted] == [a.code for a in recorded.accepted]
    assert ip.user_ns["triple"](2) == 6

    with pytest.raises(UsageError, match="no recorded session for this cell"):
        ip.run_cell_magic("codegen", f"{LINE} --replay {path}", "A function quadruple(x).")
    with pytest.raises(UsageError, match="not a readable"):
        ip.run_cell_magic("codegen", f"{LINE} --replay {tmp_path / 'nope.json'}", TASK)
