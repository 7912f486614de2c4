"""Admin settings: the suppression threshold of every published figure, and the local help contacts."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from analysis.disclosure import protection_sentence
from analysis.params import LOCALITIES
from analysis.suppression import MIN_K as MIN_SUPPRESSION_K
from feedback.admin.app_settings import (
    MAX_SUPPRESSION_K,
    default_suppression_k,
    get_suppression_k,
    set_suppression_k,
)
from feedback.admin.help_contacts import MAX_CONTACT, help_contacts, set_help_contact
from feedback.db import transaction
from feedback.validation import ValidationError, parse_whole_number
from ui.components import field_error, show_database_error, show_error_summary
from ui.forms import attempt, load
from ui.state import require_page, session_factory

SAVED_KEY = "settings_saved"
CONTACT_SAVED_KEY = "help_contact_saved"


user = require_page("settings")
st.title("Settings")
st.header("Small-number suppression")
factory = session_factory()
try:
    with factory() as session:
        current = get_suppression_k(session=session)
except SQLAlchemyError:  # a plain message; details go to the log
    show_database_error("read the settings")
    st.stop()
st.write(
    f"Counts of people and comments below k (none included) are shown as [c] on the dashboards, in "
    f"published documents and in exports. It is now **{current}** "
    f"(the default is {default_suppression_k()}; it can never be below {MIN_SUPPRESSION_K})."
)
if st.session_state.pop(SAVED_KEY, None):
    st.success("Saved. Every dashboard and export now uses the new threshold.")
K_RULE = f"Enter k as a whole number from {MIN_SUPPRESSION_K} to {MAX_SUPPRESSION_K}."
st.session_state.setdefault("settings_k", str(current))
top = st.container()
with st.form("settings_form"):
    typed = st.text_input(
        f"Threshold k (a whole number from {MIN_SUPPRESSION_K} to {MAX_SUPPRESSION_K})", key="settings_k"
    )
    k = parse_whole_number(typed.strip(), MIN_SUPPRESSION_K, MAX_SUPPRESSION_K)
    slot = st.empty()
    st.caption(protection_sentence(k or current))
    submitted = st.form_submit_button("Save", type="primary")
if submitted and k is None:  # refused with a message, never rounded or clamped; what was typed stays
    with top:
        show_error_summary({"suppression_k": K_RULE}, {"suppression_k": "Threshold k"})
    with slot:
        field_error({"suppression_k": K_RULE}, "suppression_k")
elif submitted:
    try:
        with transaction(factory) as session:
            set_suppression_k(session=session, k=k, user_id=user.id)
    except ValidationError as exc:
        show_error_summary(exc.errors, {"suppression_k": "Threshold k"})
    except SQLAlchemyError:  # a plain message; details go to the log
        show_database_error("save the setting")
    else:
        st.session_state[SAVED_KEY] = True
        st.rerun()

st.header("Getting help: the local contact for each locality")
st.caption(
    "Every kiosk survey ends with a 'Getting help' panel: this contact for the kiosk's locality, then "
    "Police Scotland, Samaritans, Breathing Space and the Domestic Abuse and Forced Marriage Helpline."
)
if saved := st.session_state.pop(CONTACT_SAVED_KEY, None):
    st.success(f"Saved the contact for {LOCALITIES[saved]}.")
contacts = load("read the help contacts", lambda s: help_contacts(session=s))
locality = st.selectbox("Locality", list(LOCALITIES), format_func=LOCALITIES.get, key="help_locality")
with st.form("help_contact_form", enter_to_submit=False):
    st.text_area(
        "Contact shown to respondents",
        value=contacts[locality],
        max_chars=MAX_CONTACT,
        key=f"help_contact_{locality}",
    )
    slot = st.empty()
    chosen = st.form_submit_button("Save the contact", key="help_save")
if chosen:
    text = st.session_state.get(f"help_contact_{locality}") or ""
    outcome = attempt(
        "save the contact",
        lambda s: set_help_contact(session=s, locality=locality, text=text, user_id=user.id),
    )
    if outcome.ok:
        st.session_state[CONTACT_SAVED_KEY] = locality
        st.rerun()
    with slot:
        field_error(outcome.errors, "contact")
