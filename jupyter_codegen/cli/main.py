"""`jupyter-codegen run NOTEBOOK`: execute a notebook headless and keep the generated cells."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_codegen import __version__
from jupyter_codegen.audit.record import KEY, VERSION, validate
from jupyter_codegen.audit.sidecar import blob_bytes, externalize
from jupyter_codegen.core.precedence import MODEL_ENV
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.kernel.ipc import ipc_manager
from jupyter_codegen.magics.magics import AUTO_ENV, RISKY_ENV
from jupyter_codegen.notebook import store

IF_CHANGED = (
    "leave OUTPUT as it is when the new run differs from it only in times, durations, session "
    "ids and hashes, so re-running a committed notebook does not churn its diff"
)


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
        "--sidecar-kb",
        type=int,
        default=512,
        metavar="KB",
        help="move the recorded prompts to NOTEBOOK.codegen-blobs.json when they pass this size "
        "(default 512; 0 always)",
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
    run.add_argument("--if-changed", action="store_true", help=IF_CHANGED)
    check = commands.add_parser(
        "verify",
        help="check the audit trail: exit 0 if intact, 1 if tampered with, 2 if unreadable",
    )
    check.add_argument("notebook", type=Path)
    again = commands.add_parser(
        "replay",
        help="re-run a notebook's %%codegen sessions from their recorded model replies (no model, "
        "no key) and show any generated code that differs",
    )
    again.add_argument("notebook", type=Path)
    again.add_argument("-o", "--output", type=Path, help="write the replayed notebook here")
    again.add_argument("--timeout", type=float, default=1800.0, help="seconds per cell")
    again.add_argument("--kernel", default="python3", help="kernel name (default python3)")
    again.add_argument("--if-changed", action="store_true", help=IF_CHANGED)
    story = commands.add_parser(
        "report", help="print a timeline of how each session's code came to be"
    )
    story.add_argument("notebook", type=Path)
    story.add_argument("--html", type=Path, metavar="OUT", help="also write it as an HTML page")
    mend = commands.add_parser(
        "recover",
        help="fold events of sessions that crashed before their output was saved back into the "
        "notebook, from their journals",
    )
    mend.add_argument("notebook", type=Path)
    mend.add_argument("-o", "--output", type=Path, help="where to write (default: in place)")
    from jupyter_codegen.bench.cli import add_parser as add_bench

    add_bench(commands)
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
    sidecar_kb: int | None = None,
    if_changed: bool = False,
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
    meta = nb.metadata.setdefault(KEY, {"schema_version": VERSION})
    meta["sessions"] = list(
        dict.fromkeys(str(r.get("session")) for r in records if r.get("session"))
    )
    if sidecar_kb is not None and blob_bytes(nb) > sidecar_kb * 1024:
        moved = externalize(nb, output)
        print(f"jupyter-codegen: recorded prompts are large; they are kept in {moved}")
    validate(meta, "notebook")
    if if_changed and _unchanged(nb, output):
        print(f"{output}: unchanged apart from times, durations and ids; left as it was")
    else:
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


def _unchanged(nb: Any, output: Path) -> bool:
    """True when `output` holds this notebook already, bar the volatile fields."""
    from jupyter_codegen.notebook import stable

    if not output.exists():
        return False
    try:
        return stable.same(store.read(output), nb)
    except CodegenError:
        return False  # unreadable: write the new one


def _generated(nb: Any) -> dict[str, list[str]]:
    """Generated code per session position (by cell id, else task), from the last record."""
    from jupyter_codegen.audit.record import sessions

    found: dict[str, list[str]] = {}
    for trail in sessions(nb).values():
        last = trail.parts[-1].record
        key = last.get("cell_id") or last["task"]
        found[key] = [c["code"] for c in last["cells"]]
    return found


def replay_notebook(
    path: Path, output: Path | None, *, timeout: float, kernel: str, if_changed: bool = False
) -> int:
    """Replay every recorded session in `path`; print diffs; 0 when the code is identical."""
    import difflib
    import json

    from jupyter_codegen.audit import replay

    original = store.read(path)
    cassettes = replay.load(path)
    if not cassettes:
        raise CodegenError(f"{path} holds no recorded %%codegen session to replay")
    before = _generated(original)
    with tempfile.TemporaryDirectory(prefix="codegen-replay-") as scratch:
        tape = Path(scratch) / "cassettes.json"
        tape.write_text(json.dumps([c.as_dict() for c in cassettes]))
        os.environ[replay.ENV] = str(tape)
        target = output or Path(scratch) / path.name
        status = run_notebook(
            path,
            target,
            model=None,
            auto=False,
            timeout=timeout,
            kernel=kernel,
            if_changed=if_changed,
        )
        after = _generated(store.read(target))
    differs = 0
    for key, code in before.items():
        new = after.get(key)
        if new == code:
            continue
        differs += 1
        label = key if len(key) < 60 else key[:57] + "..."
        if new is None:
            print(f"replay: the session for {label!r} produced no record", file=sys.stderr)
            continue
        diff = difflib.unified_diff(
            "\n\n".join(code).splitlines(keepends=True),
            "\n\n".join(new).splitlines(keepends=True),
            "recorded",
            "replayed",
        )
        print(f"replay: generated code differs for {label!r}:\n{''.join(diff)}")
    if differs == 0 and status == 0:
        print(f"{path}: replayed {len(cassettes)} session(s); the generated code is byte-identical")
        return 0
    return 1


def verify_notebook(path: Path) -> int:
    """Print what verify found and return the exit code."""
    from jupyter_codegen.audit.verify import verify

    verdict = verify(store.read(path), path)
    for note in verdict.notes:
        print(f"note: {note}")
    for failure in verdict.failures:
        print(f"TAMPERED: {failure}", file=sys.stderr)
    if verdict.ok:
        print(f"{path}: trail intact: {verdict.sessions} session(s), {verdict.events} event(s)")
        return 0
    return 1


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
                sidecar_kb=args.sidecar_kb,
                if_changed=args.if_changed,
            )
        if args.command == "verify":
            return verify_notebook(args.notebook)
        if args.command == "report":
            from jupyter_codegen.audit.timeline import render_html, render_text

            nb = store.read(args.notebook)
            print(render_text(nb))
            if args.html:
                args.html.write_text(render_html(nb), encoding="utf-8")
                print(f"written: {args.html}")
            return 0
        if args.command == "recover":
            from jupyter_codegen.audit.journal import recover

            nb = store.read(args.notebook)
            done = recover(nb)
            for line in done:
                print(line)
            if done:
                store.write(nb, args.output or args.notebook)
            else:
                print(f"{args.notebook}: nothing to recover")
            return 0
        if args.command == "bench":
            from jupyter_codegen.bench.cli import main as bench_main

            return bench_main(args)
        if args.command == "replay":
            return replay_notebook(
                args.notebook,
                args.output,
                timeout=args.timeout,
                kernel=args.kernel,
                if_changed=args.if_changed,
            )
        from jupyter_codegen.llm.model_file import resolve_gguf

        print(resolve_gguf())
        return 0
    except CodegenError as exc:
        print(f"jupyter-codegen: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the output went to `head` or a closed pager
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
