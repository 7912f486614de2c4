"""Admin settings: the small-number suppression threshold used by every published figure."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from analysis.disclosure import protection_sentence
from feedback.admin.app_settings import (
    MAX_SUPPRESSION_K,
    default_suppression_k,
    get_suppression_k,
    set_suppression_k,
)
from feedback.db import transaction
from feedback.settings import MIN_SUPPRESSION_K
from feedback.validation import ValidationError
from ui.components import show_database_error, show_error_summary
from ui.state import require_page, session_factory

SAVED_KEY = "settings_saved"


user = require_page("settings")
st.title("Settings")
st.subheader("Small-number suppression")
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
with st.form("settings_form"):
    k = st.number_input(
        "Threshold k",
        min_value=MIN_SUPPRESSION_K,
        max_value=MAX_SUPPRESSION_K,
        value=current,
        step=1,
        key="settings_k",
    )
    st.caption(protection_sentence(int(k)))
    submitted = st.form_submit_button("Save", type="primary")
if submitted:
    try:
        with transaction(factory) as session:
            set_suppression_k(session=session, k=int(k), user_id=user.id)
    except ValidationError as exc:
        show_error_summary(exc.errors, {"suppression_k": "Threshold k"})
    except SQLAlchemyError:  # a plain message; details go to the log
        show_database_error("save the setting")
    else:
        st.session_state[SAVED_KEY] = True
        st.rerun()
