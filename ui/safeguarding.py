"""Safeguarding review list (admins; locality leads for their own locality): record action taken."""

from __future__ import annotations

import streamlit as st

from analysis.params import LOCALITIES
from feedback.access import NotAllowedError
from feedback.review.safeguarding import FlaggedComment, count_flagged, list_flagged, mark_reviewed
from ui.components import field_error, plain
from ui.forms import attempt, load
from ui.state import require_page, viewer_of

FLASH_KEY = "sg_flash"
PAGE_SIZE = 50

user = require_page("safeguarding")
viewer = viewer_of(user)
st.title("Safeguarding review")
st.caption(
    "Comments the analysis flagged as a possible risk of harm. Read each one, act under your "
    "safeguarding procedure, then record what was done. Flagged comments never appear in summaries "
    "or quotes."
)
top = st.container()
if flash := st.session_state.pop(FLASH_KEY, None):
    top.success(flash)


def _meta(item: FlaggedComment) -> str:
    return (
        f"{item.created_at:%d %b %Y} · {LOCALITIES.get(item.locality, item.locality)} · "
        f"{item.question_type.replace('_', ' ')} · {item.channel.replace('_', ' ')}"
    )


def _to_review(item: FlaggedComment) -> None:
    with st.container(border=True):
        st.caption(_meta(item))
        st.text(item.redacted_text)
        with st.form(f"sg_form_{item.id}", enter_to_submit=False):
            st.text_area(
                "Action taken",
                key=f"note_{item.id}",
                placeholder="For example: passed to the duty social worker on the day; person contacted.",
            )
            slot = st.empty()
            done = st.form_submit_button("Reviewed, action taken", type="primary", key=f"reviewed_{item.id}")
        if done:
            note = st.session_state.get(f"note_{item.id}") or ""
            try:
                outcome = attempt(
                    "record the review",
                    lambda s: mark_reviewed(session=s, comment_id=item.id, viewer=viewer, note=note),
                )
            except NotAllowedError as exc:
                st.error(str(exc))
                return
            with slot:
                field_error(outcome.errors, "note")
            if outcome.ok:
                st.session_state[FLASH_KEY] = "Review recorded."
                st.rerun()


waiting = load("count flagged comments", lambda s: count_flagged(session=s, viewer=viewer))
pending, reviewed = st.tabs([f"To review ({waiting:,})", "Reviewed"])
with pending:
    items = load("list flagged comments", lambda s: list_flagged(session=s, viewer=viewer, limit=PAGE_SIZE))
    if not items:
        st.info("Nothing is waiting for review.")
    for item in items:
        _to_review(item)
with reviewed:
    done_items = load(
        "list reviewed comments",
        lambda s: list_flagged(session=s, viewer=viewer, reviewed=True, limit=PAGE_SIZE),
    )
    for item in done_items:
        with st.container(border=True):
            st.caption(_meta(item))
            st.text(item.redacted_text)
            st.markdown(
                f"**Reviewed** {item.reviewed_at:%d %b %Y %H:%M} by {plain(item.reviewed_by or 'unknown')}"
            )
            st.text(item.note or "")
