"""Per-process database access and per-browser-session sign-in state."""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from feedback.access import Viewer, may_open
from feedback.admin.sessions import check_session, end_idle_sessions, end_session, start_session
from feedback.capture.analysis_worker import worker_for
from feedback.capture.kiosk_devices import clear_abandoned
from feedback.db import make_engine, make_session_factory, transaction
from feedback.migrations import migrate
from feedback.review.first_read import ReadDeadlines
from feedback.settings import Settings, get_settings
from ui.browser import SESSION_COOKIE, cookie
from ui.components import show_database_error

USER_KEY = "signed_in_user"
KIOSK_KEY = "kiosk"  # the kiosk device token while this browser is a kiosk
TOKEN_KEY = "session_token"  # the staff session token (also in the browser's cookie)
NOTICE_KEY = "sign_in_notice"
SPENT_KEY = "spent_session_cookie"  # a cookie token this tab has seen end (the cookie goes next run)
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
    factory = make_session_factory(engine)
    worker_for(factory)  # completes the analysis of saved comments, including any left pending
    return factory


def settings() -> Settings:
    """The process settings."""
    return get_settings()


def session_factory() -> sessionmaker[Session]:
    """The session factory for the configured database (migrated once per process)."""
    return _factory_for(get_settings().database_url)


def current_user() -> SignedInUser | None:
    """The signed-in user of this browser session, if any."""
    return st.session_state.get(USER_KEY)


def session_token() -> str:
    """The staff session token of this browser: this session's, else the cookie sent at reload."""
    from_cookie = cookie(SESSION_COOKIE)
    if from_cookie and from_cookie == st.session_state.get(SPENT_KEY):
        from_cookie = ""
    return st.session_state.get(TOKEN_KEY) or from_cookie


def _signed_in(row: object) -> SignedInUser:
    return SignedInUser(row.id, row.username, row.display_name, row.role, row.locality)  # type: ignore[attr-defined]


def refresh_user() -> SignedInUser | None:
    """The signed-in user, re-read from the server-side session, so that a reload keeps the sign-in
    and a sign-out on another tab, an idle time-out or a switched-off account takes effect at once."""
    user, token = current_user(), session_token()
    if not token and user is None:
        return None
    idle = get_settings().session_idle_minutes
    try:
        with transaction(session_factory()) as session:
            if not token:  # signed in without a server session (set up by a test): give it one
                token = start_session(session=session, user_id=user.id)
            check = check_session(session=session, token=token, idle_minutes=idle)
            fresh = _signed_in(check.user) if check.user is not None else None
    except SQLAlchemyError:
        show_database_error("check your sign-in")
        st.stop()
    if fresh is None:
        _forget_all(spent=token)
        if check.reason == "idle":
            minutes = f"{idle} minute" + ("" if idle == 1 else "s")
            st.session_state[NOTICE_KEY] = f"You were signed out after {minutes} without use. Sign in again."
        elif user is not None:
            st.session_state[NOTICE_KEY] = "You have been signed out. Sign in again to carry on."
        return None
    st.session_state[USER_KEY] = fresh
    st.session_state[TOKEN_KEY] = token
    return fresh


def sign_in(user: SignedInUser) -> None:
    """Remember the user for this browser: a server-side session whose token the browser keeps."""
    try:
        with transaction(session_factory()) as session:
            token = start_session(session=session, user_id=user.id)
    except SQLAlchemyError:
        show_database_error("sign you in")
        st.stop()
    st.session_state.pop(NOTICE_KEY, None)
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token


def end_server_session() -> None:
    """End this browser's staff session on the server (every tab), keeping this run's state."""
    token = session_token()
    if token:
        try:
            with transaction(session_factory()) as session:
                end_session(session=session, token=token)
        except SQLAlchemyError:
            show_database_error("sign you out")
            st.stop()
    st.session_state.pop(TOKEN_KEY, None)


def _forget_all(*, spent: str = "") -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if spent:
        st.session_state[SPENT_KEY] = spent


def sign_out() -> None:
    """Sign out on every tab (the server-side session goes) and forget everything this tab held."""
    token = session_token()
    end_server_session()
    _forget_all(spent=token)


SWEEP_SECONDS = 300
ABANDONED_KIOSK_SECONDS = 3600
_last_sweep = [0.0]


def sweep() -> None:
    """Every few minutes per process: delete idle staff sessions and the answers-so-far of kiosks
    left alone for an hour (a closed browser), so nothing personal lingers on the server."""
    if time.monotonic() - _last_sweep[0] < SWEEP_SECONDS:
        return
    _last_sweep[0] = time.monotonic()
    env = get_settings()
    idle_kiosk = max(ABANDONED_KIOSK_SECONDS, 2 * (env.kiosk_timeout_seconds + env.kiosk_warning_seconds))
    try:
        with transaction(session_factory()) as session:
            end_idle_sessions(session=session, idle_minutes=env.session_idle_minutes)
            clear_abandoned(session=session, idle_seconds=idle_kiosk)
    except SQLAlchemyError:
        pass  # tried again at the next sweep; each page checks its own session and kiosk anyway


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
