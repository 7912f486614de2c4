"""AppTest: single sign-on appears only when [auth] is configured and opens only a linked account."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.admin.auth import create_user
from feedback.admin.sso import set_sso_email
from feedback.db import transaction
from tests.ui.conftest import APP, TIMEOUT, signed_in_user
from ui.state import USER_KEY

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "feedback-app",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://idp.invalid/.well-known/openid-configuration",
}


def _app(*, auth: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if auth is not None:
        at.secrets["auth"] = auth
    if user is not None:
        at.user = user
    return at.run()


def _buttons(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


def test_without_auth_settings_there_is_no_sso_button(db: sessionmaker[Session]) -> None:
    at = _app()
    assert not at.exception
    assert "sso_login" not in _buttons(at)
    assert at.text_input(key="sign_in_pin").label == "PIN or passphrase"
    assert any("at least 6 digits" in c.value for c in at.caption)


def test_with_auth_settings_the_sso_button_shows(db: sessionmaker[Session]) -> None:
    at = _app(auth=AUTH)
    assert not at.exception
    assert "sso_login" in _buttons(at)
    assert USER_KEY not in at.session_state


def test_an_identity_linked_to_an_account_signs_in(db: sessionmaker[Session]) -> None:
    staff = signed_in_user(db, "staff")
    with transaction(db) as session:
        set_sso_email(session=session, user_id=staff.id, email="sam@partner.org", actor_id=None)
    at = _app(auth=AUTH, user={"is_logged_in": True, "email": "Sam@Partner.org", "email_verified": True})
    assert not at.exception
    assert at.session_state[USER_KEY].username == "staff"
    assert [t.value for t in at.title] == ["Activities"]


def test_an_unknown_identity_is_told_to_ask_an_admin(db: sessionmaker[Session]) -> None:
    at = _app(auth=AUTH, user={"is_logged_in": True, "email": "stranger@partner.org"})
    assert not at.exception
    assert USER_KEY not in at.session_state
    assert "Ask an admin to add you" in at.warning[0].value
    assert "sso_logout" in _buttons(at)


def test_a_pin_weaker_than_the_rule_is_flagged_after_sign_in(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        create_user(session=session, username="old", display_name="Old", role="staff", pin="2468")
    at = _app()
    at.text_input(key="sign_in_username").input("old")
    at.text_input(key="sign_in_pin").input("2468")
    at.button(key="FormSubmitter:sign_in_form-Sign in").click().run()
    assert not at.exception
    assert at.session_state[USER_KEY].username == "old"
    assert "weaker than the rule" in at.warning[0].value
    strong = _app()
    strong.text_input(key="sign_in_username").input("staff")
    strong.text_input(key="sign_in_pin").input("111333")
    strong.button(key="FormSubmitter:sign_in_form-Sign in").click().run()
    assert not any("weaker than the rule" in w.value for w in strong.warning)
