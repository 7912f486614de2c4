"""Per-process database access and per-browser-session sign-in state."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy.orm import Session, sessionmaker

from feedback.access import Viewer, may_open
from feedback.db import make_engine, make_session_factory
from feedback.migrations import migrate
from feedback.models import User
from feedback.review.first_read import ReadDeadlines
from feedback.settings import Settings, get_settings

USER_KEY = "signed_in_user"
KIOSK_KEY = "kiosk"
PIN_RULE_KEY = "pin_rule_unmet"  # set at sign-in when the PIN is shorter than the role's rule


@dataclass(frozen=True)
class SignedInUser:
    """Who is using this browser session (no personal data beyond a display name)."""

    id: int
    username: str
    display_name: str
    role: str
    locality: str | None


@st.cache_resource(show_spinner="Opening the database...")
def _factory_for(url: str) -> sessionmaker[Session]:
    engine = make_engine(url)
    migrate(engine, get_settings())
    return make_session_factory(engine)


def settings() -> Settings:
    """The process settings."""
    return get_settings()


def session_factory() -> sessionmaker[Session]:
    """The session factory for the configured database (migrated once per process)."""
    return _factory_for(get_settings().database_url)


def current_user() -> SignedInUser | None:
    """The signed-in user of this browser session, if any."""
    return st.session_state.get(USER_KEY)


def refresh_user() -> SignedInUser | None:
    """Re-read the signed-in account so a switched-off or changed account takes effect at once."""
    user = current_user()
    if user is None:
        return None
    with session_factory()() as session:
        row = session.get(User, user.id)
        fresh = (
            SignedInUser(row.id, row.username, row.display_name, row.role, row.locality)
            if row is not None and row.active
            else None
        )
    if fresh is None:
        sign_out()
    elif fresh != user:
        st.session_state[USER_KEY] = fresh
    return fresh


def sign_in(user: SignedInUser) -> None:
    """Remember the user for this browser session."""
    st.session_state[USER_KEY] = user


def sign_out() -> None:
    """Forget everything this browser session held."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def require_page(page: str) -> SignedInUser:
    """The signed-in user; stops the page when nobody is signed in or the role may not open it."""
    user = current_user()
    if user is None:
        st.warning("Please sign in first.")
        st.stop()
    if not may_open(user.role, page):
        st.error("Your role cannot open this page. Ask an admin if you need it.")
        st.stop()
    return user


def read_deadlines() -> ReadDeadlines:
    """How long comments may wait for their first read (from the settings)."""
    config = get_settings()
    return ReadDeadlines(config.read_within_working_days, config.flagged_read_within_hours)


def viewer_of(user: SignedInUser) -> Viewer:
    """The services' view of a signed-in user."""
    return Viewer(user_id=user.id, role=user.role, locality=user.locality)
