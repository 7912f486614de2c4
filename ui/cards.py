"""Feedback cards: quick capture of what people say at an activity, one card per save."""

from __future__ import annotations

import time

import streamlit as st
from sqlalchemy.orm import Session
from streamlit.delta_generator import DeltaGenerator

from analysis.params import LOCALITIES, MAX_TEXT_LENGTH, NOT_RECORDED, STAKEHOLDER_GROUPS
from feedback.capture.activities import count_submissions
from feedback.capture.analysis_worker import worker_for
from feedback.capture.lookups import activity_labels
from feedback.capture.submissions import store_card, undo_card
from feedback.models import new_uuid
from feedback.validation import CardInput
from ui import drafts
from ui.components import (
    char_counter,
    field_error,
    inject_capture_css,
    live_char_counters,
    show_error_summary,
)
from ui.forms import attempt, card_keys, load, short_date, submit
from ui.state import require_page, session_factory, settings, viewer_of

PROMPTS = {
    "working_well": "Working well",
    "could_improve": "Could be improved",
    "idea": "Idea",
    "general": "Other",
}
SID_KEY = "card_submission_id"
LAST_KEY = "card_last"
FLASH_KEY = "card_flash"
RESTORED_KEY = "card_drafts_read"
GROUP_KEY = "card_restored_group"
UNDO_CHECK_SECONDS = 3
MAX_CHOICES = 200  # activities offered in the chooser, newest first
LABELS = {
    "question_type": "What it is about",
    "text": "The words",
    "stakeholder_group": "Who said it",
    "submission_id": "The card",
    "activity": "Activity",
}


def _activity_options(session: Session, wanted: int | None) -> dict[int, str]:
    """Activities (in the user's locality scope) to capture cards for, newest first, as id -> label.

    The newest 200, and the one chosen on the Activities page however old it is.
    """
    return {
        a.id: f"{a.title} · {short_date(a.start_date)} · {LOCALITIES.get(a.locality, a.locality)}"
        for a in activity_labels(session=session, viewer=viewer_of(user), limit=MAX_CHOICES, also=wanted)
    }


def _choose_activity() -> int | None:
    """The activity selector; defaults to the one chosen on the Activities page."""
    wanted = st.session_state.get("activity_id")
    if wanted is None and "cards_activity" not in st.session_state:  # a reload: the activity chosen before
        kept = st.session_state.setdefault(RESTORED_KEY, drafts.saved_drafts()).get(drafts.CARD_ACTIVITY, "")
        wanted = int(kept) if kept.isdigit() else None
    also = wanted if isinstance(wanted, int) else None
    options = load("list the activities", lambda s: _activity_options(s, also))
    if not options:
        st.info("There is no activity yet. Record the activity first, then capture its cards here.")
        if st.button("Record an activity", key="cards_record", type="primary"):
            st.switch_page("ui/activity_edit.py")
        return None
    if wanted in options and st.session_state.get("cards_activity") != wanted:
        st.session_state["cards_activity"] = wanted
    chosen = st.selectbox(
        "Activity",
        list(options),
        format_func=options.get,
        index=None,
        placeholder="Choose the activity",
        key="cards_activity",
    )
    if chosen is not None and st.session_state.get("activity_id") != chosen:
        drafts.remember(drafts.CARD_ACTIVITY, str(chosen))
    if chosen is not None:
        st.session_state["activity_id"] = chosen
    return chosen


def _restore(sid: str, fields: dict[str, str]) -> None:
    """Put a half-filled card's kept fields back into its widgets (shown labels back to ids)."""
    keys = card_keys(sid)
    st.session_state.setdefault(keys["text"], fields.get("text", ""))
    question_type = {label: qt for qt, label in PROMPTS.items()}.get(fields.get("type", ""))
    if question_type is not None:
        st.session_state.setdefault(keys["type"], question_type)
    group = {label: g for g, label in STAKEHOLDER_GROUPS.items()}.get(fields.get("group", ""))
    if group is not None:
        st.session_state[GROUP_KEY] = group  # the select box's starting choice (see _card_form)
    st.session_state.setdefault(keys["quote"], fields.get("quote") == "1")


def _card_id() -> str:
    """The card's submission id, made when the form is shown; after a reload, the half-filled card's."""
    if SID_KEY not in st.session_state:
        blank = {"group": STAKEHOLDER_GROUPS[NOT_RECORDED]}
        kept = st.session_state.setdefault(RESTORED_KEY, drafts.saved_drafts())
        unsaved = drafts.unsaved_card(kept, blank)
        if unsaved is not None:
            _restore(*unsaved)
            st.session_state[FLASH_KEY] = "Your half-typed card is back. Check it, then save it."
        st.session_state[SID_KEY] = unsaved[0] if unsaved else new_uuid()
    return st.session_state[SID_KEY]


