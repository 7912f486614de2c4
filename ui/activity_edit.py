"""Record an activity: create one, or edit the one chosen on the Activities page."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analysis.params import ACTIVITY_KINDS, LOCALITIES, NATIONAL_STANDARDS, STAKEHOLDER_GROUPS
from feedback.capture.activities import create_activity, get_activity, list_partners, update_activity
from feedback.models import new_uuid
from feedback.validation import (
    MAX_HEADCOUNT,
    MAX_LONG_TEXT,
    ActivityInput,
    ValidationError,
    date_needs_confirmation,
    validate_activity,
)
from ui.components import field_error, live_char_counters, plain, show_error_summary
from ui.forms import Outcome, attempt, forget, load, take_flag
from ui.state import require_page, viewer_of

EDIT_KEY = "edit_activity_id"
LOADED_KEY = "act_loaded_id"
RESET_FLAG = "act_reset"
SAVED_KEY = "act_saved"
CLIENT_TOKEN_KEY = "act_client_token"  # made when the new-activity form is shown: one save, one row
GROUP_KEYS = {group: f"act_n_{group}" for group in STAKEHOLDER_GROUPS}
FIELD_KEYS = (
    "act_kind",
    "act_title",
    "act_locality",
    "act_start",
    "act_end",
    "act_venue",
    "act_lead",
    "act_partners",
    "act_standards",
    "act_notes",
    "act_outcomes",
    *GROUP_KEYS.values(),
)
LABELS = {
    "kind": "Kind",
    "title": "Title",
    "locality": "Locality",
    "start_date": "Date",
    "end_date": "End date",
    "venue": "Venue",
    "lead_partner_id": "Lead partner",
    "partner_ids": "Partners present",
    "notes": "Notes",
    "outcomes": "Outcomes",
    "activity": "Activity",
    **{f"attendance.{g}": f"Headcount: {label}" for g, label in STAKEHOLDER_GROUPS.items()},
}

user = require_page("activity_edit")
viewer = viewer_of(user)
edit_id: int | None = st.session_state.get(EDIT_KEY)

if take_flag(RESET_FLAG):
    forget(FIELD_KEYS)
    st.session_state.pop(LOADED_KEY, None)
    st.session_state.pop(CLIENT_TOKEN_KEY, None)  # a fresh form is a new activity


def _prefill(activity_id: int) -> bool:
    """Put a stored activity's values into the widgets once; False when it no longer exists."""
    activity = load(
        "open the activity", lambda s: get_activity(session=s, activity_id=activity_id, viewer=viewer)
    )
    if activity is None:
        return False
    counts = {a.stakeholder_group: a.headcount for a in activity.attendance}
    values = {
        "act_kind": activity.kind,
        "act_title": activity.title,
        "act_locality": activity.locality,
        "act_start": activity.start_date,
        "act_end": activity.end_date,
        "act_venue": activity.venue,
        "act_lead": activity.lead_partner_id,
        "act_partners": [p.id for p in activity.partners],
        "act_standards": [s for s in activity.standards if s in NATIONAL_STANDARDS],
        "act_notes": activity.notes,
        "act_outcomes": activity.outcomes,
        **{key: str(counts[group]) if counts.get(group) else "" for group, key in GROUP_KEYS.items()},
    }
    st.session_state.update(values)
    st.session_state[LOADED_KEY] = activity_id
    return True


needs_prefill = st.session_state.get(LOADED_KEY) != edit_id or "act_kind" not in st.session_state
if edit_id is not None and needs_prefill and not _prefill(edit_id):
    st.warning("That activity does not exist or belongs to another locality; you can record a new one.")
    st.session_state.pop(EDIT_KEY, None)
    edit_id = None

st.title("Change an activity" if edit_id else "Record an activity")
top = st.container()

saved = st.session_state.get(SAVED_KEY)  # kept until the next save, so its button still works
if saved and saved["id"] == edit_id:
    st.success(f"Saved: {plain(saved['title'])}.")
    st.caption("You can change it below, or tap Record a new activity instead.")
    if st.button("Capture feedback cards for it", key="act_go_cards", type="primary"):
        st.session_state.pop(SAVED_KEY, None)
        st.session_state["activity_id"] = saved["id"]
        st.switch_page("ui/cards.py")

if edit_id is not None and st.button("Record a new activity instead", key="act_new"):
    st.session_state.pop(EDIT_KEY, None)
    st.session_state.pop(SAVED_KEY, None)
    st.session_state[RESET_FLAG] = True
    st.rerun()

partners = load("list the partners", lambda s: list_partners(session=s, active_only=False))
chosen = set(st.session_state.get("act_partners") or []) | {st.session_state.get("act_lead")}
partner_names = {p.id: p.name for p in partners if p.active or p.id in chosen}
if "act_start" not in st.session_state:
    st.session_state["act_start"] = dt.date.today()
if "act_locality" not in st.session_state and user.locality:
    st.session_state["act_locality"] = user.locality

