"""Shared widgets: touch-friendly styling, error summaries and messages."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import streamlit as st

log = logging.getLogger(__name__)

TOUCH_CSS = """
<style>
/* Big touch targets for tablets (820x1180): at least 48px high, readable text. */
.stButton > button, .stFormSubmitButton > button, .stDownloadButton > button {
  min-height: 3.2rem; font-size: 1.1rem; padding: 0.5rem 1.2rem;
}
div[data-baseweb="select"] > div, .stTextInput input, .stNumberInput input, .stDateInput input {
  min-height: 3rem; font-size: 1.05rem;
}
.stTextArea textarea { font-size: 1.1rem; }
div[role="radiogroup"] label { min-height: 2.8rem; padding: 0.3rem 0.6rem; font-size: 1.05rem; }
.stCheckbox label { min-height: 2.6rem; font-size: 1.05rem; }
</style>
"""


def inject_css() -> None:
    """Add the app's touch-friendly styles to the page."""
    st.markdown(TOUCH_CSS, unsafe_allow_html=True)


def show_error_summary(errors: Mapping[str, str], labels: Mapping[str, str] | None = None) -> None:
    """A summary of every problem at the top of a form."""
    labels = labels or {}
    lines = "\n".join(
        f"- **{labels.get(k, k.replace('_', ' ').capitalize())}**: {v}" for k, v in errors.items()
    )
    st.error(
        f"Nothing was saved yet. Please fix {len(errors)} thing{'s' if len(errors) != 1 else ''}:\n\n{lines}"
    )


def field_error(errors: Mapping[str, str], key: str) -> None:
    """The message for one field, shown under it."""
    if key in errors:
        st.markdown(f":red[**{errors[key]}**]")


def show_database_error(what: str) -> None:
    """A plain message for a database failure; the details go to the log without personal data."""
    log.exception("database error while trying to %s", what)
    st.error(
        f"Sorry, we could not {what} because the database did not answer. Nothing you entered "
        "has been lost: try again in a moment, and tell an admin if it keeps happening."
    )


def char_counter(text: str, limit: int) -> None:
    """A live count of characters against the limit."""
    n = len(text)
    colour = "red" if n > limit else "gray"
    st.caption(f":{colour}[{n:,} / {limit:,} characters]")
