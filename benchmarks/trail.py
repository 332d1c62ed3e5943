"""Audit trail cost in a 10-step session: bytes in the notebook, record building, replay, verify.

A 10-task chained plan (a short code reply and one plan check per task) runs through the real
Session on the scripted FakeClient and FakeSandbox from the tests, stepped the way `%codegen next`
steps it: the %%codegen cell's output carries the plan and step 1, each later output the next
step, and the last output the final approval, validation and sign-off. Each output's record
carries its own slice of the trail, as in `tests/audit/notebooks.py`.

Trail bytes are measured in the canonical JSON form the trail is hashed in (sorted keys, no
spaces, UTF-8); the saved notebook's pretty-printed JSON takes more. Figures only: the one
assertion checks that replay reproduces the recorded code, which is correctness, not timing.
"""

from __future__ import annotations

import copy
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for `tests.*`

import nbformat

from jupyter_codegen.audit import replay
from jupyter_codegen.audit.record import MIME, trail_slice
from jupyter_codegen.audit.verify import verify
from jupyter_codegen.core.decision import AutoPolicy, Decision
from jupyter_codegen.core.trail import canonical, code_digest
from jupyter_codegen.engine import Request, Session, drive
from jupyter_codegen.magics.display import payload
from jupyter_codegen.notebook import store
from tests.audit.notebooks import output
from tests.development.fakes import FakeClient, FakeSandbox
from tests.replies import code, plan_reply

STEPS = 10
RUNS = 5
TASK = "Ten steps: v1 is 1, and each next v is one more than the one before."


def replies() -> dict[str, list[str]]:
    return {
        "orchestrator": [
            plan_reply(
                *[
                    (f"t{i}", [f"t{i - 1}"] if i > 1 else [], [f"assert v{i} == {i}"])
                    for i in range(1, STEPS + 1)
                ]
            )
        ],
        "coder": [code("v1 = 1")] + [code(f"v{i} = v{i - 1} + 1") for i in range(2, STEPS + 1)],
    }


def request(task: str = TASK, model: str = "fake") -> Request:
    return Request(task=task, model=model, clarify=False, max_tasks=STEPS)


def fake_session() -> Session:
    fakes = {name: FakeClient(list(r)) for name, r in replies().items()}
    return Session(request(), lambda p: fakes[p.name], FakeSandbox(), fresh=FakeSandbox)


def stepped() -> tuple[Session, nbformat.NotebookNode, list[float], list[float]]:
    """The stepped notebook, and the seconds each payload (and its trail_slice alone) took."""
    session = fake_session()
    nb = nbformat.v4.new_notebook()
    built: list[float] = []
    sliced: list[float] = []
    shown = 0

    def show(source: str, cell_id: str | None) -> None:
        nonlocal shown
        start = time.perf_counter()
        record = payload(session, cell_id, shown)
        built.append(time.perf_counter() - start)
        start = time.perf_counter()
        trail_slice(session.trail, session.id, shown)
        sliced.append(time.perf_counter() - start)
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [output(record)]
        nb.cells.append(cell)
        shown = len(session.trail.entries)

    gate = drive(session, AutoPolicy(), stop_at=("step",))
    show(f"%%codegen --no-clarify\n{TASK}", "c1")
    while gate is not None:
        session.resolve(Decision("approve", "ana"))
        gate = drive(session, AutoPolicy(), stop_at=("step",))
        show("%codegen next", None)
    store.insert_generated(nb)
    nbformat.validate(nb)
    return session, nb, built, sliced


def size(value: Any) -> int:
    return len(canonical(value))


