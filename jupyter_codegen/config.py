"""User configuration through traitlets: `c.Codegen.<name>` in ipython_config.py."""

from __future__ import annotations

from traitlets import Bool, Dict, Float, Int, Unicode
from traitlets.config import Configurable


class Codegen(Configurable):
    """Defaults for %%codegen; options on the magic line win over these."""

    model = Unicode(
        "",
        help="litellm model name used when %%codegen has no --model and JUPYTER_CODEGEN_MODEL "
        "is unset, e.g. 'openai/gpt-4o-mini'. Empty means the embedded local model.",
    ).tag(config=True)
    max_iters = Int(3, min=0, help="Self-debug rounds after the first attempt.").tag(config=True)
    timeout = Float(
        60.0, min=1.0, help="Wall-clock seconds one execution may take in the sandbox."
    ).tag(config=True)
    budget = Unicode(
        "", help="Token or cost budget per run, e.g. '20k' or '$0.50'; empty is unlimited."
    ).tag(config=True)
    auto = Bool(
        False, help="Run with the headless policy: approve code that passes, without asking."
    ).tag(config=True)
    profiles = Dict(
        {},
        help="Agent profiles by name, laid over the built-in ones (orchestrator, coder, small, strong, tester, reviewer) "
        "and over [tool.jupyter_codegen.profiles] in the project's pyproject.toml, e.g. "
        "{'strong': {'model': 'openai/gpt-4o', 'temperature': 0.2}}. Keys: role, model, "
        "temperature, system_prompt, max_tokens.",
    ).tag(config=True)
    complexity = Dict(
        {},
        help="Which profile the planner gives each complexity level, e.g. "
        "{'trivial': 'small', 'normal': 'coder', 'hard': 'strong'}.",
    ).tag(config=True)
    context_tokens = Int(
        1500,
        min=0,
        help="Token budget for the notebook context (names, imports, earlier cells) given to "
        "every prompt; 0 leaves the context out.",
    ).tag(config=True)
    retrieval = Bool(
        True,
        help="Look up the real signatures of libraries a task mentions (in the sandbox) and "
        "give them to the agents.",
    ).tag(config=True)
    cpu_seconds = Int(
        900, min=1, help="CPU seconds the sandbox kernel may use over its life (RLIMIT_CPU)."
    ).tag(config=True)
    memory_mb = Int(
        4096, min=64, help="Address space of the sandbox kernel in MB (RLIMIT_AS)."
    ).tag(config=True)
    file_size_mb = Int(
        256, min=1, help="Largest file the sandbox may write, in MB (RLIMIT_FSIZE)."
    ).tag(config=True)
    processes = Int(64, min=0, help="Processes one sandbox execution may start.").tag(config=True)
    output_chars = Int(
        100_000, min=1000, help="Characters of output kept per sandbox execution."
    ).tag(config=True)
    network = Bool(False, help="Let generated code reach the network from the sandbox.").tag(
        config=True
    )
    design_tests = Bool(
        False,
        help="A test-designer agent (profile 'tester') writes tests for each task from the spec "
        "alone, shown for approval; --design-tests turns it on for one cell. Off by default: "
        "the embedded 0.5B model often writes wrong or no tests, so give the 'tester' profile "
        "a capable model when you turn it on.",
    ).tag(config=True)
    review = Bool(
        True,
        help="A reviewer agent (profile 'reviewer') lists concerns about the accepted code at "
        "validation; --no-review turns it off for one cell.",
    ).tag(config=True)
    allow_risky = Bool(
        False,
        help="Run code with high-severity security findings in the sandbox without asking. "
        "Off: a person approves each such cell first, and --auto refuses it.",
    ).tag(config=True)
    actor = Unicode(
        "",
        help="Who the audit trail says made each decision; empty means the OS user name.",
    ).tag(config=True)
    prices = Dict(
        {},
        help="Dollars per million tokens for models litellm has no price for (self-hosted, "
        "new), e.g. {'openai/my-served-model': {'input': 0.15, 'output': 0.6}}, so the report "
        "counts their cost and '$' budgets apply to them.",
    ).tag(config=True)
    widgets = Bool(
        True,
        help="Show clickable approval panels (anywidget) at every gate in front ends that can "
        "show widgets and ask for input (JupyterLab, Notebook 7, VS Code); elsewhere, and "
        "when False, gates are answered with text prompts and %codegen commands.",
    ).tag(config=True)
