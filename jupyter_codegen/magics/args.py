"""The %%codegen argument grammar: a pure parser from the magic line to a typed object."""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass
from typing import NoReturn

from jupyter_codegen.core.decision import GATES
from jupyter_codegen.core.usage import Budget
from jupyter_codegen.errors import UsageError

DESCRIPTION = """\
Write a task in the body of a %%codegen cell. The model restates it and asks about what it
leaves open, plans subtasks, and writes the code for each; the code runs in a separate sandbox
kernel with its checks, and is offered as a new cell below (or, with --auto, run in this
kernel once it passes).

Model precedence: --model, then $JUPYTER_CODEGEN_MODEL, then c.Codegen.model, then the
embedded offline model local/qwen2.5-coder-0.5b."""

EPILOG = """\
line magic:
  %codegen --help     this text
  %codegen config     the settings in effect and where each came from
  %codegen plan       the current plan; %codegen plan --help lists the edits
  %codegen run        continue the last session (after --plan-only or edits)
  %codegen snapshots  the accepted states of the last session
  %codegen rollback [SNAPSHOT]
                      go back to a snapshot (default: the one before the latest)
  %codegen approve | reject | regenerate [FEEDBACK] | skip
                      answer the waiting gate (tests, step or sign-off)
  %%codegen edit      (cell) accept the cell body instead of the proposal or tests
  %codegen feedback TEXT
                      at sign-off: the feedback becomes a new task, developed next
  %codegen concern ID [ID ...]
                      at sign-off: turn reviewer concerns into new tasks
  %codegen install PACKAGE
                      pip install a package the import gate flagged (your decision,
                      recorded with the exact command; never done automatically)

examples:
  %%codegen --auto
  A function reverse_words(sentence) that reverses the order of the words.

  %%codegen --model openai/gpt-4o-mini --max-iters 5 --budget $0.10
  Load data.csv with pandas and plot the monthly mean of the 'sales' column.

  %%codegen --tests 4
  A function slugify(text); the tests are in the cell run as In[4].
  assert slugify("A b") == "a-b"   <- asserts and >>> examples in the task are tests too"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n\n{self.format_usage()}Run %codegen --help for every option.")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError(text)
    return value


def _budget(text: str) -> Budget:
    try:
        return Budget.parse(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _cells(text: str) -> tuple[int, ...]:
    try:
        numbers = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--tests takes execution counts such as 3 or 3,5, not {text!r}"
        ) from None
    if not numbers or min(numbers) < 1:
        raise argparse.ArgumentTypeError(f"--tests takes execution counts from 1, not {text!r}")
    return numbers


ALL = "all"


def _gates(text: str) -> str:
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in (*GATES, ALL)]
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"--auto takes gates from {', '.join(GATES)} (comma-separated), not {text!r}"
        )
    return ALL if ALL in names or set(names) == set(GATES) else ",".join(names)


_positive_int.__name__ = "non-negative integer"
_seconds.__name__ = "positive number of seconds"


def build_parser() -> argparse.ArgumentParser:
    """The parser for %%codegen options; also renders the help text."""
    parser = _Parser(
        prog="%%codegen",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
        allow_abbrev=False,
    )
    parser.add_argument("-h", "--help", action="store_true", help="show this help and exit")
    parser.add_argument(
        "-m",
        "--model",
        help="litellm model name, e.g. local/qwen2.5-coder-0.5b, openai/gpt-4o-mini, ollama/qwen2.5-coder",
    )
    parser.add_argument(
        "--auto",
        nargs="?",
        const=ALL,
        type=_gates,
        metavar="GATES",
        help="headless policy: no human gates; code that passes is run in this kernel. With "
        f"GATES (comma-separated from {','.join(GATES)}) it answers only those gates and "
        "the rest wait for you, e.g. --auto clarify,plan",
    )
    parser.add_argument(
        "--no-clarify",
        dest="clarify",
        action="store_false",
        help="skip the clarity check (the model restating the task and asking about gaps)",
    )
    parser.add_argument(
        "--probe",
        action="store_true",
        help="consistency probe: run a few independent solutions on edge cases and ask where they disagree",
    )
    parser.add_argument("--single", action="store_true", help="one task, no planner call")
    parser.add_argument(
        "--image",
        action="append",
        default=[],
        metavar="PATH",
        help="a flowchart or sketch for the model (png, jpg, gif, webp); only for models that accept images",
    )
    parser.add_argument(
        "--plan-only",
        action="store_true",
        help="stop once the plan is made; edit it with %%codegen plan ..., then %%codegen run",
    )
    parser.add_argument(
        "--tests",
        type=_cells,
        default=(),
        metavar="N[,N]",
        help="cells holding your tests, by execution count (In[N]): asserts, def test_*, doctests",
    )
    parser.add_argument(
        "--design-tests",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a test-designer agent writes tests from the spec, for you to approve (default: off)",
    )
    parser.add_argument(
        "--review",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a reviewer agent on another profile lists concerns about the result (default: on)",
    )
    parser.add_argument(
        "--no-validate",
        dest="validate",
        action="store_false",
        help="skip validation (system test, scans, metrics, sign-off)",
    )
    parser.add_argument(
        "--replay",
        nargs="?",
        const="",
        metavar="SOURCE",
        help="serve the model's replies from this cell's recording (no model, no key): from "
        "SOURCE (a notebook or cassette file), else $JUPYTER_CODEGEN_REPLAY, else this notebook",
    )
    parser.add_argument(
        "--allow-risky",
        action="store_true",
        help="run code with high-severity security findings without asking (it still runs in the sandbox)",
    )
    parser.add_argument(
        "--max-iters",
        type=_positive_int,
        metavar="N",
        help="self-debug rounds after the first attempt (default 3)",
    )
    parser.add_argument(
        "--budget",
        type=_budget,
        metavar="B",
        help="stop once this many tokens (20k) or this cost ($0.50) is spent",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        metavar="S",
        help="wall-clock seconds one sandbox execution may take (default 60)",
    )
    return parser


@dataclass(frozen=True)
class CodegenArgs:
    """Parsed %%codegen options; None means 'not given on the line'."""

    help: bool = False
    model: str | None = None
    auto: bool | None = None
    auto_gates: frozenset[str] = frozenset()  # `--auto GATES`; auto is then False
    clarify: bool = True
    probe: bool = False
    image: tuple[str, ...] = ()
    single: bool = False
    plan_only: bool = False
    tests: tuple[int, ...] = ()
    design_tests: bool | None = None
    review: bool | None = None
    validate: bool = True
    allow_risky: bool = False
    replay: str | None = None
    max_iters: int | None = None
    budget: Budget | None = None
    timeout: float | None = None


def parse_line(line: str) -> CodegenArgs:
    """Parse a %%codegen line, raising UsageError with the usage text on any mistake."""
    try:
        tokens = shlex.split(line)
    except ValueError as exc:
        raise UsageError(
            f"cannot split the magic line ({exc})\n\n{build_parser().format_usage()}"
        ) from exc
    values = vars(build_parser().parse_args(tokens))
    values["image"] = tuple(values["image"])
    gates = values.pop("auto")
    values["auto"] = None if gates is None else gates == ALL
    if gates not in (None, ALL):
        values["auto_gates"] = frozenset(gates.split(","))
    return CodegenArgs(**values)


def help_text() -> str:
    """The full --help text."""
    return build_parser().format_help()
