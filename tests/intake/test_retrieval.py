import pytest

from jupyter_codegen.intake.retrieval import api_context, lookup, mentions, render, task_words

INSTALLED = {"pandas", "numpy", "jupyter_codegen"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Load it with pd.read_csv and plot", {"pandas": ["read_csv"]}),
        ("use numpy.linspace, then np.clip", {"numpy": ["linspace", "clip"]}),
        ("import pandas as pd\nfrom numpy import array", {"pandas": [], "numpy": []}),
        ("Parse the json with json.loads and use itertools", {"json": ["loads"], "itertools": []}),
        (
            "import nosuchlib",
            {"nosuchlib": []},
        ),  # imports are looked up even when unknown, to flag them
        ("a list of random words over some time", {"random": [], "time": []}),
        ("sort the names", {}),
        ("obj.method() on a user object", {}),
    ],
)
def test_mentions(text: str, found: dict) -> None:
    assert mentions(text, INSTALLED) == found


def test_task_words_drop_stopwords_and_short_words() -> None:
    assert task_words("Read the CSV file and group by month") == ["csv", "group", "month", "read"]


def test_render_flags_missing_apis_and_unimportable_modules() -> None:
    text = render(
        {
            "numpy": {
                "version": "2.0",
                "entries": [
                    {"name": "numpy.clip", "signature": "(a, a_min, a_max)", "doc": "Clip."}
                ],
                "missing": ["clipp"],
            },
            "ghost": {"error": "ModuleNotFoundError: No module named 'ghost'"},
        }
    )
    assert "numpy.clip(a, a_min, a_max) — Clip." in text
    assert "numpy.clipp does NOT exist" in text
    assert "ghost is NOT importable" in text


def test_render_respects_the_budget() -> None:
    entries = [{"name": f"m.f{i}", "signature": "(x)", "doc": "d" * 50} for i in range(100)]
    text = render({"m": {"version": "1", "entries": entries, "missing": []}}, budget_tokens=100)
    assert len(text) <= 100 * 4 + 10
    assert text.endswith("- …")


def test_lookup_reads_real_signatures_in_the_sandbox() -> None:
    from jupyter_codegen.kernel.sandbox import KernelSandbox

    with KernelSandbox(timeout=60) as sandbox:
        found = lookup(sandbox, {"json": ["dumps", "dumpz"], "nosuchlib": []}, ["load", "string"])
        text = api_context("Serialise with json.dumps", sandbox, set())
        leaked = sandbox.execute("print('__codegen_lookup' in dir())").stdout
    assert found["json"]["entries"][0]["name"] == "json.dumps"
    assert found["json"]["entries"][0]["signature"].startswith("(obj, *, skipkeys=False")
    assert found["json"]["missing"] == ["dumpz"]
    assert "json.loads" in {e["name"] for e in found["json"]["entries"]}  # matched "load"
    assert "No module named 'nosuchlib'" in found["nosuchlib"]["error"]
    assert "json.dumps(obj, *, skipkeys=False" in text
    assert leaked == "False\n"
