"""What needs a person now, shown at the top of pages: open safeguarding alerts and overdue reading."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.errors import StreamlitAPIException

from feedback.access import may
from feedback.review.alerts import count_open_alerts
from feedback.review.first_read import QUEUE_CAP, queue_summary
from ui.state import SignedInUser, read_deadlines, session_factory, viewer_of

log = logging.getLogger(__name__)


def _link(page: str, label: str, icon: str) -> None:
    """A link to a page of the navigation; words instead when the page runs on its own (tests)."""
    try:
        st.page_link(page, label=label, icon=icon)
    except StreamlitAPIException:
        st.caption(f"{label}: choose it in the menu.")


def show_alert_banner(user: SignedInUser) -> None:
    """A banner with a link when alerts routed to this person wait for a review."""
    if not may(user.role, "receive_alerts"):
        return
    try:
        with session_factory()() as session:
            waiting = count_open_alerts(session=session, viewer=viewer_of(user))
    except SQLAlchemyError:
        log.exception("could not count open alerts")
        st.error("Safeguarding alerts could not be checked because the database did not answer. Reload soon.")
        return
    if waiting:
        with st.container(border=True):
            st.error(
                f"{waiting} safeguarding alert{'s' if waiting != 1 else ''} need{'s' if waiting == 1 else ''} "
                "a person: a possible disclosure or a request for help from your cards, kiosks or locality."
            )
            st.page_link(
                "ui/safeguarding.py",
                label="Open the safeguarding alerts",
                icon=":material/health_and_safety:",
            )


def counted(n: int) -> str:
    """A queue count as shown: "10,000+" past the cap the count stops at."""
    return f"{QUEUE_CAP:,}+" if n > QUEUE_CAP else f"{n:,}"


def show_reading_status(user: SignedInUser) -> None:
    """How many comments wait for a first read, and how many are overdue (for the people who read)."""
    if not may(user.role, "first_read"):
        return
    try:
        with session_factory()() as session:
            summary = queue_summary(session=session, viewer=viewer_of(user), deadlines=read_deadlines())
    except SQLAlchemyError:
        log.exception("could not count the reading queue")
        return
    if summary.overdue:
        st.warning(
            f"{counted(summary.overdue)} comment{'s are' if summary.overdue != 1 else ' is'} overdue for a "
            f"first read ({counted(summary.waiting)} waiting)."
        )
        _link("ui/reading.py", "Open the comments to read", ":material/inbox:")
    elif summary.waiting:
        st.caption(
            f"{counted(summary.waiting)} new comment{'s' if summary.waiting != 1 else ''} to read; none overdue."
        )
