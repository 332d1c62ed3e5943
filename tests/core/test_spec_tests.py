import textwrap

import pytest

from jupyter_codegen.core.spec_tests import (
    checks_from_source,
    shown_code,
    source_checks_report,
    user_checks,
    user_checks_report,
)

RIGHT = "def slugify(text):\n    return '-'.join(text.lower().split())\n"
WRONG = "def slugify(text):\n    return text.lower()\n"


def run(code: str, implementation: str = RIGHT) -> dict:
    """Exec the implementation and then a check in one namespace, like the kernel does."""
    namespace: dict = {}
    exec(implementation, namespace)
    exec(code, namespace)
    return namespace


def cell(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def test_fenced_block_with_asserts_is_one_check() -> None:
    checks = user_checks(
        cell("""
        Write slugify(text).

        ```python
        assert slugify("A B") == "a-b"
        assert slugify("") == ""
        ```
        """)
    )
    assert [(c.source, c.code) for c in checks] == [
        ("user", 'assert slugify("A B") == "a-b"\nassert slugify("") == ""')
    ]
    assert checks[0].name == 'assert slugify("A B") == "a-b" (+1 more)'


def test_each_fenced_block_gives_its_own_check() -> None:
    text = "one\n```python\nassert 1 == 1\n```\ntwo\n```py\nassert 2 == 2\n```\n"
    assert [c.code for c in user_checks(text)] == ["assert 1 == 1", "assert 2 == 2"]


def test_block_without_asserts_gives_no_check() -> None:
    assert user_checks("Use this:\n```python\nx = slugify('a')\nprint(x)\n```") == []


def test_non_python_fences_are_ignored() -> None:
    text = "```bash\nassert this is not python\n```\n```text\nassert 1 == 1\n```"
    assert user_checks_report(text) == ([], [])


def test_unclosed_fence_runs_to_the_end_of_the_cell() -> None:
    assert [c.code for c in user_checks("Do it.\n```python\nassert f(1) == 2\n")] == [
        "assert f(1) == 2"
    ]


def test_test_functions_become_a_check_each_that_defines_and_calls_them() -> None:
    checks = user_checks(
        cell("""
        ```python
        import math

        def test_spaces():
            assert slugify("a  b") == "a-b"

        def test_case():
            assert slugify("AB") == "ab"
        ```
        """)
    )
    assert [c.name for c in checks] == ["test_spaces", "test_case"]
    assert checks[0].code == (
        'import math\n\ndef test_spaces():\n    assert slugify("a  b") == "a-b"\n\ntest_spaces()'
    )
    for check in checks:
        run(check.code)
    with pytest.raises(AssertionError):
        run(checks[0].code, WRONG)


def test_stubs_and_definitions_in_the_task_cell_do_not_replace_the_real_code() -> None:
    checks = user_checks(
        cell("""
        ```python
        def slugify(text: str) -> str:
            \"\"\"Lowercase, dashes between words.\"\"\"
            ...

        def helper():
            return 1

        assert slugify("A B") == "a-b"
        ```
        """)
    )
    assert [c.code for c in checks] == ['assert slugify("A B") == "a-b"']
    run(checks[0].code)


def test_comments_and_order_of_setup_are_kept() -> None:
    code = user_checks("```python\nx = 1\n# first\nassert x == 1\nx = 2\nassert x == 2\n```")[0]
    assert code.code == "x = 1\n# first\nassert x == 1\nx = 2\nassert x == 2"
    run(code.code)


def test_setup_sharing_a_line_with_an_assert_is_not_duplicated() -> None:
    check = user_checks("```python\nx = 1; assert x == 1\ny = 2\n```")[0]
    assert check.code == "x = 1; assert x == 1\ny = 2"


def test_asserts_inside_loops_count_but_not_inside_functions() -> None:
    assert user_checks("```python\nfor w in 'ab':\n    assert w.isalpha()\n```")
    assert user_checks("```python\ndef f(x):\n    assert x\n    return x\n```") == []


def test_block_that_does_not_parse_is_skipped_with_a_note() -> None:
    checks, notes = user_checks_report("```python\nassert slugify('a' ==\n```")
    assert checks == []
    assert notes == ["skipped, not valid Python: assert slugify('a' =="]


def test_test_function_with_arguments_is_skipped_with_a_note() -> None:
    checks, notes = user_checks_report("```python\ndef test_x(tmp_path):\n    assert tmp_path\n```")
    assert checks == []
    assert "test_x" in notes[0]


@pytest.mark.parametrize(
    "header", ["Tests:", "tests:", "Checks:", "Examples:", "## Tests", "**Tests:**"]
)
def test_section_after_a_tests_line_is_read_as_code(header: str) -> None:
    text = f"Write slugify.\n\n{header}\nassert slugify('A B') == 'a-b'\nassert slugify('') == ''\n"
    checks = user_checks(text)
    assert [c.code for c in checks] == ["assert slugify('A B') == 'a-b'\nassert slugify('') == ''"]


def test_section_ends_at_a_blank_line_followed_by_prose() -> None:
    text = cell("""
        Tests:
            assert slugify("a") == "a"

            for w in ["b", "c"]:
                assert slugify(w) == w

        Keep it simple.
        assert slugify("Q") == "q"
        """)
    checks = user_checks(text)
    assert [c.code for c in checks] == [
        'assert slugify("a") == "a"\n\nfor w in ["b", "c"]:\n    assert slugify(w) == w',
        'assert slugify("Q") == "q"',
    ]


def test_assert_on_the_tests_line_itself() -> None:
    assert [c.code for c in user_checks("Tests: assert f(2) == 4")] == ["assert f(2) == 4"]


def test_section_that_is_not_python_falls_back_to_its_assert_lines() -> None:
    checks, notes = user_checks_report(
        "Tests:\n- slugify('A') gives 'a'\n- assert slugify('B') == 'b'\n"
    )
    assert [c.code for c in checks] == ["assert slugify('B') == 'b'"]
    assert notes == ["skipped, not valid Python as a whole: - slugify('A') gives 'a'"]


def test_prose_mentioning_tests_is_not_a_section() -> None:
    assert user_checks("Tests should cover empty input.\nExample: see the docs") == []


def test_loose_assert_lines_in_prose_are_checks_each() -> None:
    checks = user_checks(
        cell("""
        Write slugify so that
        assert slugify("A B") == "a-b"
        and also
        - `assert slugify("") == ""`
        Make sure to assert nothing silly.
        """)
    )
    assert [(c.source, c.code, c.name) for c in checks] == [
        ("user", 'assert slugify("A B") == "a-b"', 'assert slugify("A B") == "a-b"'),
        ("user", 'assert slugify("") == ""', 'assert slugify("") == ""'),
    ]


def test_loose_assert_that_does_not_parse_is_noted() -> None:
    checks, notes = user_checks_report("assert that the output is sorted")
    assert checks == []
    assert notes == ["skipped, not valid Python: assert that the output is sorted"]


def test_indented_asserts_in_unfenced_code_are_not_loose_checks() -> None:
    text = "def f(x):\n    assert x > 0\n    return x\n"
    assert user_checks(text) == []


def test_the_same_assert_twice_is_one_check() -> None:
    text = "assert f(1) == 1\n```python\nassert f(1) == 1\n```"
    assert len(user_checks(text)) == 1


def test_doctest_examples_in_prose_become_one_doctest_check() -> None:
    text = cell("""
        Write slugify.

            >>> slugify("Hello World")
            'hello-world'
            >>> slugify("a   b")
            'a-b'
        """)
    checks = user_checks(text)
    assert [(c.source, c.name) for c in checks] == [("doctest", "doctest: 2 examples")]
    run(checks[0].code)
    with pytest.raises(AssertionError, match="2 of 2 examples failed") as failure:
        run(checks[0].code, WRONG)
    assert "Expected:\n    'hello-world'\nGot:\n    'hello world'" in str(failure.value)


def test_doctest_in_a_docstring_written_in_the_cell() -> None:
    text = cell('''
        Implement this:

        def slugify(text):
            """Make a slug.

            >>> slugify("A B")
            'a-b'
            """
        ''')
    checks = user_checks(text)
    assert [c.source for c in checks] == ["doctest"]
    run(checks[0].code)
    with pytest.raises(AssertionError):
        run(checks[0].code, WRONG)


def test_doctest_in_a_fenced_stub_docstring() -> None:
    text = (
        '```python\ndef slugify(text):\n    """\n    >>> slugify("A B")\n    \'a-b\'\n    """\n```'
    )
    checks = user_checks(text)
    assert [c.source for c in checks] == ["doctest"]
    run(checks[0].code)


def test_console_transcript_fence_is_doctest() -> None:
    text = "```pycon\n>>> slugify('X Y')\n'x-y'\n```\nthen more prose"
    checks = user_checks(text)
    assert [c.name for c in checks] == ["doctest: 1 example"]
    run(checks[0].code)


def test_doctest_options_ellipsis_whitespace_and_exceptions() -> None:
    text = cell("""
        >>> list(range(20))
        [0, 1, ..., 19]
        >>> print("a   b")
        a b
        >>> int("x")
        Traceback (most recent call last):
        ValueError: invalid literal for int() with base 10: 'x'
        >>> def twice(x):
        ...     return 2 * x
        ...
        >>> twice(3)
        6
        """)
    (check,) = user_checks(text)
    run(check.code)


def test_doctest_check_does_not_clear_or_change_the_kernel_namespace() -> None:
    (check,) = user_checks(">>> value = slugify('A')\n>>> value\n'a'\n")
    namespace = run(check.code)
    assert "slugify" in namespace
    assert "value" not in namespace
    assert "_codegen_doctest" not in namespace


def test_example_text_is_embedded_safely() -> None:
    text = '>>> print(\'""" and \\\\n and {braces}\')\n""" and \\n and {braces}\n'
    (check,) = user_checks(text)
    run(check.code)


def test_example_that_is_not_python_is_skipped_with_a_note() -> None:
    checks, notes = user_checks_report(">>> slugify('a'\n'a'\n>>> slugify('b')\n'b'\n")
    assert [c.name for c in checks] == ["doctest: 1 example"]
    assert notes == ["skipped, not valid Python: >>> slugify('a'"]


def test_badly_indented_examples_are_skipped_with_a_note() -> None:
    checks, notes = user_checks_report("    >>> f(1)\n  2\n\n>>> slugify('b')\n'b'\n")
    assert [c.name for c in checks] == ["doctest: 1 example"]
    assert notes and notes[0].startswith("skipped badly indented examples")


def test_empty_text_has_no_checks() -> None:
    assert user_checks_report("") == ([], [])


def test_referenced_cell_gives_a_check_per_test_function_with_its_helpers() -> None:
    source = cell("""
        import math

        def make(words):
            return " ".join(words)

        def test_two_words():
            assert slugify(make(["A", "B"])) == "a-b"

        def test_one_word():
            assert slugify("A") == "a"
        """)
    checks = checks_from_source(source)
    assert [(c.source, c.name) for c in checks] == [
        ("user", "test_two_words"),
        ("user", "test_one_word"),
    ]
    assert "def make(words)" in checks[0].code
    assert checks[0].code.endswith("\n\ntest_two_words()")
    for check in checks:
        run(check.code)
    with pytest.raises(AssertionError):
        run(checks[0].code, WRONG)


def test_referenced_cell_top_level_asserts_are_one_check() -> None:
    source = "x = slugify('A B')\nassert x == 'a-b'\nassert slugify('') == ''\n"
    checks = checks_from_source(source)
    assert [c.code for c in checks] == [source.strip()]
    run(checks[0].code)


def test_referenced_cell_docstring_examples_are_a_doctest_check() -> None:
    source = cell('''
        def check_examples():
            """
            >>> slugify("A B")
            'a-b'
            """

        class Helper:
            """>>> slugify("C")
            'c'
            """
        ''')
    checks = checks_from_source(source)
    assert [(c.source, c.name) for c in checks] == [("doctest", "doctest: 2 examples")]
    run(checks[0].code)


def test_referenced_cell_stubs_are_left_out() -> None:
    source = "def slugify(text):\n    raise NotImplementedError\n\nassert slugify('A') == 'a'\n"
    assert [c.code for c in checks_from_source(source)] == ["assert slugify('A') == 'a'"]


def test_referenced_cell_magics_are_ignored() -> None:
    source = "%load_ext autoreload\n!pip list\nassert slugify('A') == 'a'\n"
    checks, notes = source_checks_report(source)
    assert [c.code for c in checks] == ["assert slugify('A') == 'a'"]
    assert notes == []


def test_referenced_cell_that_does_not_parse_is_a_note() -> None:
    checks, notes = source_checks_report("def test_x(:\n    pass\n")
    assert checks == []
    assert notes == ["skipped, not valid Python: def test_x(:"]


def test_everything_together_in_a_realistic_cell() -> None:
    text = cell("""
        Write `slugify(text)` that lowercases and joins words with dashes.

        ```python
        def slugify(text): ...
        assert slugify("A B") == "a-b"

        def test_spaces():
            assert slugify("  a  ") == "a"
        ```

        assert slugify("X") == "x"

        Examples:
            >>> slugify("Hello World")
            'hello-world'

        That is all.
        """)
    checks, notes = user_checks_report(text)
    assert [c.source for c in checks] == ["user", "user", "user", "doctest"]
    assert notes == []
    for check in checks:
        run(check.code)
    failing = []
    for check in checks:
        try:
            run(check.code, WRONG)
        except AssertionError:
            failing.append(check.name)
    assert len(failing) == 3  # slugify("X") == "x" holds for the wrong version too


def test_shown_code_of_a_doctest_check_is_its_examples() -> None:
    (check,) = user_checks(">>> slugify('A')\n'a'\n>>> slugify('B')\n'b'\n")
    assert shown_code(check) == ">>> slugify('A')\n'a'\n\n>>> slugify('B')\n'b'"
    plain = user_checks("assert f(1) == 1")[0]
    assert shown_code(plain) == "assert f(1) == 1"


def test_a_doctest_check_shows_the_model_its_examples_not_its_runner() -> None:
    from jupyter_codegen.core.spec_tests import checks_from_source
    from jupyter_codegen.development.prompts import generation_messages

    (check,) = checks_from_source('def f(x):\n    """\n    >>> f(3.5)\n    0.5\n    """\n')
    assert "DocTestRunner" in check.code  # what runs
    assert check.for_model == "These examples (doctest):\n>>> f(3.5)\n0.5"  # what is shown
    prompt = generation_messages("write f", "", [check.for_model])[1]["content"]
    assert ">>> f(3.5)" in prompt and "DocTestRunner" not in prompt
