"""AppTest: a reload keeps the staff sign-in and a half-typed card; idle time and sign-out end it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.admin.sessions import touch_session
from feedback.db import transaction
from feedback.fixtures import make_activity
from feedback.models import Comment, StaffSession, Submission, utcnow
from feedback.tokens import token_hash
from tests.ui.conftest import APP, TIMEOUT
from ui.forms import card_keys
from ui.state import NOTICE_KEY, TOKEN_KEY, USER_KEY

HALF_CARD = "The letters from the court are hard to"


def _sign_in() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="sign_in_username").input("staff")
    at.text_input(key="sign_in_pin").input("111333")
    return at.button(key="FormSubmitter:sign_in_form-Sign in").click().run()


def _tab(token: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """Another browser session (a reload or a second tab) sending the session cookie."""
    monkeypatch.setattr("ui.state.cookie", lambda name: token if name == "feedback_session" else "")
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def _rows(db: sessionmaker[Session]) -> list[StaffSession]:
    with db() as session:
        return list(session.scalars(select(StaffSession)))


def test_a_reload_keeps_the_sign_in(db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    first = _sign_in()
    token = first.session_state[TOKEN_KEY]
    assert [r.token_hash for r in _rows(db)] == [token_hash(token)]
    again = _tab(token, monkeypatch)
    assert not again.exception
    assert again.session_state[USER_KEY].username == "staff"
    assert [t.value for t in again.title] == ["Activities"]


def test_a_made_up_cookie_opens_nothing(db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    _sign_in()
    again = _tab("not-a-real-token", monkeypatch)
    assert USER_KEY not in again.session_state
    assert again.text_input(key="sign_in_username") is not None


def test_a_reload_keeps_a_half_typed_card(db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    with transaction(db) as session:
        activity_id = make_activity(session).id
    first = _sign_in()
    token = first.session_state[TOKEN_KEY]
    first.switch_page("ui/cards.py").run()
    first.selectbox(key="cards_activity").set_value(activity_id).run()
    sid = first.session_state["card_submission_id"]
    with transaction(db) as session:  # what the page's script reports while the card is typed
        touch_session(session=session, token=token, drafts={card_keys(sid)["text"]: HALF_CARD})
    again = _tab(token, monkeypatch)
    again.switch_page("ui/cards.py").run()
    assert not again.exception
    assert again.selectbox(key="cards_activity").value == activity_id
    assert again.session_state["card_submission_id"] == sid  # the same card, so it is stored once
    assert again.text_area(key=card_keys(sid)["text"]).value == HALF_CARD
    assert "half-typed card is back" in again.success[0].value
    again.radio(key=card_keys(sid)["type"]).set_value("could_improve")
    again.text_area(key=card_keys(sid)["text"]).input(HALF_CARD + " read.")
    again.button(key=card_keys(sid)["save"]).click().run()
    with db() as session:
        assert session.scalars(select(Submission.id)).all() == [sid]
        assert session.scalars(select(Comment.text)).all() == [HALF_CARD + " read."]
    third = _tab(token, monkeypatch)  # the saved card's draft is gone
    third.switch_page("ui/cards.py").run()
    assert third.session_state["card_submission_id"] != sid
    assert third.text_area(key=card_keys(third.session_state["card_submission_id"])["text"]).value == ""


def test_an_idle_session_signs_out_with_a_message(db: sessionmaker[Session]) -> None:
    at = _sign_in()
    with transaction(db) as session:
        row = session.get(StaffSession, token_hash(at.session_state[TOKEN_KEY]))
        row.last_seen = utcnow() - dt.timedelta(minutes=31)
    at.run()
    assert not at.exception
    assert USER_KEY not in at.session_state
    assert "signed out after 30 minutes without use" in at.session_state[NOTICE_KEY]
    assert "signed out after 30 minutes" in at.info[0].value
    assert _rows(db) == []


def test_the_idle_time_comes_from_the_environment(
    db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    from feedback.settings import get_settings

    monkeypatch.setenv("FEEDBACK_SESSION_IDLE_MINUTES", "5")
    get_settings.cache_clear()
    at = _sign_in()
    with transaction(db) as session:
        session.get(StaffSession, token_hash(at.session_state[TOKEN_KEY])).last_seen = (
            utcnow() - dt.timedelta(minutes=6)
        )
    at.run()
    assert "after 5 minutes" in at.info[0].value


def test_sign_out_ends_the_session_on_every_tab(
    db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _sign_in()
    token = first.session_state[TOKEN_KEY]
    second = _tab(token, monkeypatch)
    assert second.session_state[USER_KEY].username == "staff"
    first.switch_page("ui/sign_out.py").run()
    assert USER_KEY not in first.session_state
    assert _rows(db) == []
    second.run()  # the other tab's next run finds no session
    assert not second.exception
    assert USER_KEY not in second.session_state
    assert second.text_input(key="sign_in_username") is not None
    first.run()  # the signed-out tab's own old cookie is not used again
    assert USER_KEY not in first.session_state
