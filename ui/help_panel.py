"""The "Getting help" panel every kiosk survey ends with, and the "Need help now?" button on every screen."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from feedback.admin.help_contacts import DEFAULT_CONTACT, NATIONAL_LINES, help_contacts
from ui.state import session_factory

HELP_OPEN_KEY = "kiosk_help_open"


def local_contact(locality: str) -> str:
    """The partnership's contact for the kiosk's locality (the default if the database does not answer)."""
    try:
        with session_factory()() as session:
            return help_contacts(session=session).get(locality, DEFAULT_CONTACT)
    except SQLAlchemyError:
        return DEFAULT_CONTACT


def getting_help(locality: str, *, prominent: bool = False) -> None:
    """Where to get help, in plain words: local contact first, then national lines."""
    box = st.error if prominent else st.info
    box(
        "If you would like help, or you are worried about your safety or someone else's, you can get "
        "help now. You do not have to give your name."
    )
    st.header("Getting help")
    st.text(local_contact(locality))
    for who, number, when in NATIONAL_LINES:
        st.markdown(f"**{who}: {number}**  \n{when}")


def need_help_button(locality: str, *, key: str) -> None:
    """A button on every kiosk screen that opens the help panel without losing any answer."""
    if st.button("Need help now?", key=key, icon=":material/support:", width="stretch"):
        st.session_state[HELP_OPEN_KEY] = not st.session_state.get(HELP_OPEN_KEY, False)
    if st.session_state.get(HELP_OPEN_KEY):
        with st.container(border=True):
            getting_help(locality, prominent=True)
            if st.button("Close help and carry on", key=f"{key}_close"):
                st.session_state[HELP_OPEN_KEY] = False
                st.rerun()
