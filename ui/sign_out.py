"""Sign out: forget everything this browser session held."""

from __future__ import annotations

import streamlit as st

from ui.sso import end_sso_session
from ui.state import sign_out

sign_out()
end_sso_session()
st.rerun()
