"""Audit log (admin): who did what and when, filtered and one page at a time; only usernames, no text."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from feedback.admin.audit import AuditFilter, AuditPage, audit_event_types, audit_users, query_audit_events
from ui.forms import load
from ui.state import require_page

PAGE_KEY = "audit_page_number"
PAGE_SIZE = 50
ANY = ""  # the event option meaning "every event"
EVERYONE = 0  # the user option meaning "everyone"


def _to_first_page() -> None:
    st.session_state[PAGE_KEY] = 1


def _move(step: int) -> None:
    st.session_state[PAGE_KEY] = max(1, st.session_state.get(PAGE_KEY, 1) + step)


def filter_bar() -> AuditFilter | None:
    """The filter widgets; None (with a message) when the dates are the wrong way round."""
    events = load("read the event types", lambda s: audit_event_types(session=s))
    users = dict(load("read the users", lambda s: audit_users(session=s)))
    event_col, user_col, start_col, end_col = st.columns([3, 3, 2, 2])
    event = event_col.selectbox(
        "Event",
        [ANY, *events],
        format_func=lambda e: e or "All events",
        key="audit_event",
        on_change=_to_first_page,
    )
    user_id = user_col.selectbox(
        "User",
        [EVERYONE, *users],
        format_func=lambda i: users.get(i, "Everyone"),
        key="audit_user",
        on_change=_to_first_page,
    )
    start = start_col.date_input(
        "From", value=None, format="DD/MM/YYYY", key="audit_start", on_change=_to_first_page
    )
    end = end_col.date_input("To", value=None, format="DD/MM/YYYY", key="audit_end", on_change=_to_first_page)
    if start and end and start > end:
        st.error("The 'From' date is after the 'To' date. Change one of them to see events.")
        return None
    return AuditFilter(event=event or None, user_id=user_id or None, start=start, end=end)


def _detail(detail: dict) -> str:
    return json.dumps(detail, sort_keys=True, default=str) if detail else ""


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%d %b %Y %H:%M:%S")


def events_table(page: AuditPage) -> None:
    """One page of events as a table."""
    rows = [
        {
            "When (UTC)": _when(r.at),
            "User": r.username or "system",
            "Event": r.event,
            "Object": f"{r.object_type} {r.object_id}".strip(),
            "Detail": _detail(r.detail),
        }
        for r in page.rows
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def pager(page: AuditPage) -> None:
    """Previous and next buttons with the position."""
    back, where, forward = st.columns([1, 3, 1])
    back.button("Previous", key="audit_prev", disabled=page.page <= 1, on_click=_move, args=(-1,))
    first = (page.page - 1) * page.page_size + 1
    last = first + len(page.rows) - 1
    where.markdown(f"Page {page.page} of {page.pages}: events {first:,} to {last:,} of {page.total:,}")
    forward.button("Next", key="audit_next", disabled=page.page >= page.pages, on_click=_move, args=(1,))


require_page("audit_log")
st.title("Audit log")
st.caption("Who did what, and when. Events hold ids and counts only: never what anyone wrote.")
filters = filter_bar()
if filters is None:
    st.stop()
wanted = st.session_state.get(PAGE_KEY, 1)
page = load(
    "read the audit log",
    lambda s: query_audit_events(session=s, filters=filters, page=wanted, page_size=PAGE_SIZE),
)
st.session_state[PAGE_KEY] = page.page
if page.total == 0:
    st.info("No events match these filters. Widen the dates or choose 'All events'.")
    st.stop()
events_table(page)
pager(page)
