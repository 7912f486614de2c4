"""Half-typed staff forms kept in the server-side session, so a reload does not lose them."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from feedback.admin.sessions import forget_drafts, session_drafts, touch_session
from feedback.db import transaction
from feedback.models import Submission
from ui.state import TOKEN_KEY, session_factory

CARD_TEXT = "card_text_"
CARD_ACTIVITY = "cards_activity"


def _token() -> str:
    return st.session_state.get(TOKEN_KEY, "")


def remember(key: str, value: str) -> None:
    """Keep one value (such as the chosen activity) with the session's drafts."""
    if not _token():
        return
    try:
        with transaction(session_factory()) as session:
            touch_session(session=session, token=_token(), drafts={key: value})
    except SQLAlchemyError:
        pass  # a draft that could not be kept loses nothing on screen


def forget(prefix: str) -> None:
    """Drop the drafts whose key starts with prefix (a card that has been saved)."""
    if not _token():
        return
    try:
        with transaction(session_factory()) as session:
            forget_drafts(session=session, token=_token(), prefix=prefix)
    except SQLAlchemyError:
        pass


def saved_drafts() -> dict[str, str]:
    """The session's drafts, read once after a reload."""
    if not _token():
        return {}
    try:
        with session_factory()() as session:
            return session_drafts(session=session, token=_token())
    except SQLAlchemyError:
        return {}


def unsaved_card(drafts: dict[str, str]) -> tuple[str, str] | None:
    """The newest half-typed card (its submission id and text) that has not been saved since."""
    candidates = [
        (k[len(CARD_TEXT) :], v) for k, v in drafts.items() if k.startswith(CARD_TEXT) and v.strip()
    ]
    if not candidates:
        return None
    sid, text = candidates[-1]
    try:
        with session_factory()() as session:
            if session.get(Submission, sid) is not None:
                return None
    except SQLAlchemyError:
        return None
    return sid, text
