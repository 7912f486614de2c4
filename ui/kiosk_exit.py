"""Leaving kiosk mode: a small Staff button, then the PIN of the staff member who started it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from feedback.admin.auth import verify_user_pin
from feedback.admin.pins import MAX_SECRET
from feedback.admin.sessions import start_session
from feedback.capture import kiosk_devices as devices
from feedback.models import User
from ui.forms import attempt, load
from ui.kiosk_device import SPENT_KEY
from ui.state import KIOSK_KEY, TOKEN_KEY, USER_KEY, SignedInUser

PIN_OPEN_KEY = "kiosk_pin_open"


def _open() -> None:
    st.session_state[PIN_OPEN_KEY] = True


def _close() -> None:
    st.session_state.pop(PIN_OPEN_KEY, None)


def _leave(token: str, user: SignedInUser | None, session_token: str | None) -> None:
    """Forget the kiosk in this tab; sign the staff member back in when their PIN opened it."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[SPENT_KEY] = token
    if user is not None and session_token:
        st.session_state[USER_KEY] = user
        st.session_state[TOKEN_KEY] = session_token
    st.query_params.clear()
    st.rerun()


def _unlock(token: str, staff_id: int) -> tuple[SignedInUser | None, str]:
    """Delete the device (and anything left in it) and open a staff session for its owner."""

    def work(session: object) -> tuple[SignedInUser | None, str]:
        devices.close_device(session=session, token=token)
        row = session.get(User, staff_id)  # type: ignore[attr-defined]
        if row is None or not row.active:
            return None, ""
        signed = SignedInUser(row.id, row.username, row.display_name, row.role, row.locality)
        return signed, start_session(session=session, user_id=row.id)

    outcome = attempt("close the kiosk", work)
    if not outcome.ok:
        st.stop()
    return outcome.value


def _check(pin: str, token: str, reset: Callable[[], None]) -> None:
    """Unlock on the right PIN; count wrong ones on the server and make the kiosk wait after too many."""
    device = load("check the kiosk", lambda s: devices.get_device(session=s, token=token))
    if device is None:
        _leave(token, None, None)
    if not devices.pin_wait_over(device):
        st.error("Too many wrong PINs. Wait 5 minutes, then try again.")
        return
    staff_id = device.staff_user_id
    if load("check the PIN", lambda s: verify_user_pin(session=s, user_id=staff_id, pin=pin)):
        reset()
        _leave(token, *_unlock(token, staff_id))
    attempt("count the wrong PIN", lambda s: devices.record_wrong_pin(session=s, token=token))
    st.error("That PIN is not right. Only the member of staff who started this kiosk can close it.")


def kiosk_closed() -> None:
    """The kiosk was closed elsewhere: say so, and leave kiosk mode in this tab."""
    st.info("This kiosk has been closed. Please hand the tablet to a member of staff.")
    if st.button("Go to the sign-in page", key="kiosk_closed_leave"):
        _leave(st.session_state.get(KIOSK_KEY, ""), None, None)


def staff_exit(reset: Callable[[], None]) -> None:
    """The way out of kiosk mode for staff; reset() wipes the respondent before unlocking."""
    token = st.session_state[KIOSK_KEY]
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
        _check(pin or "", token, reset)
