"""Text prompts at the gates, for front ends without widgets (JupyterLab, Notebook, terminal)."""

from __future__ import annotations

import shlex
from collections.abc import Callable

from jupyter_codegen.core.decision import AutoPolicy, Decision, Gate
from jupyter_codegen.core.graph import to_text
from jupyter_codegen.core.plan import Plan
from jupyter_codegen.errors import CodegenError

NO_STDIN = (
    "the {what} needs an answer, and this front end cannot ask (no stdin, e.g. a headless run). "
    "Add --auto to take the suggested defaults and the proposed plan{extra}."
)


class TextPrompter:
    """Asks questions and plan approval with `ask` (input()); code goes to the user as a cell."""

    def __init__(
        self,
        ask: Callable[[str], str],
        show: Callable[[str], None],
        edit: Callable[[list[str]], Plan],
        actor: str = "notebook-user",
    ) -> None:
        self.ask, self.show, self.edit, self.actor = ask, show, edit, actor

    def _ask(self, prompt: str, what: str, extra: str = "") -> str:
        try:
            return self.ask(prompt).strip()
        except Exception as exc:
            # IPython raises StdinNotImplementedError when the front end has no stdin.
            if type(exc).__name__ == "StdinNotImplementedError" or isinstance(exc, EOFError):
                raise CodegenError(NO_STDIN.format(what=what, extra=extra)) from None
            raise

    def decide(self, gate: Gate) -> Decision:
        """Ask at the clarify and plan gates; defer code to the person at the step gate.

        The magics stop at the tests and sign-off gates themselves, for `%codegen` commands.
        """
        if gate.kind == "clarify":
            return self._clarify(gate)
        if gate.kind == "plan":
            return self._plan(gate)
        if gate.kind == "step":
            return Decision("defer", self.actor, "offered as a new cell for review")
        raise CodegenError(f"the {gate.kind} gate is answered with %codegen commands")

    def _clarify(self, gate: Gate) -> Decision:
        report = gate.report
        assert report is not None
        if not report.questions:
            return Decision("approve", self.actor, "no questions to answer")
        lines = [f"Task as understood: {report.restated}"]
        lines += [f"  assuming: {a}" for a in report.assumptions]
        lines.append("Questions (press Enter to take the suggested answer in brackets):")
        self.show("\n".join(lines))
        answers = []
        for index, question in enumerate(report.questions):
            answer = self._ask(
                f"{index + 1}. {question.text} [{question.default}] ",
                "clarity check",
                " or --no-clarify to skip the check",
            )
            if answer:
                answers.append((index, answer))
        return Decision("approve", self.actor, "answered the clarity questions", tuple(answers))

    def _plan(self, gate: Gate) -> Decision:
        plan = gate.plan
        assert plan is not None
        if len(plan.tasks) == 1:
            return AutoPolicy().decide(gate)  # a one-task plan has nothing to approve
        while True:
            self.show("Plan:\n" + to_text(plan))
            reply = self._ask(
                "Enter approves the plan; 'no' stops; or edit it, e.g. 'drop t2', 'merge t1 t2', "
                "'split t1 \"part a\" \"part b\"', 'assign t2 strong': ",
                "plan approval",
                " or --single to skip planning",
            )
            if reply.lower() in ("", "y", "yes", "ok", "approve"):
                return Decision("approve", self.actor, "approved the plan")
            if reply.lower() in ("n", "no", "stop"):
                return Decision("reject", self.actor, "stopped at the plan")
            try:
                plan = self.edit(shlex.split(reply))
            except CodegenError as exc:
                self.show(f"Not applied: {exc}")
