from jupyter_codegen.core.spec import ClarityReport, Question, Spec, clarified

REPORT = ClarityReport(
    restated="Reverse the words of a sentence.",
    assumptions=("input is a str",),
    questions=(Question("Keep punctuation attached?", "yes"), Question("Collapse spaces?", "no")),
)


def test_answers_merge_and_unanswered_questions_take_defaults_as_assumptions() -> None:
    spec = clarified("reverse words", REPORT, {1: "yes, collapse them"})
    assert spec.answers == (("Collapse spaces?", "yes, collapse them"),)
    assert spec.assumptions == (
        "input is a str",
        "Keep punctuation attached? -> yes (suggested default)",
    )
    assert spec.restated == "Reverse the words of a sentence."


def test_blank_answer_counts_as_unanswered() -> None:
    spec = clarified("t", REPORT, {0: "  "})
    assert spec.answers == ()
    assert len(spec.assumptions) == 3


def test_render_carries_everything_later_prompts_need() -> None:
    text = clarified("reverse words", REPORT, {0: "no"}).render()
    assert text.startswith("reverse words")
    assert "Keep punctuation attached? -> no" in text
    assert "Collapse spaces? -> no (suggested default)" in text
    assert Spec("just the task").render() == "just the task"


def test_report_from_json_drops_blank_entries() -> None:
    report = ClarityReport.from_json(
        {
            "restated": " x ",
            "assumptions": ["a", " "],
            "questions": [{"question": "", "default": "d"}, {"question": "q?", "default": "d"}],
        }
    )
    assert report == ClarityReport("x", ("a",), (Question("q?", "d"),))
    assert ClarityReport.from_json(report.as_dict()) == report
