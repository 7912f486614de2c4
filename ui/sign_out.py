"""Sign out: forget everything this browser session held."""

from __future__ import annotations

import streamlit as st

from ui.state import sign_out

sign_out()
st.rerun()
