"""AppTest: any signed-in user changes their own PIN; mistakes are named and typing is kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.admin.auth import authenticate
from feedback.models import AuditEvent

PAGE = "ui/account.py"


def _change(at: AppTest, current: str, new: str, repeat: str) -> AppTest:
    at.text_input(key="account_current").input(current)
    at.text_input(key="account_new").input(new)
    at.text_input(key="account_repeat").input(repeat)
    return at.button(key="account_save").click().run()


def _can_sign_in(db: sessionmaker[Session], username: str, pin: str) -> bool:
    return authenticate(factory=db, username=username, pin=pin) is not None


@pytest.mark.parametrize(
    ("username", "old"), [("staff", "111333"), ("reviewer", "333555"), ("admin", "admin-passphrase")]
)
def test_every_role_changes_their_own_pin(
    db: sessionmaker[Session], open_page: Callable[..., AppTest], username: str, old: str
) -> None:
    at = _change(open_page(PAGE, username=username), old, "8642001357", "8642001357")
    assert not at.exception
    assert "Your PIN is changed" in at.success[0].value
    assert at.text_input(key="account_current").value == ""
    assert _can_sign_in(db, username, "8642001357")
    assert not _can_sign_in(db, username, old)


@pytest.mark.parametrize(
    ("current", "new", "repeat", "words"),
    [
        ("999999", "864200", "864200", "not your current PIN"),
        ("111333", "86", "86", "at least 6 digits"),
        ("111333", "864200", "864201", "not the same"),
        ("111333", "111333", "111333", "same as the current one"),
        ("", "864200", "864200", "Type your current PIN"),
    ],
)
def test_mistakes_are_named_and_nothing_changes(
    db: sessionmaker[Session],
    open_page: Callable[..., AppTest],
    current: str,
    new: str,
    repeat: str,
    words: str,
) -> None:
    at = _change(open_page(PAGE), current, new, repeat)
    assert not at.exception
    assert "Nothing was saved yet" in at.error[0].value
    assert any(words in m.value for m in at.markdown)
    assert at.text_input(key="account_new").value == new
    assert _can_sign_in(db, "staff", "111333")


def test_a_wrong_current_pin_is_counted_and_audited(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = _change(open_page(PAGE), "999999", "864200", "864200")
    assert not at.exception
    assert any("4 tries left" in m.value for m in at.markdown)
    with db() as session:
        assert "user.pin_change_failed" in set(session.scalars(select(AuditEvent.event)))
