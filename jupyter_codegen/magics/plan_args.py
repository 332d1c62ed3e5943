"""The grammar of `%codegen plan ...` edits: words in, a plan_ops edit dict out."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from jupyter_codegen.core.plan import COMPLEXITIES
from jupyter_codegen.magics.args import _Parser

PLAN_HELP = """\
%codegen plan                                   show the plan
%codegen plan add "TITLE" [--after ID] [--deps ID,ID] [--test "assert ..."] [--profile P] [--complexity C]
%codegen plan drop ID                           remove a task (what needed it inherits its deps)
%codegen plan split ID "PART" "PART" ...        replace a task with a chain of parts
%codegen plan merge ID ID ... [--title "T"]     fold tasks into the first
%codegen plan update ID [--title T] [--description D] [--deps ID,ID] [--test "..."] [--complexity C]
%codegen plan move ID POSITION                  reorder (0 is first)
%codegen plan assign ID PROFILE                 give a task another agent profile
%codegen plan model ID MODEL                    run a task on another model ('' undoes it)"""


_USAGE = "\n" + PLAN_HELP.replace("%", "%%")


def _ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="%codegen plan", add_help=False, usage=_USAGE, allow_abbrev=False)
    commands = parser.add_subparsers(
        dest="op", required=True, parser_class=_Parser, prog="%%codegen plan"
    )
    add = commands.add_parser("add", usage=_USAGE, allow_abbrev=False)
    add.add_argument("title")
    add.add_argument("--description", default="")
    add.add_argument("--after")
    add.add_argument("--deps", type=_ids, default=[])
    add.add_argument("--test", dest="tests", action="append", default=[])
    add.add_argument("--profile", default="coder")
    add.add_argument("--complexity", choices=COMPLEXITIES, default="normal")
    add.add_argument("--id", dest="task_id")
    drop = commands.add_parser("drop", usage=_USAGE)
    drop.add_argument("task_id")
    split = commands.add_parser("split", usage=_USAGE)
    split.add_argument("task_id")
    split.add_argument("titles", nargs="+")
    merge = commands.add_parser("merge", usage=_USAGE, allow_abbrev=False)
    merge.add_argument("task_ids", nargs="+")
    merge.add_argument("--title")
    update = commands.add_parser("update", usage=_USAGE, allow_abbrev=False)
    update.add_argument("task_id")
    update.add_argument("--title")
    update.add_argument("--description")
    update.add_argument("--deps", type=_ids)
    update.add_argument("--test", dest="tests", action="append")
    update.add_argument("--complexity", choices=COMPLEXITIES)
    move = commands.add_parser("move", usage=_USAGE)
    move.add_argument("task_id")
    move.add_argument("position", type=int)
    assign = commands.add_parser("assign", usage=_USAGE)
    assign.add_argument("task_id")
    assign.add_argument("profile")
    model = commands.add_parser("model", usage=_USAGE)
    model.add_argument("task_id")
    model.add_argument("model")
    return parser


_RENAMED = {"move": "reorder", "assign": "reassign", "model": "set_model"}


def parse_plan_edit(words: Sequence[str]) -> dict[str, Any]:
    """Turn `add "Load data" --after t1` into {"op": "add", "title": "Load data", "after": "t1", ...}."""
    namespace = vars(_parser().parse_args(list(words)))
    op = namespace.pop("op")
    edit = {key: value for key, value in namespace.items() if value is not None}
    return {"op": _RENAMED.get(op, op), **edit}
