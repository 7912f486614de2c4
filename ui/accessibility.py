"""Accessibility statement: open to everyone, signed in or not (the public-sector regulations ask for it).

No require_page here: the statement must be reachable without an account. The text lives in
data/accessibility_statement.md so the partnership can keep it up to date without code.
"""

from __future__ import annotations

import streamlit as st

from feedback.settings import DATA_DIR
from ui.state import current_user

STATEMENT = DATA_DIR / "accessibility_statement.md"

st.title("Accessibility statement")
st.markdown(STATEMENT.read_text(encoding="utf-8"))
if current_user() is None:
    st.page_link("ui/sign_in.py", label="Back to sign in", icon=":material/login:")
