"""Theme codebook (admin): edit names, descriptions and phrases, validated; then offer a re-score."""

from __future__ import annotations

import streamlit as st

from analysis.params import CORE_THEME_IDS
from feedback.access import NotAllowedError
from feedback.admin.codebook import new_theme_record, save_codebook, theme_records
from ui.forms import attempt, forget, load
from ui.rescore_runner import run_rescore
from ui.state import require_page, viewer_of

SAVED_KEY = "cb_saved"
NEW_KEYS = ("cb_new_name", "cb_new_desc", "cb_new_phrases")

user = require_page("codebook")
viewer = viewer_of(user)
st.title("Theme codebook")
st.caption(
    "One phrase per line. Plain words also match simple plurals and endings (flat, flats). "
    "A line starting `re:` is a regular expression. Core themes cannot be removed."
)
top = st.container()
records = load("read the codebook", theme_records)

with st.form("codebook_form", enter_to_submit=False):
    for record in records:
        core = record["id"] in CORE_THEME_IDS
        with st.expander(f"{record['name']} ({record['id']})" + (" · core" if core else "")):
            st.text_input("Name", value=record["name"], key=f"cb_name_{record['id']}")
            st.text_area("Description", value=record["description"], key=f"cb_desc_{record['id']}")
            st.text_area(
                "Phrases", value="\n".join(record["phrases"]), key=f"cb_phrases_{record['id']}", height=160
            )
            if not core:
                st.checkbox("Remove this theme", key=f"cb_remove_{record['id']}")
    st.markdown("**Add a theme**")
    st.text_input("Name of the new theme", key="cb_new_name")
    st.text_input("Description of the new theme", key="cb_new_desc")
    st.text_area("Phrases of the new theme", key="cb_new_phrases")
    saved = st.form_submit_button("Save codebook", type="primary", key="cb_save")


def _edited() -> list[dict]:
    state = st.session_state
    edited = [
        {
            "id": r["id"],
            "name": state.get(f"cb_name_{r['id']}", r["name"]),
            "description": state.get(f"cb_desc_{r['id']}", r["description"]),
            "phrases": (state.get(f"cb_phrases_{r['id']}") or "").splitlines(),
        }
        for r in records
        if not state.get(f"cb_remove_{r['id']}")
    ]
    name = (state.get("cb_new_name") or "").strip()
    if name:
        edited.append(
            new_theme_record(
                name=name,
                description=state.get("cb_new_desc") or "",
                phrases=(state.get("cb_new_phrases") or "").splitlines(),
                taken=[r["id"] for r in records],
            )
        )
    return edited


if saved:
    try:
        outcome = attempt(
            "save the codebook", lambda s: save_codebook(session=s, records=_edited(), viewer=viewer)
        )
    except NotAllowedError as exc:
        top.error(str(exc))
    else:
        if outcome.errors:
            top.error(
                "The codebook was not saved. Please fix:\n\n"
                + "\n".join(f"- {message}" for message in outcome.errors.values())
            )
        elif outcome.ok:
            change = outcome.value
            st.session_state[SAVED_KEY] = (
                (
                    f"Saved: {len(change.added)} added, {len(change.changed)} changed, "
                    f"{len(change.removed)} removed."
                )
                if change.any
                else "No changes."
            )
            forget(NEW_KEYS)
            st.rerun()

if message := st.session_state.get(SAVED_KEY):
    top.success(message)
    st.info("Stored comments still carry the themes of the old codebook until they are re-scored.")
    if st.button("Re-score all comments now", key="cb_rescore"):
        done = run_rescore(user_id=user.id, only_stale=True)
        if done is not None:
            st.session_state.pop(SAVED_KEY, None)
            st.success(f"Re-scored {done:,} comments with the new codebook.")
