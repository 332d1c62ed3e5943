import pytest

from jupyter_codegen.core.extract import extract_code
from jupyter_codegen.errors import NoCodeError


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("```python\nx = 1\n```", "x = 1\n"),
        (
            "Sure! Here it is:\n\n```py\ndef f():\n    return 2\n```\nThis returns 2.",
            "def f():\n    return 2\n",
        ),
        ("```\nprint('plain fence')\n```", "print('plain fence')\n"),
        ("```python\nimport os\n```\nand\n```python\ny = os.sep\n```", "import os\n\ny = os.sep\n"),
        # a bash block is not Python and is skipped
        ("```bash\npip install x\n```\n```python\nz = 3\n```", "z = 3\n"),
        # a reply cut off before the closing fence still yields its code
        ("```python\ndef g(a):\n    return a * 2\n", "def g(a):\n    return a * 2\n"),
        # bare code with no fence
        ("def h():\n    pass\n", "def h():\n    pass\n"),
        # bare code amid prose
        (
            "Here is the function:\ndef k(x):\n    return -x\nIt negates x.",
            "def k(x):\n    return -x\n",
        ),
        # a console transcript
        ("```pycon\n>>> a = 5\n>>> print(a)\n5\n```", "a = 5\nprint(a)\n"),
        # a fence inside the code's own string does not end the block early
        ("````python\ns = '```'\n````", "s = '```'\n"),
    ],
)
def test_extracts_code(reply: str, expected: str) -> None:
    assert extract_code(reply) == expected


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "Sure",
        "I cannot help with that.",
        "```text\nnot code at all\n```",
        "```python\nthis is ( not valid\n```",
    ],
)
def test_reply_without_code_is_a_clear_error(reply: str) -> None:
    with pytest.raises(NoCodeError, match="no Python code"):
        extract_code(reply)


def test_error_quotes_what_came_back() -> None:
    with pytest.raises(NoCodeError, match="I cannot help"):
        extract_code("I cannot help with that.")
