import pytest

from jupyter_codegen.magics.display import fence


@pytest.mark.parametrize(
    ("text", "ticks"),
    [("x = 1", "```"), ("s = '```'", "````"), ("a ```` b", "`````")],
)
def test_fence_is_longer_than_any_backtick_run_inside(text: str, ticks: str) -> None:
    block = fence(text, "python")
    assert block.startswith(ticks + "python\n")
    assert block.endswith("\n" + ticks)


def test_plan_graph_bundle_uses_svg_with_dot_and_the_widget_without(monkeypatch) -> None:
    from jupyter_codegen.core.plan import Plan, Task
    from jupyter_codegen.magics import display

    plan = Plan((Task("t1", "a"), Task("t2", "b", deps=("t1",))))

    class FakeWidget:
        model_id = "abc"
        dot = ""

    widget = FakeWidget()
    monkeypatch.setattr(display, "render_svg", lambda dot: None)
    bundle = display.PlanGraph(plan, widget)._repr_mimebundle_()
    assert bundle[display.WIDGET_MIME]["model_id"] == "abc"
    assert widget.dot == bundle[display.DOT_MIME]
    assert "[ ] t2" in bundle["text/plain"]
    assert "image/svg+xml" not in bundle
    monkeypatch.setattr(display, "render_svg", lambda dot: "<svg/>")
    bundle = display.PlanGraph(plan, widget)._repr_mimebundle_()
    assert bundle["image/svg+xml"] == "<svg/>"
    assert display.WIDGET_MIME not in bundle


def test_the_report_survives_a_rollback_past_a_fix_up_task() -> None:
    from jupyter_codegen.audit.record import MIME as RECORD
    from jupyter_codegen.core.decision import AutoPolicy, Decision
    from jupyter_codegen.engine import Request, Session, drive
    from jupyter_codegen.magics.display import Report
    from tests.development.fakes import FakeClient, FakeSandbox
    from tests.replies import code

    coder = FakeClient([code("raise ValueError('no')"), code("x = 1")])
    s = Session(
        Request(task="x", model="fake", clarify=False, single=True, max_iters=0),
        lambda profile: coder,
        FakeSandbox(),
    )
    drive(s, AutoPolicy(), stop_at=("step",))
    s.resolve(Decision("reject", "ana", "wrong"))  # a failed step: t1-fix takes its place
    drive(s, AutoPolicy(), stop_at=("step",))
    assert "t1-fix" in s.results
    s.rollback("s0")
    bundle = Report(s, None, {})._repr_mimebundle_()
    assert "could not be drawn" not in bundle["text/markdown"]
    assert "t1-fix" not in s.results and bundle[RECORD]["trail"]["entries"]
