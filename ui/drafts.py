"""Half-typed staff forms kept in the server-side session, so a reload does not lose them."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from feedback.admin.sessions import forget_drafts, session_drafts, touch_session
from feedback.db import transaction
from feedback.models import Submission
from ui.state import TOKEN_KEY, session_factory

CARD_FIELDS = ("text", "type", "group", "quote")
CARD_PREFIXES = tuple(f"card_{name}_" for name in CARD_FIELDS)
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


def forget(*prefixes: str) -> None:
    """Drop the drafts whose key starts with any of the prefixes (a card that has been saved)."""
    if not _token():
        return
    try:
        with transaction(session_factory()) as session:
            for prefix in prefixes:
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


def _card_fields(drafts: dict[str, str]) -> dict[str, dict[str, str]]:
    """The kept card fields by submission id, in the order the cards were first kept."""
    cards: dict[str, dict[str, str]] = {}
    for key, value in drafts.items():
        for name in CARD_FIELDS:
            prefix = f"card_{name}_"
            if key.startswith(prefix) and isinstance(value, str):
                cards.setdefault(key[len(prefix) :], {})[name] = value
    return cards


def unsaved_card(drafts: dict[str, str], blank: dict[str, str]) -> tuple[str, dict[str, str]] | None:
    """The newest half-filled card (its submission id and shown fields) that has not been saved since.

    Args:
        drafts: the session's drafts (widget key -> shown value).
        blank: what each field shows on a fresh card; a card showing only these is not half-filled.
    """
    filled = [
        (sid, fields)
        for sid, fields in _card_fields(drafts).items()
        if any(value.strip() and value != blank.get(name, "") for name, value in fields.items())
    ]
    if not filled:
        return None
    sid, fields = filled[-1]
    try:
        with session_factory()() as session:
            if session.get(Submission, sid) is not None:
                return None
    except SQLAlchemyError:
        return None
    return sid, fields
