"""'You said, we did' (leads, reviewers, admins): a DOCX and Markdown summary per locality and period."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analysis.disclosure import protection_sentence
from analysis.params import LOCALITIES
from analysis.periods import period_presets
from analysis.you_said_we_did import you_said_we_did_to_docx_bytes, you_said_we_did_to_markdown
from feedback.access import is_scoped
from feedback.admin.app_settings import get_suppression_k
from feedback.reports.you_said_we_did import gather
from ui.forms import load
from ui.state import require_page

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

user = require_page("you_said_we_did")
st.title("You said, we did")
st.caption(
    "What people told us, approved redacted quotes, and what the partnership is doing about it. "
    "Typed text (what we heard, what we will do) is redacted before it is published."
)
localities = [user.locality] if is_scoped(user.role) and user.locality else list(LOCALITIES)
presets = period_presets(dt.date.today())
cols = st.columns(2)
locality = cols[0].selectbox("Locality", localities, format_func=LOCALITIES.get, key="ysd_locality")
period = cols[1].selectbox("Period", list(presets), key="ysd_period")
start, end = presets[period]

summary = load(
    "gather the summary",
    lambda s: gather(session=s, locality=locality, start=start, end=end, k=get_suppression_k(session=s)),
)
markdown = you_said_we_did_to_markdown(summary)
stem = f"you-said-we-did-{locality}-{start:%Y%m%d}-{end:%Y%m%d}"
cols = st.columns(2)
cols[0].download_button(
    "Download Word (DOCX)",
    you_said_we_did_to_docx_bytes(summary),
    file_name=f"{stem}.docx",
    mime=DOCX_MIME,
    key="ysd_docx",
    type="primary",
)
cols[1].download_button(
    "Download Markdown", markdown.encode("utf-8"), file_name=f"{stem}.md", mime="text/markdown", key="ysd_md"
)
st.header("Preview: exactly what the documents will say")
st.caption(protection_sentence(summary.k))
st.caption(f"{len(summary.themes)} themes · {len(summary.quotes)} quotes · {len(summary.actions)} actions")
st.dataframe(summary.themes, hide_index=True)
for quote in summary.quotes:
    st.text(f"“{quote.text}”" + (f" ({quote.theme})" if quote.theme else ""))
st.dataframe(
    [
        {
            "You said": a.you_said,
            "We will / we did": a.response,
            "Who": a.owner,
            "When": a.when,
            "Status": a.status,
        }
        for a in summary.actions
    ],
    hide_index=True,
)
