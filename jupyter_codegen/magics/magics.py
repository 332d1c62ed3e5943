"""The %%codegen / %codegen magics: parse, wire adapters into a session, show the result."""

from __future__ import annotations

import atexit
import builtins
import getpass
import hashlib
import os
import shlex
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from IPython.core.error import UsageError as IPythonUsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class, no_var_expand
from IPython.display import display

from jupyter_codegen.audit import journal, replay
from jupyter_codegen.audit.journal import Journal
from jupyter_codegen.audit.replay import Cassette
from jupyter_codegen.config import Codegen
from jupyter_codegen.core.checks import Check
from jupyter_codegen.core.decision import GATES, Approver, AutoPolicy, Decision, PartlyAuto
from jupyter_codegen.core.events import Event
from jupyter_codegen.core.graph import to_text
from jupyter_codegen.core.precedence import resolve_model
from jupyter_codegen.core.redact import SECRET_FIELD, Redactor
from jupyter_codegen.core.spec_tests import checks_from_source, user_checks
from jupyter_codegen.core.usage import Budget, Meter
from jupyter_codegen.development.seed import seed_for
from jupyter_codegen.engine import Accepted, Request, Session, drive
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.intake.context import summarize
from jupyter_codegen.intake.retrieval import installed_modules
from jupyter_codegen.magics.args import CodegenArgs, help_text, parse_line
from jupyter_codegen.magics.bridge import Bridge
from jupyter_codegen.magics.display import PlanGraph, Report, Text, fence, status
from jupyter_codegen.magics.gates import gate_prompt, verb_for
from jupyter_codegen.magics.images import image_url
from jupyter_codegen.magics.live import Live, graph_widget
from jupyter_codegen.magics.panels import PanelController
from jupyter_codegen.magics.plan_args import PLAN_HELP, parse_plan_edit
from jupyter_codegen.magics.prompter import TextPrompter
from jupyter_codegen.orchestration.registry import Registry, load_registry
from jupyter_codegen.validation.gate import install_command, refresh_modules, scanner
from jupyter_codegen.validation.phase import top_level_names

AUTO_ENV = "JUPYTER_CODEGEN_AUTO"
RISKY_ENV = "JUPYTER_CODEGEN_ALLOW_RISKY"


def _env_flag(name: str) -> bool | None:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return None
    return value in ("1", "true", "yes", "on")


def _actor() -> str:
    """Who is deciding: the OS user name."""
    try:
        return getpass.getuser()
    except Exception:
        return "notebook-user"


