"""AppTest: sign-in, the router's role-based navigation and the kiosk lock."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import APP, TIMEOUT, kiosk_config, signed_in_user
from ui.state import KIOSK_KEY, USER_KEY


def _sign_in(username: str, pin: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_pin").input(pin)
    return at.button(key="FormSubmitter:sign_in_form-Sign in").click().run()


def test_sign_in_with_the_right_pin_opens_the_activities_page(db: sessionmaker[Session]) -> None:
    at = _sign_in("staff", "111333")
    assert not at.exception
    assert at.session_state[USER_KEY].username == "staff"
    assert [t.value for t in at.title] == ["Activities"]


def test_a_wrong_pin_keeps_the_sign_in_page(db: sessionmaker[Session]) -> None:
    at = _sign_in("staff", "999999")
    assert not at.exception
    assert USER_KEY not in at.session_state
    assert "do not match" in at.error[0].value


@pytest.mark.parametrize(
    ("username", "page", "title"),
    [
        ("staff", "ui/cards.py", "Feedback cards"),
        ("staff", "ui/partners.py", None),
        ("admin", "ui/partners.py", "Partners"),
        ("admin", "ui/kiosk_start.py", "Start a kiosk survey"),
        ("reviewer", "ui/activities.py", "Activities"),
        ("reviewer", "ui/cards.py", None),
        ("reviewer", "ui/activity_edit.py", None),
    ],
)
def test_pages_follow_the_role(
    db: sessionmaker[Session], username: str, page: str, title: str | None
) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[USER_KEY] = signed_in_user(db, username)
    at.run()
    if title is None:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)
        return
    at.switch_page(page).run()
    assert not at.exception
    assert [t.value for t in at.title] == [title]


def test_a_started_kiosk_shows_only_the_survey(db: sessionmaker[Session]) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[USER_KEY] = signed_in_user(db, "staff")
    at.session_state[KIOSK_KEY] = kiosk_config(db, staff="staff")
    at.run()
    assert not at.exception
    assert at.button(key="kq_0_yes").label == "Yes, I'll take part"
    with pytest.raises(ValueError, match=r"Known pages: \['[^']*ui/kiosk.py'\]"):
        at.switch_page("ui/activities.py")


def test_a_switched_off_account_is_signed_out_at_once(db: sessionmaker[Session]) -> None:
    from feedback.models import User

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[USER_KEY] = signed_in_user(db, "staff")
    at.run()
    assert [t.value for t in at.title] == ["Activities"]
    with db() as session, session.begin():
        session.query(User).filter_by(username="staff").one().active = False
    at.run()
    assert not at.exception
    assert USER_KEY not in at.session_state
    assert at.text_input(key="sign_in_username") is not None


def test_a_changed_role_takes_effect_at_once(db: sessionmaker[Session]) -> None:
    from feedback.models import User

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[USER_KEY] = signed_in_user(db, "staff")
    at.run()
    with db() as session, session.begin():
        session.query(User).filter_by(username="staff").one().role = "reviewer"
    at.run()
    assert at.session_state[USER_KEY].role == "reviewer"
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("ui/cards.py")
