"""Partners (admin): the managed list of partnership members used on activities."""

from __future__ import annotations

import streamlit as st

from analysis.params import PARTNER_SECTORS
from feedback.capture.activities import add_partner, list_partners
from feedback.capture.lookups import set_partner_active
from ui.components import field_error, plain, show_error_summary
from ui.forms import attempt, forget, load, take_flag
from ui.state import require_page

RESET_FLAG = "partner_reset"
FLASH_KEY = "partner_flash"
LABELS = {"name": "Name", "sector": "Sector", "partner": "Partner"}

user = require_page("partners")
st.title("Partners")
if take_flag(RESET_FLAG):
    forget(("partner_name", "partner_sector"))
top = st.container()
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    top.success(flash)

st.header("Add a partner")
with st.form("partner_form", enter_to_submit=False):
    st.text_input("Name", max_chars=None, key="partner_name")
    name_slot = st.empty()
    st.selectbox(
        "Sector",
        list(PARTNER_SECTORS),
        format_func=PARTNER_SECTORS.get,
        index=None,
        placeholder="Choose a sector",
        key="partner_sector",
    )
    sector_slot = st.empty()
    add = st.form_submit_button("Add partner", type="primary", key="partner_add")

if add:
    name = st.session_state.get("partner_name") or ""
    sector = st.session_state.get("partner_sector") or ""
    with top:
        outcome = attempt(
            "add the partner",
            lambda s: add_partner(session=s, name=name, sector=sector, user_id=user.id).name,
        )
        if outcome.errors:
            show_error_summary(outcome.errors, LABELS)
    with name_slot:
        field_error(outcome.errors, "name")
    with sector_slot:
        field_error(outcome.errors, "sector")
    if outcome.ok:
        st.session_state[FLASH_KEY] = f"Added {outcome.value}."
        st.session_state[RESET_FLAG] = True
        st.rerun()

st.header("The list")
st.caption("A partner switched off is no longer offered for new activities; past activities keep it.")
partners = load("list the partners", lambda s: list_partners(session=s, active_only=False))
for partner in partners:
    name_col, sector_col, action_col = st.columns([5, 2, 2])
    name_col.markdown(plain(partner.name) if partner.active else f"~~{plain(partner.name)}~~ (switched off)")
    sector_col.markdown(PARTNER_SECTORS.get(partner.sector, partner.sector))
    label = "Switch off" if partner.active else "Switch on"
    if action_col.button(label, key=f"partner_toggle_{partner.id}", width="stretch"):
        outcome = attempt(
            "change the partner",
            lambda s, p=partner: (
                set_partner_active(session=s, partner_id=p.id, active=not p.active, user_id=user.id).active
            ),
        )
        if outcome.ok:
            st.session_state[FLASH_KEY] = f"{partner.name} is now {'on' if outcome.value else 'off'}."
            st.rerun()
