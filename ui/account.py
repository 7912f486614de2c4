"""Change my PIN: any signed-in user types their current PIN and the new one twice."""

from __future__ import annotations

import streamlit as st

from feedback.admin.pins import MAX_SECRET, rule_for
from feedback.admin.users import change_own_pin, locality_label, role_label
from ui.components import field_error, plain, show_error_summary
from ui.forms import attempt, forget, take_flag
from ui.state import PIN_RULE_KEY, require_page

FLASH_KEY = "account_flash"
RESET_FLAG = "account_reset"
KEYS = {"current_pin": "account_current", "new_pin": "account_new", "repeat_pin": "account_repeat"}
LABELS = {"current_pin": "Current PIN", "new_pin": "New PIN", "repeat_pin": "New PIN again"}


user = require_page("account")
st.title("Change my PIN")
st.caption(f"Signed in as {plain(user.username)}: {role_label(user.role)}, {locality_label(user.locality)}.")
if take_flag(RESET_FLAG):
    forget(KEYS.values())
summary = st.container()
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    summary.success(flash)
slots = {}
with st.form("account_pin_form", enter_to_submit=False):
    for name, key in KEYS.items():
        st.text_input(LABELS[name], type="password", max_chars=MAX_SECRET, key=key)
        slots[name] = st.empty()
    st.caption(f"{rule_for(user.role)} Five wrong current PINs lock the account for a few minutes.")
    submitted = st.form_submit_button("Change my PIN", type="primary", key="account_save")
if not submitted:
    st.stop()
typed = {name: st.session_state.get(key) or "" for name, key in KEYS.items()}
with summary:
    outcome = attempt("change your PIN", lambda s: change_own_pin(session=s, user_id=user.id, **typed))
if not outcome.ok:
    st.stop()
errors = outcome.value or {}
if errors:
    with summary:
        show_error_summary(errors, LABELS)
    for name, slot in slots.items():
        with slot:
            field_error(errors, name)
    st.stop()
st.session_state[RESET_FLAG] = True
st.session_state.pop(PIN_RULE_KEY, None)
st.session_state[FLASH_KEY] = "Your PIN is changed. Use the new one next time you sign in."
st.rerun()
