"""The app's router and frame: page config, sign-in, kiosk lock and role-based navigation."""

from __future__ import annotations

import streamlit as st

from ui.alerts_banner import show_alert_banner
from ui.browser import KIOSK_COOKIE, SESSION_COOKIE, link
from ui.components import inject_css
from ui.kiosk_device import find_kiosk_token
from ui.navigation import pages_for, signed_out_pages
from ui.staff_guard import staff_guard
from ui.state import PIN_RULE_KEY, refresh_user, sweep

st.set_page_config(page_title="Community justice feedback", page_icon=":speech_balloon:", layout="wide")
inject_css()
sweep()

if find_kiosk_token():
    # A kiosk shows one survey and nothing else until staff unlock it with their PIN; a reload
    # finds it again through the device token in the URL and the cookie.
    page = st.navigation([st.Page("ui/kiosk.py", title="Survey", default=True)], position="hidden")
elif (user := refresh_user()) is None:
    link("signed_out_link", cookies={SESSION_COOKIE: "", KIOSK_COOKIE: ""})
    page = st.navigation(signed_out_pages(), position="hidden")
else:
    staff_guard()
    # Navigation across the top, so capture and kiosk pages have the whole width of a tablet.
    page = st.navigation(pages_for(user), position="top")
    show_alert_banner(user)
    if rule := st.session_state.get(PIN_RULE_KEY):
        st.warning(f"Your PIN is weaker than the rule for your role. {rule} Change it under 'Change my PIN'.")
page.run()
