"""Sign-in page: username and PIN, or the partner's single sign-on when it is configured."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from feedback.access import ADMIN
from feedback.admin.auth import LOCK_MINUTES, MAX_FAILED_ATTEMPTS, Account, authenticate
from feedback.admin.pins import MAX_SECRET, rule_for
from feedback.admin.sso import NO_ACCOUNT, account_for_identity
from feedback.db import transaction
from ui.components import show_database_error
from ui.sso import identity_claims, sso_provider
from ui.state import NOTICE_KEY, PIN_RULE_KEY, SignedInUser, session_factory, sign_in


def _enter(account: Account) -> None:
    """Remember the account for this browser session and open the app."""
    sign_in(SignedInUser(account.id, account.username, account.display_name, account.role, account.locality))
    if not account.pin_meets_rule:
        st.session_state[PIN_RULE_KEY] = rule_for(account.role)
    st.rerun()


st.title("Community justice feedback")
st.caption("South Lanarkshire Community Justice Partnership")
if notice := st.session_state.get(NOTICE_KEY):
    st.info(notice)

sso_on, provider = sso_provider()
claims = identity_claims() if sso_on else None
if claims is not None:
    try:
        with transaction(session_factory()) as session:
            account = account_for_identity(session=session, claims=claims)
    except SQLAlchemyError:
        show_database_error("sign you in")
        st.stop()
    if account is not None:
        _enter(account)
    st.warning(NO_ACCOUNT)
    st.button("Sign out of your organisation account", key="sso_logout", on_click=st.logout)
elif sso_on:
    st.button(
        "Sign in with your organisation account",
        key="sso_login",
        type="primary",
        width="stretch",
        on_click=st.login,
        args=(provider,) if provider else (),
    )
    st.caption("Or sign in with your username and PIN:")

with st.form("sign_in_form"):
    username = st.text_input("Username", key="sign_in_username", autocomplete="username")
    pin = st.text_input("PIN or passphrase", type="password", key="sign_in_pin", max_chars=MAX_SECRET)
    submitted = st.form_submit_button("Sign in", type="primary", use_container_width=True)
st.caption(f"{rule_for(None)} {rule_for(ADMIN)}")

if submitted:
    try:
        signed = authenticate(factory=session_factory(), username=username, pin=pin)
    except SQLAlchemyError:
        show_database_error("sign you in")
        st.stop()
    if signed is None:
        st.error(
            "That username and PIN do not match an open account. Check them and try again; "
            f"after {MAX_FAILED_ATTEMPTS} wrong tries the account waits {LOCK_MINUTES} minutes."
        )
    else:
        _enter(signed)
