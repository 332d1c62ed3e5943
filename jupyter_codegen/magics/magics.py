"""The %%codegen / %codegen magics: parse, wire adapters into the engine, show the result."""

from __future__ import annotations

import atexit
import hashlib
import os
import time
from typing import Any

from IPython.core.error import UsageError as IPythonUsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class, no_var_expand
from IPython.display import Markdown, display

from jupyter_codegen import engine
from jupyter_codegen.config import Codegen
from jupyter_codegen.core.decision import AutoPolicy, DeferToUser
from jupyter_codegen.core.precedence import resolve_model
from jupyter_codegen.core.usage import Budget, Meter
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.magics.args import CodegenArgs, help_text, parse_line
from jupyter_codegen.magics.display import Report, fence, generated_source

AUTO_ENV = "JUPYTER_CODEGEN_AUTO"
_PROGRESS_EVERY = 0.5


def _env_flag(name: str) -> bool | None:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return None
    return value in ("1", "true", "yes", "on")


@magics_class
class CodegenMagics(Magics):
    """Routes %%codegen cells to the engine; holds the per-kernel sandbox."""

    def __init__(self, shell: Any) -> None:
        super().__init__(shell)
        self.settings = Codegen(parent=shell)
        self.cell_id: str | None = None
        self._sandbox: Any = None
        self._offered: set[str] = set()
        atexit.register(self.close)

    def remember_cell(self, info: Any) -> None:
        """pre_run_cell hook: note which cell is running, so re-runs can be recognised."""
        self.cell_id = getattr(info, "cell_id", None)

    def close(self) -> None:
        """Shut the sandbox kernel down."""
        if self._sandbox is not None:
            self._sandbox.shutdown()
            self._sandbox = None

    def _sandbox_for(self, timeout: float) -> Any:
        from jupyter_codegen.kernel.sandbox import KernelSandbox

        if self._sandbox is None:
            sandbox = KernelSandbox(timeout=timeout)
            sandbox.start()
            self._sandbox = sandbox
        self._sandbox.timeout = timeout
        return self._sandbox

    @no_var_expand
    @line_cell_magic
    def codegen(self, line: str, cell: str | None = None) -> Any:
        """Generate code for the task in the cell body; `%codegen --help` for options."""
        try:
            if cell is None:
                return self._line(line)
            args = parse_line(line)
            if args.help:
                return Markdown(f"```text\n{help_text()}\n```")
            if not cell.strip():
                raise CodegenError(
                    "the cell has no task: write what the code should do below %%codegen"
                )
            return self._run(args, cell)
        except CodegenError as exc:
            raise IPythonUsageError(f"%%codegen: {exc}") from None

    def _line(self, line: str) -> Any:
        words = line.split()
        if not words or words[0] in ("-h", "--help", "help"):
            return Markdown(f"```text\n{help_text()}\n```")
        if words[0] == "config":
            request = self._request(parse_line(" ".join(words[1:])), "")
            return Markdown(
                f"- model: `{request.model}` (from {request.model_source})\n"
                f"- auto: {request.auto}\n- max_iters: {request.max_iters}\n"
                f"- timeout: {request.timeout}s\n- budget: {request.budget.describe()}"
            )
        raise CodegenError(
            f"unknown %codegen command {line!r}; the task goes in a %%codegen cell body"
        )

    def _request(self, args: CodegenArgs, task: str) -> engine.Request:
        s = self.settings
        choice = resolve_model(args.model, dict(os.environ), s.model)
        auto = args.auto if args.auto is not None else _env_flag(AUTO_ENV)
        return engine.Request(
            task=task,
            model=choice.value,
            model_source=choice.source,
            auto=bool(s.auto if auto is None else auto),
            clarify=args.clarify,
            single=args.single,
            max_iters=s.max_iters if args.max_iters is None else args.max_iters,
            timeout=s.timeout if args.timeout is None else args.timeout,
            budget=args.budget or (Budget.parse(s.budget) if s.budget else Budget()),
        )

    def _run(self, args: CodegenArgs, cell: str) -> None:
        from jupyter_codegen.llm.gateway import Gateway

        request = self._request(args, cell)
        key = self.cell_id or hashlib.sha256(cell.encode()).hexdigest()[:16]
        progress = display(Markdown(f"⏳ `{request.model}` is writing code…"), display_id=True)
        streamed: list[str] = []
        last = [0.0]

        def on_token(text: str) -> None:
            streamed.append(text)
            now = time.monotonic()
            if now - last[0] >= _PROGRESS_EVERY:
                last[0] = now
                tail = fence("".join(streamed)[-600:])
                progress.update(Markdown(f"⏳ `{request.model}` is writing code…\n\n{tail}"))

        gateway = Gateway(meter=Meter(budget=request.budget))
        approver = AutoPolicy() if request.auto else DeferToUser()
        try:
            outcome = engine.run(
                request,
                gateway.client(request.model),
                self._sandbox_for(request.timeout),
                approver,
                on_token=on_token,
            )
        except CodegenError as exc:
            progress.update(Markdown(f"**%%codegen stopped:** {exc}"))
            raise
        promoted = self._deliver(outcome, key)
        progress.update(Report(outcome, self.cell_id, promoted))
        if request.auto and outcome.decision.action != "approve":
            raise CodegenError(
                f"the --auto policy did not approve the code: {outcome.decision.comment}"
            )
        if promoted is False and outcome.decision.action == "approve":
            raise CodegenError(
                "the approved code raised an error when run in this kernel (see above)"
            )

    def _deliver(self, outcome: engine.Outcome, key: str) -> bool | None:
        """Promote approved code into this kernel, or offer deferred code as a new cell."""
        source = generated_source(outcome)
        if source is None:
            return None
        shell = self.shell
        assert shell is not None, "magics are always registered with a shell"
        if outcome.decision.action == "approve":
            result = shell.run_cell(source, store_history=False)
            return bool(result.success)
        if outcome.decision.action == "defer":
            # Without the JupyterLab extension the kernel cannot edit an existing cell, so a
            # re-run must not stack another copy below: offer once per cell and kernel.
            if key not in self._offered:
                self._offered.add(key)
                shell.set_next_input(source, replace=False)
            else:
                outcome.notes.append(
                    "The code from an earlier run of this cell was already offered below; "
                    "the new code is shown above: paste it over that cell."
                )
        return False
