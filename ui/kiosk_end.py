"""The kiosk's last screen: thanks, the receipt code with its countdown, and where to get help."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from feedback.capture import kiosk_devices as devices
from ui import kiosk_flow as flow
from ui.browser import countdown
from ui.forms import attempt
from ui.help_panel import getting_help
from ui.state import KIOSK_KEY

HELP_WANTED_KEY = "kiosk_help_wanted"  # this respondent asked for help or wrote of harm


def _more_time() -> None:
    token = st.session_state[KIOSK_KEY]
    attempt("give you more time", lambda s: devices.more_time(session=s, token=token))


def finished_screen(
    resp: flow.Respondent, gen: int, left: int, locality: str, reset: Callable[[], None]
) -> None:
    """The thank-you (or no-thanks) screen: the receipt code, its countdown and where to get help."""
    wants_help = bool(st.session_state.get(HELP_WANTED_KEY))
    if wants_help:  # they asked for help or wrote of harm: where to get it comes first
        getting_help(locality, prominent=True)
    if resp.screen == flow.THANKS:
        st.markdown("# Thank you")
        st.markdown(
            '<div class="kiosk-text"><p>Your answers have been sent.</p>'
            "<p>If you want to ask about your answers, or take them back later, give a member of "
            "staff this code. You may want to write it down or take a photo of it.</p></div>",
            unsafe_allow_html=True,
        )
        st.markdown(flow.receipt_html(resp.receipt or ""), unsafe_allow_html=True)
        st.html(
            f'<p class="kiosk-countdown">This screen will close in {countdown(left)}. '
            "Tap Finish when you are done.</p>"
        )
        st.button(
            "I need more time", key=flow.widget_key(gen, "more_time"), width="stretch", on_click=_more_time
        )
    elif resp.screen == flow.NOTHING:
        st.markdown("# Thank you")
        st.markdown(
            '<div class="kiosk-text"><p>You did not answer any questions, so nothing was saved.</p>'
            "<p>Thank you for your time. Please hand the tablet back to a member of staff.</p></div>",
            unsafe_allow_html=True,
        )
        st.html(f'<p class="kiosk-countdown">This screen will close in {countdown(left)}.</p>')
    else:
        st.markdown("# Thank you")
        st.markdown(
            '<div class="kiosk-text"><p>That is fine. You do not need to do anything else.</p>'
            "<p>Please hand the tablet back to a member of staff.</p></div>",
            unsafe_allow_html=True,
        )
        st.html(f'<p class="kiosk-countdown">This screen will close in {countdown(left)}.</p>')
    if not wants_help:
        with st.container(border=True):
            getting_help(locality)
    st.button("Finish", key=flow.widget_key(gen, "finish"), type="primary", width="stretch", on_click=reset)
