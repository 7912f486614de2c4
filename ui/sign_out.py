"""Sign out: end the server-side session (every tab) and forget everything this tab held."""

from __future__ import annotations

import streamlit as st

from ui.sso import end_sso_session
from ui.state import sign_out

sign_out()
end_sso_session()
st.rerun()
