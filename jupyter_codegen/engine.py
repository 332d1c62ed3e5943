"""The engine: a session walks a task through clarify, plan and develop, pausing at gates.

Every front-end drives it the same way: `advance()` runs until a gate needs a decision,
`resolve()` answers it, `edit()` changes the plan. `drive()` loops with an approver.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Literal

from jupyter_codegen.accounting import ProfileClient, UsageByProfile
from jupyter_codegen.core import plan_ops
from jupyter_codegen.core.checks import Check, parse_tests
from jupyter_codegen.core.decision import Approver, Decision, Gate
from jupyter_codegen.core.events import Event, Listener, ignore
from jupyter_codegen.core.findings import Finding
from jupyter_codegen.core.plan import Plan, Task, single
from jupyter_codegen.core.ports import Message, ModelClient, Sandbox, TokenSink
from jupyter_codegen.core.redact import Redactor
from jupyter_codegen.core.reply import Reply
from jupyter_codegen.core.snapshot import Snapshot
from jupyter_codegen.core.spec import ClarityReport, Spec, clarified
from jupyter_codegen.core.step import Attempt, StepResult
from jupyter_codegen.core.trail import Trail, digest
from jupyter_codegen.core.usage import Usage
from jupyter_codegen.development.agent import code_diff, develop, restore, run_checked
from jupyter_codegen.development.prompts import definitions
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.intake import clarify, probe, retrieval
from jupyter_codegen.orchestration import planner
from jupyter_codegen.orchestration.registry import Profile, Registry, default_registry
from jupyter_codegen.request import Accepted, Request
from jupyter_codegen.validation import designer
from jupyter_codegen.validation.phase import Inputs, validate
from jupyter_codegen.validation.report import Validation

ClientFactory = Callable[[Profile], ModelClient]
Scan = Callable[[str], Sequence[Finding]]
__all__ = ["Accepted", "ClientFactory", "Request", "Session", "drive"]


def _now(timespec: str = "seconds") -> str:
    """The time now in UTC, ISO 8601."""
    return datetime.now(timezone.utc).isoformat(timespec=timespec)


class Session:
    """One %%codegen run: its spec, plan, results and events."""

    def __init__(
        self,
        request: Request,
        clients: ClientFactory,
        sandbox: Sandbox,
        *,
        registry: Registry | None = None,
        context: str = "",
        seed: Callable[[str], str] | None = None,
        installed: set[str] | None = None,
        scan: Scan | None = None,
        fresh: Callable[[], Sandbox] | None = None,
        redactor: Redactor | None = None,
        journal: Callable[[dict[str, Any], dict[str, Any]], None] | None = None,
        session_id: str | None = None,
        on_event: Listener = ignore,
        on_token: TokenSink | None = None,
    ) -> None:
        self.id = session_id or uuid.uuid4().hex[:12]
        self.request = request
        self.redactor = redactor or Redactor()
        self.trail = Trail()  # the tamper-evident record of everything below
        self.journal = journal  # (entry, new blobs) -> disk, as it happens
        self.purpose = "clarify"  # what model calls are for right now, for the trail
        self.scan = scan  # the security and import gate; None runs code unscanned
        self.fresh = fresh  # a new sandbox kernel for the system test; None resets `sandbox`
        self.seed = seed
        self.installed = installed  # top-level modules for API retrieval; None turns it off
        self.registry = registry or default_registry()
        self.clients = clients
        self.sandbox = sandbox
        self.context = context
        self.on_event = on_event
        self.on_token = on_token
        self.spec = Spec(request.task)
        self.report: ClarityReport | None = None
        self.plan: Plan | None = None
        self.phase = "clarify" if request.clarify else "plan"
        self.results: dict[str, StepResult] = {}
        self.accepted: list[Accepted] = []
        self.events: list[Event] = []
        self.notes: list[str] = []
        self.usage = UsageByProfile()
        self.snapshots: list[Snapshot] = []
        self.feedback: dict[str, list[str]] = {}  # reviewer feedback per task, for regeneration
        self.stopped = ""  # why the session ended early, if it did
        self.checks: dict[str, list[Check]] = {}  # approved generated tests per task
        self.designed: set[str] = set()  # tasks whose tests were designed (or declined)
        self.risk_ok: set[str] = set()  # tasks whose risky code a person allowed to run
        self.validation: Validation | None = None
        self.signed_off = False
        self.started = time.monotonic()
        self._gate: Gate | None = None

    # -- recording -------------------------------------------------------------------------

    def emit(self, kind: str, **data: Any) -> None:
        """Record an event (secrets masked) in the chained trail and pass it on."""
        event = Event(kind, data)
        self.events.append(event)
        self._chain(kind, data)
        self.on_event(event)

    def _chain(self, kind: str, data: dict[str, Any], blobs: dict[str, Any] | None = None) -> None:
        at = _now("milliseconds")
        entry = self.trail.append(kind, self.redactor.deep(data), at)
        if self.journal is not None:
            self.journal(entry, blobs or {})

    def _record_call(
        self, profile: str, messages: list[Message], schema: dict[str, Any] | None, reply: Reply
    ) -> None:
        """Put a model call in the trail: prompt messages by hash, the reply in full."""
        new: dict[str, Any] = {}

        def store(value: Any) -> str:
            key = digest(value)
            if key not in self.trail.blobs:
                self.trail.blobs[key] = new[key] = value
            return key

        params = self.registry.get(profile).params() if profile in self.registry.profiles else {}
        data = {
            "purpose": self.purpose,
            "profile": profile,
            "model": reply.model,
            "params": params,
            "messages": [store(self.redactor.deep(m)) for m in messages],
            "schema": store(schema) if schema is not None else None,
            "reply": self.redactor.text(reply.content),
            "prompt_tokens": reply.usage.prompt_tokens,
            "completion_tokens": reply.usage.completion_tokens,
            "cost": reply.usage.cost,
            "latency": round(reply.latency, 3),
        }
        self._chain("llm_call", data, new)

    def _client(self, profile: Profile) -> ModelClient:
        return ProfileClient(
            self.clients(profile),
            profile.name,
            self.usage,
            self.request.images,
            redact=self.redactor.text,
            record=self._record_call,
        )

    @property
    def elapsed(self) -> float:
        """Seconds since the session started."""
        return time.monotonic() - self.started

    @property
    def done(self) -> bool:
        """True once nothing is left to do."""
        return self.phase == "done"

    # -- the state machine -----------------------------------------------------------------

    def advance(self) -> Gate | None:
        """Run until a gate needs a decision and return it; None when the session is over."""
        if self._gate is not None:
            return self._gate
        if self.phase == "clarify":
            self._gate = self._clarify()
            if self._gate is not None:
                return self._gate
            self.phase = "plan"
        if self.phase == "plan":
            self._gate = self._plan()
            return self._gate
        if self.phase == "develop":
            self._gate = self._develop_next()
            return self._gate
        if self.phase == "validate":
            self._gate = self._validate()
            return self._gate
        return None

    def _clarify(self) -> Gate | None:
        self.purpose = "clarify"
        orchestrator = self.registry.get("orchestrator")
        report, reply, note = clarify.check(
            self.request.task, self._client(orchestrator), self.context
        )
        if note:
            self.notes.append(note)
        if reply is not None:
            self.emit(
                "model_call",
                purpose="clarify",
                profile="orchestrator",
                model=reply.model,
                **_usage_data(reply.usage),
            )
        if self.request.probe:
            report = self._probe(report)
        if report is None:
            return None
        self.report = report
        self.emit("clarity", **report.as_dict())
        return Gate("clarify", report=report)

    def _probe(self, report: ClarityReport | None) -> ClarityReport | None:
        """Add the consistency probe's questions to the clarity report."""
        self.purpose = "probe"
        coder = self.registry.get("coder")
        sampling = replace(coder, temperature=0.8)  # independent samples need some randomness
        found = probe.probe(
            self.spec.render(),
            self._client(self.registry.get("orchestrator")),
            lambda k: self._client(sampling),
            self.sandbox,
            timeout=self.request.timeout,
        )
        self.emit(
            "probe",
            calls=found.calls,
            outputs=found.outputs,
            questions=[q.text for q in found.questions],
        )
        if found.note:
            self.notes.append(found.note)
        if not found.questions:
            return report
        base = report or ClarityReport(restated=self.request.task.strip())
        return replace(base, questions=base.questions + tuple(found.questions))

    def _plan(self) -> Gate:
        self.purpose = "plan"
        if self.request.single:
            self.plan = single(self.request.task, self.spec.render())
            self.emit("plan", source="single", plan=self.plan.as_dict())
        else:
            planned = planner.make_plan(
                self.spec.render(),
                self._client(self.registry.get("orchestrator")),
                self.registry,
                self.context,
                self.request.max_tasks,
            )
            for reply in planned.replies:
                self.emit(
                    "model_call",
                    purpose="plan",
                    profile="orchestrator",
                    model=reply.model,
                    **_usage_data(reply.usage),
                )
            self.notes += planned.notes
            self.plan = planned.plan
            self.emit("plan", source=planned.outcome, plan=self.plan.as_dict(), notes=planned.notes)
        return Gate("plan", plan=self.plan)

    def _finish(self) -> None:
        self.phase = "done"
        self.emit("done", accepted=[a.task_id for a in self.accepted])

    def _develop_next(self) -> Gate | None:
        assert self.plan is not None
        ready = self.plan.ready()
        if not ready:
            for task in self.plan.blocked():
                self._set(task.id, "skipped")
                self.notes.append(
                    f"Task {task.id} was skipped: a task it depends on was not accepted."
                )
            if self.request.validate and self.accepted:
                self.phase = "validate"
                return self._validate()
            self._finish()
            return None
        task = ready[0]
        if self.request.design_tests and task.id not in self.designed:
            waiting = [
                t for t in self.plan.tasks if t.status == "pending" and t.id not in self.designed
            ]
            return self._design(waiting)
        self._set(task.id, "running")
        self.purpose = "development"
        profile = self.registry.for_task(task)
        model = profile.model_for(self.request.model)
        prompt = self._task_prompt(task)
        step = develop(
            prompt,
            self._client(profile),
            self.sandbox,
            max_iters=self.request.max_iters,
            context="\n\n".join(
                part for part in (self.context, self._apis(prompt, task.id)) if part
            ),
            prelude=[a.code for a in self.accepted],
            tests=[c.code for c in self.checks_for(task)],
            shown=[c.for_model for c in self.checks_for(task)],
            seed=self.seed,
            timeout=self.request.timeout,
            scan=self.scan,
            allow_risky=self.request.allow_risky or task.id in self.risk_ok,
            on_event=lambda e: self.emit(e.kind, task=task.id, profile=profile.name, **e.data),
            on_token=self.on_token,
        )
        self.results[task.id] = step
        self._set(task.id, "passed" if step.status == "passed" else "failed")
        self.emit(
            "step",
            task=task.id,
            profile=profile.name,
            model=model,
            status=step.status,
            reason=step.stop_reason,
        )
        if step.status == "budget":
            # Nothing more can be asked of a model: keep what was done and end the session.
            self.stopped = step.stop_reason
            self._finish()
            return None
        return Gate("step", plan=self.plan, task=self.plan.get(task.id), step=step)

    # -- tests -------------------------------------------------------------------------------

    def checks_for(self, task: Task) -> list[Check]:
        """Every test the task's code must pass: the plan's, the designed ones, and the
        person's own when this is the last task left (only then is everything defined)."""
        assert self.plan is not None
        checks = [Check("plan", test) for test in task.tests]
        checks += self.checks.get(task.id, [])
        others = [t for t in self.plan.tasks if t.id != task.id and t.status == "pending"]
        if not others:
            checks += self.request.checks
        return checks

    def _design(self, tasks: list[Task], feedback: str = "") -> Gate | None:
        """The test designer writes tests for `tasks` from the spec alone; a person approves."""
        assert self.plan is not None
        self.purpose = "design tests"
        proposed: dict[str, tuple[Check, ...]] = {}
        client = self._client(self.registry.get("tester"))
        for task in tasks:
            designed = designer.design_tests(
                self.spec.render(),
                task.title,
                task.description,
                client,
                examples=self.request.checks,
                feedback=feedback,
            )
            for reply in designed.replies:
                self.emit(
                    "model_call",
                    purpose="design_tests",
                    task=task.id,
                    profile="tester",
                    model=reply.model,
                    **_usage_data(reply.usage),
                )
            self.notes += designed.notes
            proposed[task.id] = tuple(designed.checks)
        self.emit(
            "tests_proposed",
            tests={tid: [c.as_dict() for c in checks] for tid, checks in proposed.items()},
        )
        if not any(proposed.values()):
            self.designed.update(proposed)
            self.notes.append("The test designer proposed no usable tests; developing without.")
            return self._develop_next()
        return Gate("tests", plan=self.plan, tests=proposed)

    def _after_tests(self, gate: Gate, decision: Decision) -> None:
        assert gate.tests is not None and self.plan is not None
        if decision.action == "regenerate":
            tasks = [self.plan.get(tid) for tid in gate.tests]
            self._gate = self._design(tasks, decision.comment.strip() or "Write different tests.")
            return
        chosen: dict[str, list[Check]] = {tid: list(c) for tid, c in gate.tests.items()}
        if decision.action == "edit":
            edited = parse_tests(decision.code)
            unknown = set(edited) - set(chosen)
            if unknown:
                raise CodegenError(
                    f"the edited tests name tasks that were not proposed: {', '.join(sorted(unknown))}"
                )
            chosen = {tid: edited.get(tid, []) for tid in chosen}
        elif decision.action in ("reject", "skip"):
            chosen = {tid: [] for tid in chosen}
        for tid, checks in chosen.items():
            self.checks[tid] = checks
            self.designed.add(tid)
        self.emit(
            "tests_approved",
            action=decision.action,
            tests={tid: [c.as_dict() for c in checks] for tid, checks in chosen.items()},
        )

    # -- validation --------------------------------------------------------------------------

    def validation_tests(self) -> list[tuple[str, Check]]:
        """Every test of the accepted code, by task, then the person's own."""
        assert self.plan is not None
        found: list[tuple[str, Check]] = []
        for accepted in self.accepted:
            task = self.plan.get(accepted.task_id)
            found += [(task.id, Check("plan", t)) for t in task.tests]
            found += [(task.id, c) for c in self.checks.get(task.id, [])]
        found += [("spec", c) for c in self.request.checks]
        return found

    def _validate(self) -> Gate:
        """System test in a fresh kernel, scans, metrics and the reviewer; then sign-off."""
        assert self.plan is not None
        inputs = Inputs(
            self.spec.render(),
            list(self.accepted),
            self.validation_tests(),
            seed=self.seed,
            scan=self.scan,
            timeout=self.request.timeout,
        )
        if self.fresh is None:
            self.sandbox.reset()
            inputs.notes.append("The system test ran in the reset development kernel.")
        sandbox = self.fresh() if self.fresh is not None else self.sandbox
        self.purpose = "review"
        reviewer = self._client(self.registry.get("reviewer")) if self.request.review else None
        try:
            report, replies = validate(
                inputs, sandbox, reviewer, measure_coverage=self.fresh is not None
            )
        finally:
            if self.fresh is not None:
                getattr(sandbox, "shutdown", lambda: None)()
        for reply in replies:
            self.emit(
                "model_call",
                purpose="review",
                profile="reviewer",
                model=reply.model,
                **_usage_data(reply.usage),
            )
        total = self.usage.total()
        report.usage = {
            "prompt_tokens": total.prompt_tokens,
            "completion_tokens": total.completion_tokens,
            "cost": total.cost,
        }
        self.validation = report
        self.emit("validation", **report.as_dict())
        return Gate("signoff", plan=self.plan, verdict=report)

    def _after_signoff(self, decision: Decision) -> None:
        assert self.validation is not None and self.plan is not None
        if decision.action == "approve":
            self.signed_off = True
            self.emit("signoff", accepted=True, actor=decision.actor, comment=decision.comment)
            self._finish()
            return
        new = [("Feedback: " + _short(text), text) for text in decision.feedback if text.strip()]
        new += [self.validation.concern(cid).as_task() for cid in decision.concerns]
        self.emit(
            "signoff",
            accepted=False,
            actor=decision.actor,
            comment=decision.comment,
            feedback=list(decision.feedback),
            concerns=list(decision.concerns),
        )
        if not new:
            self.stopped = decision.comment or "the result was not signed off"
            self._finish()
            return
        plan = self.plan
        for title, description in new:
            plan = plan_ops.add(plan, title, description, profile=self.registry.assign("normal"))
        self.edit_to(plan, {"op": "feedback", "tasks": [t for t, _ in new]}, decision.actor)
        self.validation, self.phase = None, "develop"

    def _apis(self, text: str, task_id: str) -> str:
        """Real signatures of the libraries the task text mentions, read in the sandbox."""
        if self.installed is None:
            return ""
        apis = retrieval.api_context(text, self.sandbox, self.installed)
        if apis:
            self.emit("retrieval", task=task_id, text=apis)
        return apis

    def _task_prompt(self, task: Task) -> str:
        """The whole-task spec plus this subtask and the code it can build on."""
        assert self.plan is not None
        parts = [self.spec.render()]
        if len(self.plan.tasks) > 1 or task.description != self.spec.render():
            parts.append(f"Your part now: {task.title}\n{task.description}".rstrip())
        for note in self.feedback.get(task.id, []):
            parts.append(f"A reviewer rejected an earlier attempt at this part and said: {note}")
        defined = definitions([a.code for a in self.accepted])
        if defined:
            # Names and signatures, not the code: small models copy code they are shown.
            parts.append(
                "Already defined by earlier parts (call these; never define them again):\n"
                + "\n".join(f"- {d}" for d in defined)
            )
        return "\n\n".join(parts)

    def _set(self, task_id: str, status: Any) -> None:
        assert self.plan is not None
        self.plan = plan_ops.set_status(self.plan, task_id, status)
        self.emit("task_status", task=task_id, status=status)

    def resolve(self, decision: Decision) -> None:
        """Answer the open gate and move on."""
        gate = self._gate
        if gate is None:
            raise CodegenError("there is no pending decision to answer")
        self._gate = None
        self.emit(
            "decision",
            gate=gate.kind,
            task=gate.task.id if gate.task else None,
            action=decision.action,
            actor=decision.actor,
            comment=decision.comment,
            answers=[list(a) for a in decision.answers],
            feedback=list(decision.feedback),
            concerns=list(decision.concerns),
        )
        if gate.kind == "tests":
            self._after_tests(gate, decision)
        elif gate.kind == "signoff":
            self._after_signoff(decision)
        elif gate.kind == "clarify" and decision.action == "edit":
            # The person rewrote the task: check the new text for clarity from the start.
            self.request = replace(self.request, task=decision.code.strip())
            self.spec, self.phase = Spec(self.request.task), "clarify"
        elif gate.kind == "clarify":
            assert gate.report is not None
            self.spec = clarified(self.request.task, gate.report, dict(decision.answers))
            self.phase = "plan"
        elif gate.kind == "plan":
            if decision.action == "reject":
                self.phase, self.stopped = "done", "the plan was rejected"
            else:
                self.phase = "develop"
                self._snapshot()
        else:
            self._after_step(gate, decision)

    def _after_step(self, gate: Gate, decision: Decision) -> None:
        assert gate.task is not None and gate.step is not None and self.plan is not None
        task, step = gate.task, gate.step
        best = step.best
        action = decision.action
        if action == "approve" and step.status == "blocked":
            self._run_risky(task, step, decision)
            return
        if action == "edit":
            self._accept_edit(task, best.code if best else None, decision)
        elif action in ("approve", "defer") and best is not None and best.code:
            self.accepted.append(
                Accepted(
                    task.id, task.title, best.code, action, decision.actor, _now(), best.number
                )
            )
            self._set(task.id, "approved")
            self._snapshot()
        elif action == "skip":
            self._set(task.id, "skipped")
        elif action == "regenerate":
            note = decision.comment.strip() or "Try a different approach."
            self.feedback.setdefault(task.id, []).append(note)
            self._set(task.id, "pending")
        else:
            self._set(task.id, "rejected")
            if step.status == "failed" and not task.id.endswith("-fix"):
                self._spawn_fix(task, step, decision.comment)
        if self.stopped:
            self.phase = "done"

    def _run_risky(self, task: Task, step: StepResult, decision: Decision) -> None:
        """A person allowed blocked code to run: run it in the sandbox and ask again."""
        blocked = step.attempts[-1]
        assert blocked.code is not None
        setup = self.seed(blocked.code) if self.seed else ""
        prelude = [a.code for a in self.accepted] + ([setup] if setup else [])
        checks = self.checks_for(task)
        execution, results = run_checked(
            blocked.code, self.sandbox, prelude, [c.code for c in checks], self.request.timeout
        )
        ran = Attempt(
            blocked.number,
            blocked.reply,
            blocked.code,
            execution,
            None if execution.ok else execution.feedback(300),
            tuple(results),
            blocked.findings,
        )
        status: Literal["passed", "failed"] = "passed" if ran.passed else "failed"
        why = "" if ran.passed else f"allowed to run, then: {ran.problem or 'a check failed'}"
        result = StepResult([*step.attempts[:-1], ran], status, why)
        self.risk_ok.add(task.id)
        self.results[task.id] = result
        self.emit(
            "risk_approved",
            task=task.id,
            actor=decision.actor,
            findings=[f.as_dict() for f in blocked.findings],
            status=execution.status,
        )
        self._set(task.id, status)
        self._gate = Gate("step", plan=self.plan, task=task, step=result)

    def _accept_edit(self, task: Task, before: str | None, decision: Decision) -> None:
        """The person's own code replaces the proposal; it is run and checked for the record."""
        code = decision.code if decision.code.endswith("\n") else decision.code + "\n"
        execution, checks = run_checked(
            code, self.sandbox, [a.code for a in self.accepted], task.tests, self.request.timeout
        )
        self.emit(
            "edit",
            task=task.id,
            before=before,
            after=code,
            diff=code_diff(before, code),
            status=execution.status,
            tests_passed=sum(1 for c in checks if c.passed),
            tests_total=len(checks),
        )
        self.accepted.append(Accepted(task.id, task.title, code, "edit", decision.actor, _now()))
        self._set(task.id, "approved")
        self._snapshot()

    # -- snapshots ---------------------------------------------------------------------------

    def _snapshot(self) -> Snapshot:
        assert self.plan is not None
        snap = Snapshot(
            f"s{len(self.snapshots)}",
            tuple((a.task_id, a.code) for a in self.accepted),
            self.plan,
            len(self.events),
        )
        self.snapshots.append(snap)
        self.emit(
            "snapshot", id=snap.id, cells=[t for t, _ in snap.cells], hashes=list(snap.hashes)
        )
        return snap

    def rollback(self, snapshot_id: str | None = None) -> Snapshot:
        """Go back to a snapshot (default: the one before the latest): code, plan and sandbox."""
        if not self.snapshots:
            raise CodegenError("there is no snapshot yet: a plan has to be approved first")
        if snapshot_id is None:
            snap = self.snapshots[-2] if len(self.snapshots) > 1 else self.snapshots[0]
        else:
            found = [s for s in self.snapshots if s.id == snapshot_id]
            if not found:
                known = ", ".join(s.id for s in self.snapshots)
                raise CodegenError(f"no snapshot {snapshot_id!r}; snapshots: {known}")
            snap = found[0]
        earlier = {a.task_id: a for a in self.accepted}
        self.accepted = [
            earlier[tid]
            if tid in earlier and earlier[tid].code == code
            else Accepted(tid, snap.plan.get(tid).title, code, "approve")
            for tid, code in snap.cells
        ]
        self.plan = snap.plan
        self.results = {t: r for t, r in self.results.items() if t in snap.plan.ids}
        self._gate = None
        self.phase, self.stopped = "develop", ""
        self.validation, self.signed_off = None, False  # the result changed: validate again
        restore(self.sandbox, [code for _, code in snap.cells], self.request.timeout)
        self.emit("rollback", to=snap.id, rolled_back=[snap.events, len(self.events)])
        return snap

    def _spawn_fix(self, task: Task, step: StepResult, feedback: str) -> None:
        """After repeated failures, a fix-up task on a stronger profile takes the task's place."""
        assert self.plan is not None
        best = step.best
        last = best.problem if best and best.problem else step.stop_reason
        fix_id = f"{task.id}-fix"
        self.checks[fix_id] = list(self.checks.get(task.id, []))
        self.designed.add(fix_id)
        plan = plan_ops.add(
            self.plan,
            f"Fix: {task.title}",
            f"{task.description}\n\nAn earlier attempt failed: {last}\n{feedback}".strip(),
            deps=task.deps,
            tests=task.tests,
            profile=self.registry.assign("hard"),
            complexity="hard",
            task_id=fix_id,
            after=task.id,
        )
        for dependant in plan.dependants(task.id):
            deps = [fix_id if d == task.id else d for d in dependant.deps]
            plan = plan_ops.update(plan, dependant.id, deps=deps)
        self.edit_to(
            plan, {"op": "spawn_fix", "task_id": task.id, "fix_id": fix_id}, actor="engine"
        )

    # -- plan edits ------------------------------------------------------------------------

    def edit(self, edit: dict[str, Any], actor: str = "notebook-user") -> Plan:
        """Apply a plan operation (see core.plan_ops) and record it."""
        if self.plan is None:
            raise CodegenError("there is no plan yet to edit")
        if edit.get("op") == "reassign":
            self.registry.get(str(edit.get("profile")))  # unknown profiles fail here, clearly
        return self.edit_to(plan_ops.apply(self.plan, edit), edit, actor)

    def edit_to(self, plan: Plan, edit: dict[str, Any], actor: str) -> Plan:
        """Replace the plan with an edited one and record the change."""
        self.plan = plan
        if self._gate is not None and self._gate.kind == "plan":
            self._gate = Gate("plan", plan=plan)
        self.emit("plan_change", edit=edit, actor=actor, plan=plan.as_dict())
        return plan


def _short(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("..." if len(parts) > words else "")


def _usage_data(usage: Usage) -> dict[str, Any]:
    return {
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "cost": usage.cost,
    }


def drive(session: Session, approver: Approver, *, stop_at: tuple[str, ...] = ()) -> Gate | None:
    """Answer gates with `approver` until the session ends or reaches a gate kind in `stop_at`."""
    while (gate := session.advance()) is not None:
        if gate.kind in stop_at:
            return gate
        session.resolve(approver.decide(gate))
    return None