@magics_class
class CodegenMagics(Magics):
    """Routes %%codegen cells and %codegen commands; holds the sandbox and the last session."""

    def __init__(self, shell: Any) -> None:
        super().__init__(shell)
        self.settings = Codegen(parent=shell)
        self.cell_id: str | None = None
        self.session: Session | None = None
        self._approver: Approver | None = None
        self._key = ""
        self._sandbox: Any = None
        self._promoted: set[str] = set()  # tasks whose code already ran in this kernel
        self._shown: dict[str, int] = {}  # per session: trail entries already in an output
        self._live: Live | None = None  # the current session's report display
        self._showing: Live | None = None  # the displays of the command running now
        self.panels = PanelController(lambda: self.session, self._apply, self._who)
        self._run_all = False
        self._origin: str | None = None  # the %%codegen cell of the current session
        self._offered: dict[str, list[str]] = {}  # per session: approved hashes sent as cells
        self.bridge = Bridge(getattr(shell, "kernel", None))
        atexit.register(self.close)

    def remember_cell(self, info: Any) -> None:
        """pre_run_cell hook: note which cell is running, so re-runs can be recognised."""
        self.cell_id = getattr(info, "cell_id", None)

    def close(self) -> None:
        """Shut the sandbox kernel down."""
        self.bridge.close()
        if self._sandbox is not None:
            self._sandbox.shutdown()
            self._sandbox = None

    def _limits(self, timeout: float) -> Any:
        from jupyter_codegen.kernel.limits import Limits

        s = self.settings
        return Limits(
            wall_seconds=timeout,
            cpu_seconds=s.cpu_seconds,
            memory_mb=s.memory_mb,
            file_size_mb=s.file_size_mb,
            processes=s.processes,
            output_chars=s.output_chars,
            network=s.network,
        )

    def _sandbox_for(self, timeout: float) -> Any:
        """This kernel's sandbox: the warm spare at first, kept for later runs."""
        from jupyter_codegen.kernel import pool

        limits = self._limits(timeout)
        if self._sandbox is not None and not self._sandbox.alive():
            self.close()
        if self._sandbox is not None and self._sandbox.limits != limits:
            if pool.same_kernel(self._sandbox.limits, limits):
                self._sandbox.limits = limits
            else:
                self.close()
        if self._sandbox is None:
            self._sandbox = pool.acquire(limits)
        return self._sandbox

    @no_var_expand
    @line_cell_magic
    def codegen(self, line: str, cell: str | None = None) -> Any:
        """Generate code for the task in the cell body; `%codegen --help` for options."""
        try:
            if cell is None:
                return self._line(line)
            if line.split()[:1] == ["edit"]:
                return self._decide("edit", [], code=cell)
            args = parse_line(line)
            if args.help:
                return Text(f"```text\n{help_text()}\n```")
            if not cell.strip():
                raise CodegenError(
                    "the cell has no task: write what the code should do below %%codegen"
                )
            return self._start(args, cell)
        except CodegenError as exc:
            raise IPythonUsageError(f"%%codegen: {exc}") from None

    # -- line commands -----------------------------------------------------------------------

    def _line(self, line: str) -> Any:
        try:
            words = shlex.split(line)
        except ValueError as exc:
            raise CodegenError(f"cannot split the line ({exc})") from None
        if not words or words[0] in ("-h", "--help", "help"):
            return Text(f"```text\n{help_text()}\n```")
        command, rest = words[0], words[1:]
        if command == "config":
            request = self._request(parse_line(shlex.join(rest)), "")
            registry = self._registry()
            profiles = "\n".join(
                f"  - `{p.name}`: {p.role}; model `{p.model_for(request.model)}`"
                + (f", temperature {p.temperature}" if p.temperature is not None else "")
                for p in registry.profiles.values()
            )
            return Text(
                f"- model: `{request.model}` (from {request.model_source})\n"
                f"- auto: {request.auto}\n- max_iters: {request.max_iters}\n"
                f"- timeout: {request.timeout}s\n- budget: {request.budget.describe()}\n"
                f"- validate: {request.validate}; design tests: {request.design_tests}; "
                f"review: {request.review}; allow risky: {request.allow_risky}\n"
                f"- profiles:\n{profiles}\n- complexity → profile: "
                + ", ".join(f"{k} → `{v}`" for k, v in registry.by_complexity.items())
            )
        if command == "plan":
            return self._plan_command(rest)
        if command == "run":
            return self._resume()
        if command in (
            "next",
            "approve",
            "run-all",
            "regenerate",
            "reject",
            "skip",
            "feedback",
            "concern",
        ):
            return self._decide(command, rest)
        if command == "install":
            return self._install(rest)
        if command == "snapshots":
            session = self._current()
            rows = [
                f"- `{snap.id}`: {', '.join(t for t, _ in snap.cells) or 'nothing accepted yet'}"
                for snap in session.snapshots
            ]
            return Text("\n".join(rows) or "No snapshots yet: a plan has to be approved first.")
        if command == "rollback":
            session = self._current()
            if len(rest) > 1:
                raise CodegenError("usage: %codegen rollback [SNAPSHOT]   (see %codegen snapshots)")
            snap = session.rollback(rest[0] if rest else None)
            # Tasks after the snapshot will be developed again and their new code promoted.
            self._promoted &= {task for task, _ in snap.cells}
            self._offer(session, [])
            assert session.plan is not None
            display(
                Text(
                    f"Rolled back to `{snap.id}`: the accepted code, the plan and the sandbox are as they "
                    "were then (code already run in this kernel stays). `%codegen run` continues."
                )
            )
            return PlanGraph(session.plan, graph_widget())
        raise CodegenError(
            f"unknown %codegen command {line!r}; the task goes in a %%codegen cell body"
        )

    def _current(self) -> Session:
        if self.session is None:
            raise CodegenError("no session yet: run a %%codegen cell first")
        return self.session

    def _plan_command(self, words: list[str]) -> Any:
        if words and words[0] in ("-h", "--help", "help"):
            return Text(fence(PLAN_HELP, "text"))
        session = self._current()
        if words:
            if session.done:
                raise CodegenError(
                    "that session has finished; re-run its %%codegen cell to plan again"
                )
            session.edit(parse_plan_edit(words), self._who())
        if session.plan is None:
            raise CodegenError("the session has no plan yet")
        return PlanGraph(session.plan, graph_widget())

    def _resume(self) -> None:
        session = self._current()
        if session.done:
            raise CodegenError(
                "the last session has finished; re-run its %%codegen cell to start again"
            )
        assert self._approver is not None
        self._continue(
            session,
            self._approver,
            Live(session.request.model, graph=not session.request.single),
            self._stops(session),
        )

    # -- a run -----------------------------------------------------------------------------

    def _registry(self) -> Registry:
        s = self.settings
        return load_registry(
            Path.cwd(), {"profiles": dict(s.profiles), "complexity": dict(s.complexity)}
        )

    def _checks(self, args: CodegenArgs, task: str) -> tuple[Check, ...]:
        """The person's tests: in the task cell, and in the cells named by --tests."""
        found = user_checks(task)
        history = list(self.shell.user_ns.get("In", [])) if self.shell is not None else []
        for number in args.tests:
            if number >= len(history) or not history[number].strip():
                raise CodegenError(
                    f"--tests {number}: there is no cell In[{number}] in this kernel's history "
                    f"(cells run so far: 1-{len(history) - 1})"
                )
            source = history[number]
            cell_checks = checks_from_source(source)
            if not cell_checks:
                raise CodegenError(
                    f"--tests {number}: In[{number}] holds no asserts, def test_* functions "
                    "or doctest examples"
                )
            found += cell_checks
        return tuple(found)

    def _request(self, args: CodegenArgs, task: str) -> Request:
        s = self.settings
        choice = resolve_model(args.model, dict(os.environ), s.model)
        auto = args.auto if args.auto is not None else _env_flag(AUTO_ENV)
        if args.probe and not args.clarify:
            raise CodegenError("--probe is part of the clarity check: drop --no-clarify to use it")
        risky = bool(args.allow_risky or _env_flag(RISKY_ENV) or s.allow_risky)
        return Request(
            task=task,
            model=choice.value,
            model_source=choice.source,
            auto=bool(s.auto if auto is None else auto),
            auto_gates=args.auto_gates,
            clarify=args.clarify,
            probe=args.probe,
            images=tuple(image_url(Path(p)) for p in args.image),
            single=args.single,
            max_iters=s.max_iters if args.max_iters is None else args.max_iters,
            timeout=s.timeout if args.timeout is None else args.timeout,
            budget=args.budget or (Budget.parse(s.budget) if s.budget else Budget()),
            allow_risky=risky,
            design_tests=s.design_tests if args.design_tests is None else args.design_tests,
            review=s.review if args.review is None else args.review,
            validate=args.validate,
            checks=self._checks(args, task) if task else (),
        )

    def _context(self) -> str:
        """The notebook's names, imports and earlier cells, within the configured budget."""
        shell = self.shell
        assert shell is not None
        if self.settings.context_tokens == 0:
            return ""
        cells = list(shell.user_ns.get("In", []))[1:-1]  # the last entry is the running cell
        return summarize(shell.user_ns, shell.user_ns_hidden, cells, self.settings.context_tokens)

    def _seed(self, code: str) -> str:
        """Setup code giving the sandbox the user's objects that `code` refers to."""
        shell = self.shell
        assert shell is not None
        # The session's own approved code made some of these names: those are not seeded.
        own = (
            set().union(*(top_level_names(a.code) for a in self.session.accepted))
            if self.session
            else set()
        )
        names = {k: v for k, v in shell.user_ns.items() if k not in own}
        return seed_for(code, names, set(shell.user_ns_hidden)).code

    def _cassette(self, args: CodegenArgs, cell: str) -> Cassette | None:
        """This cell's recording, when it is to be replayed."""
        source = args.replay or os.environ.get(replay.ENV, "")
        if args.replay is None and not source:
            return None
        if not source:
            source = os.environ.get("JPY_SESSION_NAME", "")
            if not source.endswith(".ipynb"):
                raise CodegenError(
                    "--replay needs the recording: give the notebook or cassette file "
                    "(--replay path/to.ipynb); this kernel does not know its notebook's path"
                )
        found = replay.pick(replay.load(Path(source)), cell, self.cell_id)
        found.source = f" in {source}"
        return found

    def _start(self, args: CodegenArgs, cell: str) -> None:
        from jupyter_codegen.llm.gateway import Gateway, accepts_images, register_prices

        request = self._request(args, cell)
        cassette = self._cassette(args, cell)
        if cassette is not None:
            request = replace(request, model=cassette.model, model_source="replay")
        registry = self._registry()
        if request.images:
            models = {p.model_for(request.model) for p in registry.profiles.values()}
            refusing = sorted(m for m in models if not accepts_images(m))
            if refusing:
                raise CodegenError(
                    f"--image needs models that accept images, and {', '.join(refusing)} do(es) not "
                    "(per litellm's model data). Use a vision model such as openai/gpt-4o or "
                    "anthropic/claude-3-5-sonnet-latest for every profile, or drop --image."
                )
        live = Live(request.model, graph=not request.single)
        sandbox = self._sandbox_for(request.timeout)
        if cassette is not None:
            clients: Any = lambda profile: cassette.client(profile.name)  # noqa: E731
        else:
            register_prices(self.settings.prices)
            gateway = Gateway(meter=Meter(budget=request.budget))
            clients = lambda profile: gateway.client(  # noqa: E731
                profile.model_for(request.model), **profile.params()
            )
        session_id = uuid.uuid4().hex[:12]
        redactor = self._redactor()
        live.mask = redactor.text
        journal.prune()
        record = Journal(
            session_id,
            {
                "task": redactor.text(cell),
                "cell_id": self.cell_id,
                "notebook": os.environ.get("JPY_SESSION_NAME", ""),
                "model": request.model,
                "started": time.time(),
            },
        )
        session = Session(
            request,
            clients,
            sandbox,
            session_id=session_id,
            redactor=redactor,
            journal=record,
            registry=registry,
            context=self._context(),
            seed=self._seed,
            installed=installed_modules() if self.settings.retrieval else None,
            scan=scanner(),
            fresh=lambda: self._fresh(request.timeout),
            # Progress goes to the displays of the command now running (`%codegen run`,
            # `next`...), so an earlier cell's report is never overwritten by a later call.
            on_event=lambda event: self._progress(session, event),
            on_token=lambda text: self._progress(session, text),
        )
        session.notes.extend(sandbox.notes)  # limits this machine cannot enforce
        self.session = session
        self._key = self.cell_id or hashlib.sha256(cell.encode()).hexdigest()[:16]
        person = TextPrompter(
            ask=lambda prompt: builtins.input(prompt),
            show=print,
            edit=lambda words: session.edit(parse_plan_edit(words), self._who()),
            actor=self._who(),
        )
        self._approver = (
            AutoPolicy()
            if request.auto
            else PartlyAuto(request.auto_gates, AutoPolicy(), person)
            if request.auto_gates
            else person
        )
        self._promoted, self._run_all = set(), False
        self._origin = self.cell_id
        self.panels.retire()
        self._live = self._showing = live
        self._continue(
            session, self._approver, live, ("plan",) * args.plan_only + self._stops(session)
        )

    def _progress(self, session: Session, what: Event | str) -> None:
        """An event or streamed text, to the displays of the command running now."""
        if self._showing is None:
            return
        if isinstance(what, str):
            self._showing.on_token(what)
        else:
            self._showing.on_event(session, what)

    def _who(self) -> str:
        """Who the trail says acted: c.Codegen.actor, else the OS user."""
        return self.settings.actor or _actor()

    def _redactor(self) -> Redactor:
        """Masks the environment's secrets and string variables named like credentials."""
        shell = self.shell
        assert shell is not None
        named = [
            value
            for name, value in shell.user_ns.items()
            if isinstance(value, str) and SECRET_FIELD.search(name)
        ]
        return Redactor.from_environment(os.environ, named)

    def _fresh(self, timeout: float) -> Any:
        """A new sandbox kernel for the system test (the warm spare when there is one)."""
        from jupyter_codegen.kernel import pool

        return pool.acquire(self._limits(timeout))

    def _stops(self, session: Session) -> tuple[str, ...]:
        """Interactive sessions pause at tests, step and sign-off gates (every gate, with
        panels); --auto walks to the end. `run-all` approves what passes, but the sign-off
        stays the person's."""
        if session.request.auto:
            return ()
        if self._run_all:
            stops: tuple[str, ...] = ("signoff",)
        elif self._widgets():
            # A --single "plan" is the task itself: like the text prompts, no panel asks for it.
            stops = tuple(g for g in GATES if g != "plan" or not session.request.single)
        else:
            stops = ("tests", "step", "signoff")
        return tuple(g for g in stops if g not in session.request.auto_gates)

    def _widgets(self) -> bool:
        return self.panels.wanted(self.shell, self.settings.widgets)

    def _apply(self, session: Session, op: Any) -> None:
        """A panel click's operation, applied as the matching %codegen command would be."""
        if op.edit is not None:
            session.edit(op.edit, self._who())
            self.panels.show(session, session.advance(), self._live)
            return
        if op.rollback is not None:
            snap = session.rollback(op.rollback or None)
            self._promoted &= {task for task, _ in snap.cells}
            self._offer(session, [])
        else:
            assert op.decision is not None
            session.resolve(op.decision)
        assert self._approver is not None and self._live is not None
        self._continue(session, self._approver, self._live, self._stops(session))

    def _continue(
        self, session: Session, approver: Approver, live: Live, stop_at: tuple[str, ...]
    ) -> None:
        # This output carries the trail from where the session's last shown record ended
        # (a panel keeps updating its session's first report, which keeps its start).
        self._showing = live
        if live.since is None:
            live.since = self._shown.get(session.id, 0)
        since = live.since

        def show(promoted: dict[str, bool], text: str | None = None) -> None:
            live.report.update(Report(session, self.cell_id, promoted, since, text))
            self._shown[session.id] = len(session.trail.entries)

        try:
            gate = drive(session, approver, stop_at=stop_at)
        except CodegenError as exc:
            show({}, f"**%%codegen stopped:** {exc}")
            raise
        promoted = self._deliver(session)
        if self._widgets() and not session.request.auto:
            show(promoted)
            self.panels.show(session, gate, live)
            return
        if gate is not None and gate.kind == "plan":
            assert session.plan is not None
            if live.graph is not None:
                live.graph.update(PlanGraph(session.plan, live.widget))
            show(
                promoted,
                "The plan is ready and waiting for you:\n\n"
                + fence(to_text(session.plan))
                + "\n\nEdit it with `%codegen plan ...` (`%codegen plan --help`), then `%codegen run`.",
            )
            return
        show(promoted)
        if gate is not None:  # a gate waits for the person
            display(Text(gate_prompt(gate)))
            return
        if session.request.auto and status(session) != "passed":
            blocked = [t for t, step in session.results.items() if step.status == "blocked"]
            why = f": {session.stopped}" if session.stopped else ""
            if blocked and not why:
                why = (
                    f": refused to run code with high-severity findings in {', '.join(blocked)}; "
                    "--allow-risky runs such code in the sandbox"
                )
            raise CodegenError(
                f"the --auto policy did not approve every task ({status(session)}{why}); see the report above"
            )
        failed = [task for task, ok in promoted.items() if not ok]
        if failed:
            raise CodegenError(
                f"approved code for {', '.join(failed)} raised an error when run in this kernel (see above)"
            )

    def _deliver(self, session: Session) -> dict[str, bool]:
        """Run newly approved code in this kernel, in order, and offer it as cells."""
        from jupyter_codegen.magics.display import header_comment

        shell = self.shell
        assert shell is not None, "magics are always registered with a shell"
        promoted: dict[str, bool] = {}
        fresh = [a for a in session.accepted if a.task_id not in self._promoted]
        for accepted in fresh:
            source = header_comment(session, accepted) + accepted.code
            promoted[accepted.task_id] = bool(shell.run_cell(source, store_history=False).success)
            self._promoted.add(accepted.task_id)
        self._offer(session, fresh)
        return promoted

    def _offer(self, session: Session, fresh: list[Accepted]) -> None:
        """Put approved code in the notebook as cells below the %%codegen cell: through the
        JupyterLab extension when it is connected (it also replaces and removes cells),
        else as one new cell with set_next_input."""
        from jupyter_codegen.magics.display import generated_cells, header_comment

        cells = generated_cells(session, self._origin)
        hashes = [c["metadata"]["approved_sha256"] for c in cells]
        if self.bridge.connected:
            if self._offered.get(session.id) != hashes:
                self.bridge.send_cells(self._origin, session.id, cells)
                self._offered[session.id] = hashes
            return
        if fresh and not session.request.auto and not self.panels.handling:
            # Without the extension, a click has no executing cell to put a new cell after:
            # there the report and the trail hold the code.
            assert self.shell is not None
            self.shell.set_next_input(
                "\n\n".join(header_comment(session, a) + a.code for a in fresh), replace=False
            )

    # -- step-through ------------------------------------------------------------------------

    def _install(self, words: list[str]) -> Any:
        """Install a package, as the person's explicit decision, and record the exact command."""
        import subprocess

        if len(words) != 1:
            raise CodegenError("usage: %codegen install PACKAGE   (one package, e.g. polars)")
        command = install_command(words[0])
        display(Text(f"Running `{shlex.join(command)}` …"))
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        refresh_modules()
        if self.session is not None:
            self.session.scan = scanner()
            self.session.emit(
                "install",
                command=command,
                actor=self._who(),
                returncode=done.returncode,
            )
        output = (done.stdout + done.stderr).strip()[-3000:]
        if done.returncode != 0:
            raise CodegenError(f"`{shlex.join(command)}` failed:\n{output}")
        return Text(
            f"Installed with `{shlex.join(command)}` (recorded in the session's events).\n\n"
            + fence(output[-1500:])
            + "\n\n`%codegen regenerate` or `%codegen approve` continues."
        )

    def _decide(self, action: str, rest: list[str], code: str = "") -> None:
        """Answer the waiting gate with the person's decision, then go on to the next one."""
        session = self._current()
        gate = session.advance() if not session.done else None
        if gate is None:
            raise CodegenError("nothing is waiting for a decision: the session has finished")
        verb = verb_for(gate, action, rest)
        if action == "run-all":
            self._run_all = True
        text = " ".join(rest)
        session.resolve(
            Decision(
                verb,
                self.settings.actor or _actor(),
                text,
                code=code,
                feedback=(text,) if action == "feedback" else (),
                concerns=tuple(rest) if action == "concern" else (),
            )
        )
        assert self._approver is not None
        approver = AutoPolicy() if self._run_all else self._approver
        self._continue(
            session, approver, Live(session.request.model, graph=False), self._stops(session)
        )
