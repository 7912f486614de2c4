"""To read: every new comment read once by a person, the riskiest first; flag what the detectors missed."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analysis.params import LOCALITIES
from feedback.access import NotAllowedError
from feedback.dates import LOCAL_ZONE
from feedback.models import utcnow
from feedback.review.first_read import (
    QueueItem,
    clear_flag,
    flag_comment,
    list_unread,
    mark_read,
    queue_summary,
)
from ui.alerts_banner import counted
from ui.components import field_error
from ui.forms import attempt, load
from ui.state import read_deadlines, require_page, viewer_of

FLASH_KEY = "read_flash"
PAGE_SIZE = 20

user = require_page("reading")
viewer = viewer_of(user)
deadlines = read_deadlines()
st.title("To read")
st.caption(
    f"Every new comment is read once by a person. The riskiest come first, then the oldest. A comment "
    f"waiting more than {deadlines.working_days} working days is overdue; a flagged one after "
    f"{deadlines.flagged_hours} hours."
)
top = st.container()
if flash := st.session_state.pop(FLASH_KEY, None):
    top.success(flash)


def wait_text(since: dt.datetime | None) -> str:
    """How long the oldest comment has waited, in plain words."""
    if since is None:
        return "nothing waiting"
    hours = int((utcnow() - since).total_seconds() // 3600)
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"


summary = load(
    "count the comments to read", lambda s: queue_summary(session=s, viewer=viewer, deadlines=deadlines)
)
a, b, c = st.columns(3)
a.metric("Waiting", counted(summary.waiting))
b.metric("Overdue", counted(summary.overdue))
c.metric("Oldest wait", wait_text(summary.oldest))


def _do(what: str, action, message: str) -> None:
    try:
        outcome = attempt(what, action)
    except NotAllowedError as exc:
        st.error(str(exc))
        return
    if outcome.ok:
        st.session_state[FLASH_KEY] = message
        st.rerun()
    return outcome


def _item(item: QueueItem) -> None:
    with st.container(border=True):
        label = "Flagged for safeguarding · " if item.safeguarding else ""
        late = "Overdue · " if item.overdue else ""
        st.caption(
            f"{late}{label}{item.created_at.astimezone(LOCAL_ZONE):%a %d %b %Y, %H:%M} · "
            f"{LOCALITIES.get(item.locality, item.locality)} · {item.question_type.replace('_', ' ')} · "
            f"{item.channel.replace('_', ' ')}"
        )
        if item.activity:
            st.text(f"Activity: {item.activity}")
        st.text(item.redacted_text)
        read, flag = st.columns(2)
        if read.button("Read, nothing to do", key=f"read_{item.id}", type="primary", width="stretch"):
            _do(
                "record the read",
                lambda s: mark_read(session=s, comment_id=item.id, viewer=viewer),
                "Marked read.",
            )
        if not item.safeguarding:
            if flag.button("Flag for safeguarding", key=f"flag_{item.id}", width="stretch"):
                _do(
                    "flag the comment",
                    lambda s: flag_comment(session=s, comment_id=item.id, viewer=viewer),
                    "Flagged: an alert has gone to the people responsible.",
                )
            return
        with flag.form(f"clear_form_{item.id}", enter_to_submit=False):
            st.text_input("Why this is not a disclosure", key=f"reason_{item.id}", max_chars=300)
            slot = st.empty()
            cleared = st.form_submit_button("Clear the flag", key=f"clear_{item.id}")
        if cleared:
            reason = st.session_state.get(f"reason_{item.id}") or ""
            outcome = _do(
                "clear the flag",
                lambda s: clear_flag(session=s, comment_id=item.id, viewer=viewer, reason=reason),
                "Flag cleared; the comment now counts in summaries.",
            )
            if outcome is not None:
                with slot:
                    field_error(outcome.errors, "reason")


items = load(
    "list the comments to read",
    lambda s: list_unread(session=s, viewer=viewer, limit=PAGE_SIZE, deadlines=deadlines),
)
if not items:
    st.info("Everything has been read.")
for item in items:
    _item(item)