def _undo_pending(activity_id: int) -> dict | None:
    """The card just saved for this activity while it can still be undone, else None."""
    last = st.session_state.get(LAST_KEY)
    if not last or last["activity_id"] != activity_id or time.time() - last["at"] > settings().undo_seconds:
        return None
    return last


def _undo_button(user_id: int, activity_id: int) -> None:
    """Undo the last card; the button goes away by itself when the undo time is over."""
    last = _undo_pending(activity_id)
    if last is None or not st.button("Undo last card", key="card_undo", icon=":material/undo:"):
        return
    outcome = attempt(
        "undo the card",
        lambda s: undo_card(
            session=s, submission_id=last["id"], user_id=user_id, within_seconds=settings().undo_seconds
        ),
    )
    if outcome.database_failed:
        return
    st.session_state.pop(LAST_KEY, None)
    st.session_state[FLASH_KEY] = (
        "The last card was removed."
        if outcome.value
        else "It is too late to undo that card. Ask an admin if it must be removed: "
        "they can erase it from Comments and coding."
    )
    st.rerun()


def _undo_area(user_id: int, activity_id: int) -> None:
    """The last save's message and, for a short time, the way to undo it."""
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash)
    run_every = UNDO_CHECK_SECONDS if _undo_pending(activity_id) else None
    st.fragment(_undo_button, run_every=run_every)(user_id, activity_id)


def _card_form(sid: str, slots: dict[str, DeltaGenerator]) -> bool:
    """The quick-capture form; True when Save was tapped. Fills slots for the field messages."""
    keys = card_keys(sid)
    with st.form(keys["form"], border=True, enter_to_submit=False):
        st.radio(
            "What is it about?",
            list(PROMPTS),
            format_func=PROMPTS.get,
            index=None,
            horizontal=True,
            key=keys["type"],
        )
        slots["question_type"] = st.empty()
        st.text_area(
            "What did they say?",
            height=160,
            key=keys["text"],
            placeholder="Write their words as they said them.",
        )
        slots["text"] = st.empty()
        st.selectbox(
            "Who said it?",
            list(STAKEHOLDER_GROUPS),
            format_func=STAKEHOLDER_GROUPS.get,
            index=list(STAKEHOLDER_GROUPS).index(st.session_state.get(GROUP_KEY, NOT_RECORDED)),
            key=keys["group"],
        )
        slots["stakeholder_group"] = st.empty()
        st.checkbox("They agree we may quote their words (without their name)", key=keys["quote"])
        return st.form_submit_button(
            "Save card", type="primary", key=keys["save"], width="stretch", icon=":material/save:"
        )


def _save(
    sid: str, activity_id: int, user_id: int, top: DeltaGenerator, slots: dict[str, DeltaGenerator]
) -> None:
    """Store the card; on success start a fresh one, else show what to fix."""
    keys = card_keys(sid)
    state = st.session_state
    card = CardInput(
        submission_id=sid,
        activity_id=activity_id,
        question_type=state.get(keys["type"]) or "",
        text=state.get(keys["text"]) or "",
        stakeholder_group=state.get(keys["group"]) or NOT_RECORDED,
        quote_permission=bool(state.get(keys["quote"])),
    )
    with top:
        outcome = submit(
            "save the card",
            lambda f: store_card(factory=f, card=card, user_id=user_id, viewer=viewer_of(user)),
        )
        if outcome.errors:
            show_error_summary(outcome.errors, LABELS)
    for key in outcome.errors:
        with slots.get(key, top):
            field_error(outcome.errors, key)
            if key == "text":
                char_counter(card.text.strip(), MAX_TEXT_LENGTH)
    if outcome.ok:
        worker_for(session_factory()).kick(outcome.value[1])  # the model's analysis follows the save
        drafts.forget(*(card_keys(sid)[name] for name in drafts.CARD_FIELDS))
        state.pop(GROUP_KEY, None)
        state[LAST_KEY] = {"id": sid, "at": time.time(), "activity_id": activity_id}
        state[SID_KEY] = new_uuid()  # the next card is a new submission with new, empty widgets
        state[FLASH_KEY] = "Card saved (its analysis follows in a moment). Ready for the next one."
        st.rerun()


user = require_page("cards")
inject_capture_css()
st.title("Feedback cards")
activity_id = _choose_activity()
if activity_id is None:
    st.stop()
count = load(
    "count the cards", lambda s: count_submissions(session=s, activity_id=activity_id, channel="staff_card")
)
st.metric("Cards for this activity", count)
sid = _card_id()
top = st.container()
slots: dict[str, DeltaGenerator] = {}
with top:
    _undo_area(user.id, activity_id)
if _card_form(sid, slots):
    _save(sid, activity_id, user.id, top, slots)
live_char_counters({"card_text": MAX_TEXT_LENGTH, "*": MAX_TEXT_LENGTH})
