"""Activities: the list, with filters, and the way into editing one or capturing its cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.orm import Session

from analysis.params import ACTIVITY_KINDS, LOCALITIES
from feedback.access import Viewer, may
from feedback.capture.activities import ActivityCursor, ActivityFilter, list_activities
from feedback.capture.lookups import submission_counts
from ui.alerts_banner import show_reading_status
from ui.components import plain
from ui.forms import load, short_date
from ui.paging import page_starts, turn_page
from ui.state import require_page, viewer_of

PAGE_SIZE = 25
ALL = ""
PAGES_KEY = "acts_pages"  # the filters paged and where each page seen so far starts


@dataclass(frozen=True)
class ActivityRow:
    """What one line of the list shows."""

    id: int
    title: str
    kind: str
    locality: str
    start_date: dt.date
    end_date: dt.date | None
    venue: str
    partners: int
    people: int
    cards: int
    surveys: int


def _rows(
    session: Session, viewer: Viewer, filters: ActivityFilter, after: ActivityCursor | None
) -> list[ActivityRow]:
    """A page of activities in the viewer's scope, newest first (one more than shown, to tell there are more)."""
    activities = list_activities(
        session=session, viewer=viewer, filters=filters, limit=PAGE_SIZE + 1, after=after
    )
    counts = submission_counts(session=session, activity_ids=[a.id for a in activities])
    return [
        ActivityRow(
            id=a.id,
            title=a.title,
            kind=ACTIVITY_KINDS.get(a.kind, a.kind),
            locality=LOCALITIES.get(a.locality, a.locality),
            start_date=a.start_date,
            end_date=a.end_date,
            venue=a.venue,
            partners=len(a.partners),
            people=sum(x.headcount for x in a.attendance),
            cards=counts[a.id].cards,
            surveys=counts[a.id].surveys,
        )
        for a in activities
    ]


def _filters(viewer: Viewer) -> ActivityFilter:
    """The filter widgets, in one row (a locality lead's locality list holds only their own)."""
    locality, kind, since, until = st.columns([3, 3, 2, 2])
    scope = viewer.locality_scope
    chosen_locality = locality.selectbox(
        "Locality",
        [scope] if scope else [ALL, *LOCALITIES],
        format_func=lambda k: LOCALITIES.get(k, "All localities"),
        key="acts_locality",
    )
    chosen_kind = kind.selectbox(
        "Kind",
        [ALL, *ACTIVITY_KINDS],
        format_func=lambda k: ACTIVITY_KINDS.get(k, "All kinds"),
        key="acts_kind",
    )
    date_from = since.date_input("From", value=None, format="DD/MM/YYYY", key="acts_from")
    date_to = until.date_input("To", value=None, format="DD/MM/YYYY", key="acts_to")
    return ActivityFilter(chosen_locality or None, chosen_kind or None, date_from, date_to)


def _show(row: ActivityRow, can_capture: bool) -> None:
    """One activity as a bordered card with its figures and buttons."""
    with st.container(border=True, key=f"acts_row_{row.id}"):
        text, actions = st.columns([3, 1])
        when = short_date(row.start_date) + (f" to {short_date(row.end_date)}" if row.end_date else "")
        text.markdown(f"#### {plain(row.title)}")
        text.markdown(
            f"{row.kind} · {row.locality} · {when}" + (f" · {plain(row.venue)}" if row.venue else "")
        )
        text.caption(
            f"{row.partners} partner{'s' if row.partners != 1 else ''} · {row.people} people engaged · "
            f"{row.cards} card{'s' if row.cards != 1 else ''} · "
            f"{row.surveys} survey response{'s' if row.surveys != 1 else ''}"
        )
        if not can_capture:
            return
        if actions.button("Capture cards", key=f"acts_cards_{row.id}", type="primary", width="stretch"):
            st.session_state["activity_id"] = row.id
            st.switch_page("ui/cards.py")
        if actions.button("Edit", key=f"acts_edit_{row.id}", width="stretch"):
            st.session_state["edit_activity_id"] = row.id
            st.switch_page("ui/activity_edit.py")


user = require_page("activities")
st.title("Activities")
show_reading_status(user)
can_capture = may(user.role, "capture")
if can_capture and st.button("Record a new activity", key="acts_new", icon=":material/add:"):
    st.session_state.pop("edit_activity_id", None)
    st.switch_page("ui/activity_edit.py")

viewer = viewer_of(user)
filters = _filters(viewer)
if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
    st.warning("The 'To' date is before the 'From' date, so nothing can match. Change one of them.")


def _pager(rows: list[ActivityRow], number: int, where: str) -> None:
    """Previous and next page buttons with the page number."""
    last = rows[PAGE_SIZE - 1] if len(rows) > PAGE_SIZE else None
    back, here, forward = st.columns([1, 3, 1])
    back.button(
        "Previous page",
        key=f"acts_prev_{where}",
        disabled=number == 1,
        on_click=turn_page,
        args=(PAGES_KEY, filters, None),
    )
    here.caption(f"Page {number}, newest first, {PAGE_SIZE} a page.")
    forward.button(
        "Next page",
        key=f"acts_next_{where}",
        disabled=last is None,
        on_click=turn_page,
        args=(PAGES_KEY, filters, (last.start_date, last.id) if last else None),
    )


starts = page_starts(PAGES_KEY, filters)
rows = load("list the activities", lambda s: _rows(s, viewer, filters, starts[-1]))
if not rows:
    st.info("No activities match. Change the filters, or record a new activity.")
paged = len(rows) > PAGE_SIZE or len(starts) > 1
if paged:
    _pager(rows, len(starts), "top")
for row in rows[:PAGE_SIZE]:
    _show(row, can_capture)
if paged and rows:
    _pager(rows, len(starts), "bottom")
