"""Sign-in page: username and PIN."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from feedback.admin.auth import authenticate
from feedback.db import transaction
from ui.components import show_database_error
from ui.state import NOTICE_KEY, SignedInUser, session_factory, sign_in

st.title("Community justice feedback")
st.caption("South Lanarkshire Community Justice Partnership")
if notice := st.session_state.get(NOTICE_KEY):
    st.info(notice)

with st.form("sign_in_form"):
    username = st.text_input("Username", key="sign_in_username", autocomplete="username")
    pin = st.text_input("PIN", type="password", key="sign_in_pin", max_chars=12)
    submitted = st.form_submit_button("Sign in", type="primary", use_container_width=True)

if submitted:
    try:
        with transaction(session_factory()) as session:
            user = authenticate(session=session, username=username, pin=pin)
            signed = (
                SignedInUser(user.id, user.username, user.display_name, user.role, user.locality)
                if user
                else None
            )
    except SQLAlchemyError:
        show_database_error("sign you in")
        st.stop()
    if signed is None:
        st.error(
            "That username and PIN do not match an open account. Check them and try again; "
            "after 5 wrong tries the account waits 5 minutes."
        )
    else:
        sign_in(signed)
        st.rerun()
