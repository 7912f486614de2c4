"""Staff sessions on both databases: a reload finds them, sign-out and idle time end them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.admin import sessions
from feedback.fixtures import make_user
from feedback.models import StaffSession, User, utcnow
from feedback.tokens import token_hash

IDLE = 30


def _start(session: Session, username: str = "sam") -> tuple[int, str]:
    user = make_user(session, username=username)
    token = sessions.start_session(session=session, user_id=user.id)
    session.commit()
    return user.id, token


def test_a_token_finds_its_user_and_only_a_hash_is_stored(session: Session) -> None:
    user_id, token = _start(session)
    check = sessions.check_session(session=session, token=token, idle_minutes=IDLE)
    assert check.user.id == user_id
    assert session.scalars(select(StaffSession.token_hash)).all() == [token_hash(token)]
    assert sessions.check_session(session=session, token="made-up", idle_minutes=IDLE).reason == "missing"


def test_an_idle_session_ends_and_is_deleted(session: Session) -> None:
    _, token = _start(session)
    later = utcnow() + dt.timedelta(minutes=IDLE, seconds=1)
    assert sessions.check_session(session=session, token=token, idle_minutes=IDLE, now=later).reason == "idle"
    session.commit()
    assert session.scalars(select(StaffSession)).all() == []


def test_use_keeps_a_session_alive(session: Session) -> None:
    _, token = _start(session)
    almost = utcnow() + dt.timedelta(minutes=IDLE - 1)
    assert sessions.touch_session(session=session, token=token, now=almost)
    session.commit()
    later = almost + dt.timedelta(minutes=IDLE - 1)
    assert sessions.check_session(session=session, token=token, idle_minutes=IDLE, now=later).user is not None


def test_sign_out_ends_the_session_for_every_tab(session: Session) -> None:
    _, token = _start(session)
    _, other = _start(session, "kim")
    assert sessions.end_session(session=session, token=token)
    session.commit()
    for _tab in range(2):  # two tabs share the cookie, so both find nothing
        assert sessions.check_session(session=session, token=token, idle_minutes=IDLE).user is None
    assert sessions.check_session(session=session, token=other, idle_minutes=IDLE).user is not None


def test_a_switched_off_account_ends_its_session(session: Session) -> None:
    user_id, token = _start(session)
    session.get(User, user_id).active = False
    session.commit()
    assert sessions.check_session(session=session, token=token, idle_minutes=IDLE).reason == "account"


def test_drafts_are_kept_until_forgotten(session: Session) -> None:
    _, token = _start(session)
    sessions.touch_session(session=session, token=token, drafts={"card_text_abc": "Half a card", "n": 5})
    session.commit()
    session.expire_all()
    assert sessions.session_drafts(session=session, token=token) == {"card_text_abc": "Half a card"}
    sessions.forget_drafts(session=session, token=token, prefix="card_text_abc")
    session.commit()
    session.expire_all()
    assert sessions.session_drafts(session=session, token=token) == {}


def test_end_idle_sessions_removes_only_the_old_ones(session: Session) -> None:
    _, old = _start(session)
    _, fresh = _start(session, "kim")
    session.get(StaffSession, token_hash(old)).last_seen = utcnow() - dt.timedelta(hours=2)
    session.commit()
    assert sessions.end_idle_sessions(session=session, idle_minutes=IDLE) == 1
    session.commit()
    assert session.scalars(select(StaffSession.token_hash)).all() == [token_hash(fresh)]


def test_a_look_without_ending_leaves_the_idle_session_for_the_page_to_end(session: Session) -> None:
    _, token = _start(session)
    later = utcnow() + dt.timedelta(minutes=IDLE + 1)
    look = sessions.check_session(
        session=session, token=token, idle_minutes=IDLE, now=later, touch=False, end=False
    )
    assert look.reason == "idle"
    session.commit()
    assert sessions.check_session(session=session, token=token, idle_minutes=IDLE, now=later).reason == "idle"
    session.commit()
    assert session.scalars(select(StaffSession)).all() == []