def records(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    return [
        o["data"][MIME]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if MIME in o.get("data", {})
    ]


def replayed(nb: nbformat.NotebookNode) -> tuple[Session, replay.Cassette]:
    (tape,) = replay.from_notebook(nb)
    session = Session(
        request(tape.task, tape.model),
        lambda p: tape.client(p.name),
        FakeSandbox(),
        fresh=FakeSandbox,
    )
    drive(session, AutoPolicy())
    return session, tape


def timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    session, nb, _, _ = stepped()
    assert len(session.accepted) == STEPS, session.notes
    parts = [r["trail"] for r in records(nb)]
    assert len(parts) == STEPS + 1  # one record per step, then the sign-off

    # -- bytes -------------------------------------------------------------------------------
    total = sum(size(t) for t in parts)
    entries = sum(size(t["entries"]) for t in parts)
    blobs = sum(size(t["blobs"]) for t in parts)
    stored = {k: v for t in parts for k, v in t["blobs"].items()}
    calls = [e for t in parts for e in t["entries"] if e["kind"] == "llm_call"]
    inlined = sum(size([stored[k] for k in e["data"]["messages"]]) for e in calls)
    keys = {k for e in calls for k in e["data"]["messages"]}
    once = sum(size(stored[k]) for k in keys)
    refs = sum(len(e["data"]["messages"]) for e in calls)
    bare = copy.deepcopy(nb)
    for cell in bare.cells:
        for out in cell.get("outputs", []):
            if MIME in out.get("data", {}):
                del out["data"][MIME]["trail"]
    saved, saved_bare = len(nbformat.writes(nb).encode()), len(nbformat.writes(bare).encode())
    print(
        f"trail size, {STEPS}-step session ({len(session.trail.entries)} entries, "
        f"{len(calls)} model calls, {len(parts)} records), canonical JSON:"
    )
    print(f"  total {total:,} B -> {total / STEPS:,.0f} B of trail per step")
    print(
        f"  entries {entries:,} B ({entries / total:.0%}), blobs {blobs:,} B ({blobs / total:.0%}), "
        f"slice headers {total - entries - blobs:,} B"
    )
    print(
        f"  message bodies: {inlined:,} B if every llm_call inlined its messages, {once:,} B "
        f"stored once ({len(keys)} distinct of {refs} messages) -> dedup ratio {inlined / once:.2f}x"
    )
    print(
        f"  saved notebook (nbformat, indent 1): {saved:,} B, of which the trail members "
        f"{saved - saved_bare:,} B ({(saved - saved_bare) / saved:.0%})"
    )

    # -- growth ------------------------------------------------------------------------------
    running = [sum(size(t) for t in parts[: k + 1]) for k in range(len(parts))]
    print("growth (trail bytes in the records up to and including the one holding step k):")
    for k in (1, 5, 10):
        print(f"  after {k:2d} step(s): {running[k - 1]:7,} B")
    print(
        f"  bytes(10)/bytes(5) = {running[9] / running[4]:.2f} (2 would be linear, 4 quadratic; "
        f"the first record also holds the plan); added by step 2 {size(parts[1]):,} B, "
        f"by step 10 {size(parts[9]):,} B; sign-off record {size(parts[10]):,} B"
    )

    # -- building the records ----------------------------------------------------------------
    builds = [stepped() for _ in range(RUNS)]
    per_step = statistics.median(sum(b[2]) * 1000 / STEPS for b in builds)
    slicing = statistics.median(sum(b[3]) * 1000 / STEPS for b in builds)
    print(f"record building (payload, incl. masking and schema validation), median of {RUNS}:")
    print(
        f"  {per_step:.2f} ms per step, of which trail_slice {slicing:.3f} ms "
        f"({slicing / per_step:.0%})"
    )

    # -- replay ------------------------------------------------------------------------------
    again, tape = replayed(nb)
    recorded = [c["approved_sha256"] for c in records(nb)[-1]["cells"]]
    assert [a.code for a in again.accepted] == [a.code for a in session.accepted]
    assert [code_digest(a.code) for a in again.accepted] == recorded
    assert tape.position == len(tape.calls)
    replays = statistics.median(timed(lambda: replayed(nb)) for _ in range(RUNS))
    scripted = statistics.median(
        timed(lambda: drive(fake_session(), AutoPolicy())) for _ in range(RUNS)
    )
    print(f"replay of the {STEPS}-step session from the notebook to the end, median of {RUNS}:")
    print(
        f"  {replays:.1f} ms ({replays / len(tape.calls):.2f} ms per model call, "
        f"{len(tape.calls)} calls); replayed code identical to the recorded code"
    )
    print(
        f"  the same session on scripted FakeClients: {scripted:.1f} ms "
        f"-> replay/scripted {replays / scripted:.2f}, replay's own cost "
        f"~{(replays - scripted) / len(tape.calls):.2f} ms per call (difference of medians)"
    )

    # -- verify ------------------------------------------------------------------------------
    verdict = verify(nb)
    assert verdict.ok and verdict.events == len(session.trail.entries), verdict.failures
    checking = statistics.median(timed(lambda: verify(nb)) for _ in range(RUNS))
    print(f"verify(nb), {verdict.events} events in {len(parts)} records, median of {RUNS}:")
    print(f"  {checking:.1f} ms ({checking * 1000 / verdict.events:.0f} us per event)")


if __name__ == "__main__":
    main()
