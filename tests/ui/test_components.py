"""Shared widgets: what people typed is shown as typed."""

from __future__ import annotations

import pytest

from ui.components import plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain words", "Plain words"),
        ("![x](http://example.com/t.png)", r"\!\[x\]\(http\:\/\/example\.com\/t\.png\)".replace(r"\/", "/")),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        (":red[alarm]", r"\:red\[alarm\]"),
        ("# heading", r"\# heading"),
        ("line one\nline two", "line one line two"),
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
    ],
)
def test_plain_escapes_markdown(text: str, expected: str) -> None:
    assert plain(text) == expected
