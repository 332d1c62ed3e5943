"""What the magics say at each gate, and which commands answer which gate."""

from __future__ import annotations

from jupyter_codegen.core.checks import render_tests
from jupyter_codegen.core.decision import Action, Gate
from jupyter_codegen.errors import CodegenError
from jupyter_codegen.magics.display import fence

STEP_ACTIONS = """**{task}: {title}** is waiting for your decision:

- `%codegen next` approves it: the code runs in this kernel and is added below as a cell; then the next task starts
- `%codegen regenerate "what to change"` asks for another attempt with your feedback
- `%%codegen edit` with your own code as the cell body approves that instead
- `%codegen reject` gives the task up (a failed one gets a fix-up task); `%codegen skip` leaves it out
- `%codegen run-all` approves this and every later task that passes; `%codegen rollback` goes back"""

BLOCKED_ACTIONS = """**{task}: {title}** was not run: the security scan found high-severity operations
(listed above). Even in the sandbox, such code runs only with your approval:

- `%codegen approve` runs it in the sandbox; you then decide on the result as usual
- `%codegen regenerate "do not shell out"` asks for another attempt without it
- `%%codegen edit` with your own code as the cell body; `%codegen reject` or `%codegen skip`"""

TESTS_ACTIONS = """The test designer wrote these tests from the spec alone (it never sees the code).
They will judge the code, so check them:

{tests}

- `%codegen approve` keeps them; `%codegen reject` develops without generated tests
- `%%codegen edit` with the text above, changed, as the cell body keeps your version
- `%codegen regenerate "what to test"` asks the designer again"""

SIGNOFF_ACTIONS = """**Sign-off.** Every task is developed; the validation report is above.

- `%codegen approve` signs the result off
- `%codegen feedback "what is missing"` makes your feedback a new task, developed next
- `%codegen concern c1 [c2 ...]` turns reviewer concerns into new tasks
- `%codegen reject` leaves the result unsigned"""

_NAMES = {"signoff": "sign-off", "clarify": "clarity"}

# Which commands answer which gate, and the decision each one makes.
_VERBS: dict[str, dict[str, Action]] = {
    "clarify": {"approve": "approve", "next": "approve", "run-all": "approve"},
    "plan": {"approve": "approve", "next": "approve", "run-all": "approve"},
    "tests": {
        "approve": "approve",
        "next": "approve",
        "run-all": "approve",
        "edit": "edit",
        "reject": "reject",
        "skip": "reject",
        "regenerate": "regenerate",
    },
    "step": {
        "approve": "approve",
        "next": "approve",
        "run-all": "approve",
        "edit": "edit",
        "reject": "reject",
        "skip": "skip",
        "regenerate": "regenerate",
    },
    "signoff": {
        "approve": "approve",
        "next": "approve",
        "reject": "reject",
        "feedback": "reject",
        "concern": "reject",
    },
}


def verb_for(gate: Gate, command: str, rest: list[str]) -> Action:
    """The decision `command` makes at `gate`, or a CodegenError saying what would answer it."""
    verbs = _VERBS[gate.kind]
    if command not in verbs:
        allowed = ", ".join(sorted(verbs))
        raise CodegenError(
            f"the session is waiting at the {_NAMES.get(gate.kind, gate.kind)} gate, "
            f"which takes: {allowed}"
        )
    if command in ("feedback", "concern") and not rest:
        what = "the feedback text" if command == "feedback" else "concern ids such as c1"
        raise CodegenError(f"%codegen {command} needs {what}")
    return verbs[command]


def gate_prompt(gate: Gate) -> str:
    """What the person is asked at a gate the magics stop at."""
    if gate.kind == "tests":
        assert gate.tests is not None and gate.plan is not None
        titles = {t.id: t.title for t in gate.plan.tasks}
        return TESTS_ACTIONS.format(tests=fence(render_tests(gate.tests, titles), "python"))
    if gate.kind == "signoff":
        return SIGNOFF_ACTIONS
    if gate.kind == "step":
        assert gate.task is not None and gate.step is not None
        template = BLOCKED_ACTIONS if gate.step.status == "blocked" else STEP_ACTIONS
        return template.format(task=gate.task.id, title=gate.task.title)
    return f"The session is waiting at the {gate.kind} gate: `%codegen run` continues it."
