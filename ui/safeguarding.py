"""Safeguarding alerts: possible disclosures and requests for help routed to this person; record what was done."""

from __future__ import annotations

import streamlit as st

from analysis.params import LOCALITIES
from feedback.access import NotAllowedError
from feedback.dates import LOCAL_ZONE, aware
from feedback.review.alerts import OUTCOMES, AlertRow, list_alerts, review_alert
from ui.components import field_error, show_error_summary
from ui.forms import attempt, load
from ui.state import require_page, viewer_of

FLASH_KEY = "sg_flash"
PAGE_SIZE = 50
LABELS = {"outcome": "What was done", "referred_to": "Service referred to", "note": "Note"}

user = require_page("safeguarding")
viewer = viewer_of(user)
st.title("Safeguarding alerts")
st.caption(
    "Possible disclosures of harm, and people who asked for help, from the cards, kiosks and activities "
    "you are responsible for. Act under your safeguarding procedure, then record what was done. "
    "Flagged comments stay out of every summary, quote and export."
)
top = st.container()
if flash := st.session_state.pop(FLASH_KEY, None):
    top.success(flash)


def when(item: AlertRow) -> str:
    """The alert's local date and time."""
    return f"{aware(item.raised_at).astimezone(LOCAL_ZONE):%a %d %b %Y, %H:%M}"


def _details(item: AlertRow) -> None:
    kind = "Asked for help" if item.reason == "help" else "Possible disclosure"
    st.header(f"{kind} · {when(item)}")
    facts = [
        ("Where", LOCALITIES.get(item.locality, item.locality)),
        ("Activity", item.activity or "none recorded"),
        ("How", item.channel.replace("_", " ")),
        ("Survey", item.survey or "none (a staff card)"),
        ("Question", item.question or "none"),
        ("Receipt code", item.receipt_code or "none (a staff card)"),
    ]
    st.text("\n".join(f"{label}: {value}" for label, value in facts))
    if item.asked_for:
        st.text("Asked for help with: " + ", ".join(item.asked_for))
    if item.redacted_text:
        st.text(item.redacted_text)


def _review_form(item: AlertRow) -> None:
    with st.form(f"sg_form_{item.id}", enter_to_submit=False):
        st.radio(
            "What was done", list(OUTCOMES), format_func=OUTCOMES.get, index=None, key=f"outcome_{item.id}"
        )
        st.text_input("Service referred to (if referred)", key=f"service_{item.id}", max_chars=200)
        st.text_area("Note", key=f"note_{item.id}", placeholder="What happened, and why (no names).")
        slot = st.empty()
        done = st.form_submit_button("Record the review", type="primary", key=f"reviewed_{item.id}")
    if not done:
        return
    values = {k: st.session_state.get(f"{k}_{item.id}") or "" for k in ("outcome", "service", "note")}
    try:
        outcome = attempt(
            "record the review",
            lambda s: review_alert(
                session=s,
                alert_id=item.id,
                viewer=viewer,
                outcome=values["outcome"],
                referred_to=values["service"],
                note=values["note"],
            ),
        )
    except NotAllowedError as exc:
        st.error(str(exc))
        return
    if outcome.ok:
        st.session_state[FLASH_KEY] = "Review recorded."
        st.rerun()
    with slot.container():
        show_error_summary(outcome.errors, LABELS)
        for name in LABELS:
            field_error(outcome.errors, name)


open_items = load("list alerts", lambda s: list_alerts(session=s, viewer=viewer, limit=PAGE_SIZE))
pending, reviewed = st.tabs([f"Open ({len(open_items):,})", "Reviewed"])
with pending:
    if not open_items:
        st.info("No alerts are waiting for you.")
    for item in open_items:
        with st.container(border=True):
            _details(item)
            _review_form(item)
with reviewed:
    done_items = load("list reviewed alerts", lambda s: list_alerts(session=s, viewer=viewer, reviewed=True))
    for item in done_items:
        with st.container(border=True):
            _details(item)
            outcome = OUTCOMES.get(item.outcome or "", item.outcome or "recorded")
            st.text(
                f"Reviewed {aware(item.reviewed_at).astimezone(LOCAL_ZONE):%d %b %Y %H:%M} by "
                f"{item.reviewed_by or 'unknown'}: {outcome}"
                + (f" ({item.referred_to})" if item.referred_to else "")
            )
            st.text(item.note or "")
