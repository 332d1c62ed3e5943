import pytest

from jupyter_codegen.core.usage import Budget
from jupyter_codegen.errors import UsageError
from jupyter_codegen.magics.args import CodegenArgs, help_text, parse_line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", CodegenArgs()),
        ("--auto", CodegenArgs(auto=True)),
        ("--auto clarify,plan", CodegenArgs(auto=False, auto_gates=frozenset({"clarify", "plan"}))),
        ("--auto --single", CodegenArgs(auto=True, single=True)),
        ("--auto signoff,step,tests,plan,clarify", CodegenArgs(auto=True)),  # every gate
        ("-m openai/gpt-4o-mini", CodegenArgs(model="openai/gpt-4o-mini")),
        (
            "--model 'local/qwen2.5-coder-0.5b' --single --no-clarify",
            CodegenArgs(model="local/qwen2.5-coder-0.5b", single=True, clarify=False),
        ),
        ("--max-iters 0 --timeout 2.5", CodegenArgs(max_iters=0, timeout=2.5)),
        ("--budget 20k", CodegenArgs(budget=Budget(max_tokens=20000))),
        ("--budget '$0.10'", CodegenArgs(budget=Budget(max_cost=0.1))),
        ("--help", CodegenArgs(help=True)),
        ("--probe --plan-only", CodegenArgs(probe=True, plan_only=True)),
    ],
)
def test_parse(line: str, expected: CodegenArgs) -> None:
    assert parse_line(line) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("--bogus", "unrecognized arguments: --bogus"),
        ("--max-iters", "expected one argument"),
        ("--max-iters -2", "invalid non-negative integer value"),
        ("--max-iters two", "invalid non-negative integer value"),
        ("--timeout 0", "invalid positive number of seconds value"),
        ("--budget plenty", "is not a budget"),
        ("--model 'unclosed", "No closing quotation"),
        ("--mod x", "unrecognized arguments"),  # no silent abbreviation
        ("stray words", "unrecognized arguments: stray words"),
        ("--auto clarify,review", "--auto takes gates from clarify, plan, tests, step, signoff"),
        ("--auto ,", "--auto takes gates from"),
    ],
)
def test_malformed_line_raises_usage_with_usage_text(line: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_line(line)
    assert message in str(info.value)
    assert "usage: %%codegen" in str(info.value)


def test_help_documents_every_option() -> None:
    text = help_text()
    for option in (
        "--model",
        "--auto",
        "--no-clarify",
        "--probe",
        "--plan-only",
        "--single",
        "--max-iters",
        "--budget",
        "--timeout",
        "JUPYTER_CODEGEN_MODEL",
    ):
        assert option in text
