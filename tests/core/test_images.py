from jupyter_codegen.core.images import attach


def test_images_go_with_the_first_user_message_only() -> None:
    messages = [
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "task"},
        {"role": "user", "content": "fix it"},
    ]
    out = attach(messages, ["data:image/png;base64,AAA"])
    assert out[0] == messages[0]
    assert out[1]["content"] == [
        {"type": "text", "text": "task"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAA"}},
    ]
    assert out[2] == {"role": "user", "content": "fix it"}
    assert messages[1]["content"] == "task"  # the input is not changed


def test_no_images_no_change() -> None:
    messages = [{"role": "user", "content": "task"}]
    assert attach(messages, []) == messages