slots: dict[str, DeltaGenerator] = {}
with st.form("activity_form", border=False, enter_to_submit=False):
    left, right = st.columns(2)
    with left:
        st.selectbox(
            "Kind of activity",
            list(ACTIVITY_KINDS),
            format_func=ACTIVITY_KINDS.get,
            index=None,
            placeholder="Choose a kind",
            key="act_kind",
        )
        slots["kind"] = st.empty()
    with right:
        st.selectbox(
            "Locality",
            [viewer.locality_scope] if viewer.locality_scope else list(LOCALITIES),
            format_func=LOCALITIES.get,
            index=None,
            placeholder="Choose a locality",
            key="act_locality",
        )
        slots["locality"] = st.empty()
    st.text_input("Title", placeholder="For example: LISTEN event, Hamilton", key="act_title")
    slots["title"] = st.empty()
    left, right = st.columns(2)
    with left:
        st.date_input("Date", format="DD/MM/YYYY", key="act_start")
        slots["start_date"] = st.empty()
        start_day = st.session_state.get("act_start")
        if date_needs_confirmation(start_day, dt.date.today()):  # asked once the date has been sent
            st.checkbox("Yes, this date is right", key=f"act_date_ok_{start_day}")
    with right:
        st.date_input("End date (if more than one day)", value=None, format="DD/MM/YYYY", key="act_end")
        slots["end_date"] = st.empty()
    st.text_input("Venue", key="act_venue")
    slots["venue"] = st.empty()
    st.selectbox(
        "Lead partner",
        list(partner_names),
        format_func=partner_names.get,
        index=None,
        placeholder="Choose the lead partner (optional)",
        key="act_lead",
    )
    slots["lead_partner_id"] = st.empty()
    st.multiselect(
        "Partners present",
        list(partner_names),
        format_func=partner_names.get,
        placeholder="Choose the partners who came",
        key="act_partners",
    )
    slots["partner_ids"] = st.empty()
    st.markdown(
        f"**How many people came?** By stakeholder group, as whole numbers from 0 to {MAX_HEADCOUNT:,}; "
        "leave a box empty when nobody from that group came."
    )
    columns = st.columns(2)
    for i, (group, label) in enumerate(STAKEHOLDER_GROUPS.items()):
        with columns[i % 2]:
            st.text_input(label, key=GROUP_KEYS[group], placeholder="0", max_chars=12)
            slots[f"attendance.{group}"] = st.empty()
    st.pills(
        "National Standards for Community Engagement",
        NATIONAL_STANDARDS,
        selection_mode="multi",
        key="act_standards",
    )
    st.text_area("Notes", key="act_notes", height=100)
    slots["notes"] = st.empty()
    st.text_area("Outcomes: what came of it", key="act_outcomes", height=100)
    slots["outcomes"] = st.empty()
    submitted = st.form_submit_button("Save the activity", type="primary", key="act_save", width="stretch")

live_char_counters({"*": MAX_LONG_TEXT})


def _input() -> ActivityInput:
    """The form's values as the service expects them."""
    state = st.session_state
    return ActivityInput(
        kind=state.get("act_kind") or "",
        title=state.get("act_title") or "",
        locality=state.get("act_locality") or "",
        start_date=state.get("act_start"),
        end_date=state.get("act_end"),
        venue=state.get("act_venue") or "",
        lead_partner_id=state.get("act_lead"),
        partner_ids=tuple(state.get("act_partners") or ()),
        attendance={group: state.get(key) for group, key in GROUP_KEYS.items()},
        standards=tuple(state.get("act_standards") or ()),
        notes=state.get("act_notes") or "",
        outcomes=state.get("act_outcomes") or "",
    )


def _problems(data: ActivityInput) -> dict[str, str]:
    """Every problem with the form at once (GOV.UK pattern), the date check included."""
    try:
        validate_activity(data)
        errors: dict[str, str] = {}
    except ValidationError as exc:
        errors = dict(exc.errors)
    question = date_needs_confirmation(data.start_date, dt.date.today())
    if question and "start_date" not in errors and not st.session_state.get(f"act_date_ok_{data.start_date}"):
        errors["start_date"] = question
    return errors


client_token = st.session_state.setdefault(CLIENT_TOKEN_KEY, new_uuid())
if submitted:
    st.session_state.pop(SAVED_KEY, None)
    data = _input()
    with top:
        if problems := _problems(data):
            outcome = Outcome(errors=problems)  # nothing is sent; everything typed stays
        elif edit_id is None:
            outcome = attempt(
                "save the activity",
                lambda s: (
                    create_activity(
                        session=s, data=data, user_id=user.id, viewer=viewer, client_token=client_token
                    ).id
                ),
            )
        else:
            outcome = attempt(
                "save the changes",
                lambda s: update_activity(session=s, activity_id=edit_id, data=data, viewer=viewer).id,
            )
        if outcome.errors:
            show_error_summary(outcome.errors, LABELS)
    for key in outcome.errors:
        with slots.get(key, top):
            field_error(outcome.errors, key)
    if outcome.ok and edit_id is None:
        # The form now edits the saved activity: a second tap of Save changes it, never adds one.
        st.session_state[SAVED_KEY] = {"id": outcome.value, "title": data.title.strip()}
        st.session_state[EDIT_KEY] = st.session_state[LOADED_KEY] = outcome.value
        st.session_state.pop(CLIENT_TOKEN_KEY, None)
        st.rerun()
    elif outcome.ok:
        with top:
            st.success("Changes saved.")
