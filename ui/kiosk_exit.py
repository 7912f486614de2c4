"""Leaving kiosk mode: a small Staff button, then the PIN of the staff member who started it."""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from feedback.admin.auth import verify_user_pin
from feedback.admin.pins import MAX_SECRET
from ui.forms import load
from ui.state import KIOSK_KEY

PIN_OPEN_KEY = "kiosk_pin_open"
MAX_WRONG_PINS = 5
WAIT_SECONDS = 300


def _open() -> None:
    st.session_state[PIN_OPEN_KEY] = True


def _close() -> None:
    st.session_state.pop(PIN_OPEN_KEY, None)


def _check(pin: str, config: dict, reset: Callable[[], None]) -> None:
    """Unlock on the right PIN; count wrong ones and make the kiosk wait after too many."""
    if time.time() < config.get("pin_wait_until", 0):
        st.error("Too many wrong PINs. Wait 5 minutes, then try again.")
        return
    staff_id = config["staff_user_id"]
    if load("check the PIN", lambda s: verify_user_pin(session=s, user_id=staff_id, pin=pin)):
        reset()
        st.session_state.pop(KIOSK_KEY, None)
        st.rerun()
    config["wrong_pins"] = config.get("wrong_pins", 0) + 1
    if config["wrong_pins"] >= MAX_WRONG_PINS:
        config["wrong_pins"] = 0
        config["pin_wait_until"] = time.time() + WAIT_SECONDS
    st.error("That PIN is not right. Only the member of staff who started this kiosk can close it.")


def staff_exit(reset: Callable[[], None]) -> None:
    """The way out of kiosk mode for staff; reset() wipes the respondent before unlocking."""
    config = st.session_state[KIOSK_KEY]
    st.write("")
    if not st.session_state.get(PIN_OPEN_KEY):
        st.button("Staff", key="kiosk_staff", type="tertiary", icon=":material/lock:", on_click=_open)
        return
    with st.form("kiosk_pin_form", clear_on_submit=True, enter_to_submit=True):
        pin = st.text_input(
            "Staff PIN to close the kiosk", type="password", max_chars=MAX_SECRET, key="kiosk_pin"
        )
        unlock = st.form_submit_button("Unlock", key="kiosk_unlock", type="primary")
    st.button("Cancel", key="kiosk_pin_cancel", on_click=_close)
    if unlock:
        _check(pin or "", config, reset)
