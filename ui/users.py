"""Users and roles (admin): the accounts, adding one, changing role and locality, PINs, switching off."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.params import LOCALITIES
from feedback.access import ADMIN, ROLES
from feedback.admin.pins import MAX_SECRET, rule_for
from feedback.admin.sso import set_sso_email
from feedback.admin.users import (
    UserSummary,
    add_user,
    change_role,
    list_users,
    locality_label,
    reset_pin,
    role_label,
    set_user_active,
)
from ui.components import field_error, plain, show_error_summary
from ui.forms import attempt, forget, load, take_flag
from ui.state import require_page

FLASH_KEY = "users_flash"
RESET_FLAG = "users_reset"
ADD_KEYS = {
    "username": "users_new_username",
    "display_name": "users_new_display",
    "role": "users_new_role",
    "locality": "users_new_locality",
    "pin": "users_new_pin",
    "repeat_pin": "users_new_repeat",
}
LABELS = {
    "username": "Username",
    "display_name": "Display name",
    "role": "Role",
    "locality": "Locality",
    "pin": "PIN",
    "repeat_pin": "PIN again",
    "new_pin": "New PIN",
    "user": "Account",
}
ALL = ""  # the locality option meaning "every locality"
LOCALITY_OPTIONS = [ALL, *LOCALITIES]


def _locality_name(value: str) -> str:
    return locality_label(value or None)


def _flash(message: str) -> None:
    st.session_state[FLASH_KEY] = message
    st.rerun()


def _show_errors(errors: dict[str, str], slots: dict[str, object], summary: object) -> None:
    with summary:
        show_error_summary(errors, LABELS)
    for name, slot in slots.items():
        with slot:
            field_error(errors, name)


def add_section(actor_id: int) -> None:
    """The form that adds an account; every problem shows at its field and in a summary."""
    st.header("Add a user")
    if take_flag(RESET_FLAG):
        forget(ADD_KEYS.values())
    summary = st.container()
    slots: dict[str, object] = {}
    with st.form("users_add_form", enter_to_submit=False):
        st.text_input(
            "Username", key=ADD_KEYS["username"], help="Letters, digits, dots, dashes, underscores."
        )
        slots["username"] = st.empty()
        st.text_input("Display name", key=ADD_KEYS["display_name"], help="How the app greets them.")
        slots["display_name"] = st.empty()
        st.selectbox(
            "Role",
            list(ROLES),
            format_func=role_label,
            index=None,
            placeholder="Choose a role",
            key=ADD_KEYS["role"],
        )
        slots["role"] = st.empty()
        st.selectbox("Locality", LOCALITY_OPTIONS, format_func=_locality_name, key=ADD_KEYS["locality"])
        slots["locality"] = st.empty()
        st.text_input("PIN or passphrase", type="password", max_chars=MAX_SECRET, key=ADD_KEYS["pin"])
        st.caption(f"{rule_for(None)} {rule_for(ADMIN)}")
        slots["pin"] = st.empty()
        st.text_input("PIN again", type="password", max_chars=MAX_SECRET, key=ADD_KEYS["repeat_pin"])
        slots["repeat_pin"] = st.empty()
        submitted = st.form_submit_button("Add user", type="primary", key="users_add")
    if not submitted:
        return
    values = {name: st.session_state.get(key) for name, key in ADD_KEYS.items()}
    with summary:
        outcome = attempt(
            "add the user",
            lambda s: add_user(
                session=s,
                username=values["username"] or "",
                display_name=values["display_name"] or "",
                role=values["role"],
                locality=values["locality"] or None,
                pin=values["pin"] or "",
                repeat_pin=values["repeat_pin"] or "",
                actor_id=actor_id,
            ),
        )
    if outcome.errors:
        _show_errors(outcome.errors, slots, summary)
    elif outcome.ok:
        st.session_state[RESET_FLAG] = True
        _flash(f"Added {plain(outcome.value.username)} as {role_label(outcome.value.role)}.")


def _describe(user: UserSummary) -> str:
    state = "" if user.active else " (switched off)"
    return f"{user.username}: {role_label(user.role)}, {locality_label(user.locality)}{state}"


def role_form(user: UserSummary, actor_id: int) -> None:
    """Change the role and locality of one account."""
    summary = st.container()
    slots: dict[str, object] = {}
    with st.form(f"users_role_form_{user.id}", enter_to_submit=False):
        st.selectbox(
            "Role", list(ROLES), index=list(ROLES).index(user.role) if user.role in ROLES else None,
            format_func=role_label, key=f"users_role_{user.id}",
        )  # fmt: skip
        slots["role"] = st.empty()
        st.selectbox(
            "Locality", LOCALITY_OPTIONS, index=LOCALITY_OPTIONS.index(user.locality or ALL),
            format_func=_locality_name, key=f"users_locality_{user.id}",
        )  # fmt: skip
        slots["locality"] = st.empty()
        saved = st.form_submit_button("Save role and locality", key=f"users_role_save_{user.id}")
    if saved:
        role = st.session_state.get(f"users_role_{user.id}") or ""
        locality = st.session_state.get(f"users_locality_{user.id}") or None
        with summary:
            outcome = attempt(
                "change the role",
                lambda s: change_role(
                    session=s, user_id=user.id, role=role, locality=locality, actor_id=actor_id
                ),
            )
        if outcome.errors:
            _show_errors(outcome.errors, slots, summary)
        elif outcome.ok:
            _flash(f"{plain(user.username)} is now {role_label(role)}, {locality_label(locality)}.")


def pin_form(user: UserSummary, actor_id: int) -> None:
    """Give one account a new PIN (typed twice); this also lifts a lock-out."""
    summary = st.container()
    slots: dict[str, object] = {}
    with st.form(f"users_pin_form_{user.id}", enter_to_submit=False):
        st.text_input("New PIN", type="password", max_chars=MAX_SECRET, key=f"users_pin_{user.id}")
        st.caption(rule_for(user.role))
        slots["new_pin"] = st.empty()
        st.text_input(
            "New PIN again", type="password", max_chars=MAX_SECRET, key=f"users_pin_repeat_{user.id}"
        )
        slots["repeat_pin"] = st.empty()
        saved = st.form_submit_button("Reset PIN", key=f"users_pin_save_{user.id}")
    if saved:
        new = st.session_state.get(f"users_pin_{user.id}") or ""
        repeat = st.session_state.get(f"users_pin_repeat_{user.id}") or ""
        with summary:
            outcome = attempt(
                "reset the PIN",
                lambda s: reset_pin(
                    session=s, user_id=user.id, new_pin=new, repeat_pin=repeat, actor_id=actor_id
                ),
            )
        if outcome.errors:
            _show_errors(outcome.errors, slots, summary)
        elif outcome.ok:
            forget((f"users_pin_{user.id}", f"users_pin_repeat_{user.id}"))
            _flash(f"{plain(user.username)} has a new PIN. Tell them in person, not by e-mail.")


def sso_form(user: UserSummary, actor_id: int) -> None:
    """Link the account to the e-mail its holder signs in with at their organisation (optional)."""
    key = f"users_email_{user.id}"
    with st.form(f"users_email_form_{user.id}", enter_to_submit=False):
        st.text_input(
            "Single sign-on e-mail (optional)",
            value=user.email or "",
            key=key,
            help="Partner staff who sign in with their organisation's account open this account.",
        )
        saved = st.form_submit_button("Save the e-mail", key=f"users_email_save_{user.id}")
    if saved:
        email = st.session_state.get(key) or ""
        outcome = attempt(
            "save the e-mail",
            lambda s: set_sso_email(session=s, user_id=user.id, email=email, actor_id=actor_id),
        )
        if outcome.errors:
            st.error(next(iter(outcome.errors.values())))
        elif outcome.ok:
            _flash(f"Single sign-on for {plain(user.username)} is {'on' if email.strip() else 'off'}.")


def active_switch(user: UserSummary, actor_id: int) -> None:
    """Switch one account off (it can no longer sign in) or back on."""
    label = "Switch this account off" if user.active else "Switch this account on"
    if st.button(label, key=f"users_active_{user.id}"):
        outcome = attempt(
            "change the account",
            lambda s: set_user_active(session=s, user_id=user.id, active=not user.active, actor_id=actor_id),
        )
        if outcome.errors:
            st.error(next(iter(outcome.errors.values())))
        elif outcome.ok:
            _flash(f"{plain(user.username)} is now {'on' if outcome.value.active else 'off'}.")


def manage_section(users: list[UserSummary], actor_id: int) -> None:
    """Pick an account and change it."""
    st.header("Change an account")
    by_id = {u.id: u for u in users}
    picked = st.selectbox(
        "Account",
        list(by_id),
        format_func=lambda i: _describe(by_id[i]),
        index=None,
        placeholder="Choose an account",
        key="users_pick",
    )
    if picked is None or picked not in by_id:
        return
    user = by_id[picked]
    if user.locked:
        st.warning("This account is locked after too many wrong PINs. Resetting the PIN unlocks it.")
    role_col, pin_col = st.columns(2)
    with role_col:
        role_form(user, actor_id)
    with pin_col:
        pin_form(user, actor_id)
    sso_form(user, actor_id)
    active_switch(user, actor_id)


def users_table(users: list[UserSummary]) -> None:
    """Every account, open ones first."""
    rows = [
        {
            "Username": u.username,
            "Display name": u.display_name,
            "Role": role_label(u.role),
            "Locality": locality_label(u.locality),
            "Status": ("on" if u.active else "off") + (", locked" if u.locked else ""),
        }
        for u in users
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


user = require_page("users")
st.title("Users and roles")
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash)
users = load("list the users", lambda s: list_users(session=s))
users_table(users)
manage_section(users, user.id)
add_section(user.id)
