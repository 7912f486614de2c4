"""Staff pages: report activity (typing counts) and sign out a tab whose session has ended.

A fragment on every staff page keeps the session cookie in step, tells the server when the
person is using the page (with what a half-filled card shows, so a reload keeps it), and every
GUARD_SECONDS checks that the session still exists: after a sign-out on another tab or an idle
time-out the tab goes to the sign-in page by itself, so nothing stays on screen.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from feedback.admin.sessions import check_session, touch_session
from feedback.db import transaction
from ui import drafts
from ui.browser import KIOSK_COOKIE, SESSION_COOKIE, last_ping, link
from ui.state import TOKEN_KEY, session_factory, settings

GUARD_SECONDS = 15
PING_SECONDS = 20
LINK_KEY = "staff_link"
DRAFT_PREFIXES = drafts.CARD_PREFIXES  # every field of a half-filled card


def _on_ping() -> None:
    """Someone typed, tapped or scrolled: the idle clock starts again; half-typed text is kept."""
    token = st.session_state.get(TOKEN_KEY)
    if not token:
        return
    shown = last_ping(LINK_KEY).get("drafts")
    try:
        with transaction(session_factory()) as session:
            touch_session(session=session, token=token, drafts=shown if isinstance(shown, dict) else None)
    except SQLAlchemyError:
        pass  # the next page run shows the database message; a missed report loses nothing


def _still_signed_in(token: str) -> bool:
    try:
        with transaction(session_factory()) as session:
            check = check_session(
                session=session,
                token=token,
                idle_minutes=settings().session_idle_minutes,
                touch=False,
                end=False,
            )
    except SQLAlchemyError:
        return True  # a database hiccup is not a sign-out
    return check.user is not None


@st.fragment(run_every=GUARD_SECONDS)
def staff_guard() -> None:
    """Mount the activity reporter; leave for the sign-in page once the session has ended."""
    token = st.session_state.get(TOKEN_KEY, "")
    link(
        LINK_KEY,
        cookies={SESSION_COOKIE: token, KIOSK_COOKIE: ""},
        ping_seconds=PING_SECONDS,
        drafts=DRAFT_PREFIXES,
        on_ping=_on_ping,
    )
    if not _still_signed_in(token):
        st.rerun(scope="app")
