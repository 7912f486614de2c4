"""The app's router and frame: page config, sign-in, kiosk lock and role-based navigation."""

from __future__ import annotations

import streamlit as st

from ui.alerts_banner import show_alert_banner
from ui.components import inject_css
from ui.navigation import pages_for
from ui.state import KIOSK_KEY, PIN_RULE_KEY, refresh_user

st.set_page_config(page_title="Community justice feedback", page_icon=":speech_balloon:", layout="wide")
inject_css()

if st.session_state.get(KIOSK_KEY):
    # A kiosk shows one survey and nothing else until staff unlock it with their PIN.
    page = st.navigation([st.Page("ui/kiosk.py", title="Survey", default=True)], position="hidden")
elif (user := refresh_user()) is None:
    page = st.navigation([st.Page("ui/sign_in.py", title="Sign in", default=True)], position="hidden")
else:
    page = st.navigation(pages_for(user))
    show_alert_banner(user)
    if rule := st.session_state.get(PIN_RULE_KEY):
        st.warning(f"Your PIN is weaker than the rule for your role. {rule} Change it under 'Change my PIN'.")
page.run()
