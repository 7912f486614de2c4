"""Re-score all (admin): re-run the analysis on stored comments after a model or codebook change."""

from __future__ import annotations

import streamlit as st

from feedback.capture.rescore import count_stale
from ui.forms import load
from ui.rescore_runner import run_rescore
from ui.state import require_page

user = require_page("rescore")
st.title("Re-score comments")
st.caption(
    "Runs the current analysis (model and codebook) again on stored comments, in batches. "
    "People's coding is kept. You can leave the page open while it runs."
)
stale = load("count comments", lambda s: count_stale(session=s, only_stale=True))
everything = load("count comments", lambda s: count_stale(session=s, only_stale=False))
st.metric("Comments scored with an older analysis", f"{stale:,}", help=f"{everything:,} comments in all")
only_stale = st.checkbox("Only those scored with an older analysis", value=True, key="rs_only_stale")
if st.button("Re-score all", type="primary", key="rs_run"):
    done = run_rescore(user_id=user.id, only_stale=only_stale)
    if done is not None:
        st.success(f"Re-scored {done:,} comments.")
