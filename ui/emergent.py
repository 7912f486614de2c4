"""Emergent themes (admin): group comments no theme matched, and turn a group into a codebook theme."""

from __future__ import annotations

import streamlit as st

from analysis.emergent import EmergentGroup, emergent_groups
from feedback.access import NotAllowedError
from feedback.admin.codebook import add_theme, all_theme_ids, new_theme_record
from feedback.review.comments import CommentFilter, list_comments
from ui.components import plain
from ui.forms import attempt, load
from ui.state import require_page, viewer_of

GROUPS_KEY = "em_groups"  # per browser session only; never st.cache_data (it holds comment text)
FLASH_KEY = "em_flash"
MAX_COMMENTS = 200  # the newest unthemed comments, read a page at a time

user = require_page("emergent")
viewer = viewer_of(user)
st.title("Emergent themes")
st.caption(
    "Comments that matched no theme, grouped by the words they share. Examples are redacted. "
    "Safeguarding-flagged comments are left out."
)
top = st.container()
if flash := st.session_state.pop(FLASH_KEY, None):
    top.success(flash)

unthemed = CommentFilter(unthemed=True, safeguarding=False)


def _texts() -> list[str]:
    page = load(
        "read unthemed comments",
        lambda s: list_comments(session=s, filters=unthemed, viewer=viewer, page_size=MAX_COMMENTS),
    )
    return [row.redacted_text for row in page.rows]


cols = st.columns(2)
n_groups = int(cols[0].number_input("How many groups", min_value=2, max_value=12, value=5, key="em_n"))
if cols[1].button("Find groups", type="primary", key="em_run"):
    texts = _texts()
    st.session_state[GROUPS_KEY] = emergent_groups(texts, n_groups=n_groups) if texts else []
groups: list[EmergentGroup] | None = st.session_state.get(GROUPS_KEY)
if groups is not None and not groups:
    st.info("There are too few unthemed comments to group.")


def _group(index: int, group: EmergentGroup) -> None:
    with st.container(border=True):
        st.markdown(
            f"**Group {index + 1}** · {group.size} comments · top words: {plain(', '.join(group.top_words))}"
        )
        for example in group.examples:
            st.text(example)
        with st.form(f"em_form_{index}", enter_to_submit=False):
            st.text_input(
                "Theme name", value=" ".join(group.top_words[:2]).capitalize(), key=f"em_name_{index}"
            )
            st.multiselect(
                "Phrases", list(group.top_words), default=list(group.top_words[:3]), key=f"em_phrases_{index}"
            )
            make = st.form_submit_button("Make this a codebook theme", key=f"em_add_{index}")
        if make:
            name = st.session_state.get(f"em_name_{index}") or ""
            phrases = list(st.session_state.get(f"em_phrases_{index}") or [])
            taken = load("read the codebook", all_theme_ids)
            record = new_theme_record(name=name, phrases=phrases, taken=taken)
            try:
                outcome = attempt(
                    "add the theme", lambda s: add_theme(session=s, record=record, viewer=viewer)
                )
            except NotAllowedError as exc:
                st.error(str(exc))
                return
            if outcome.errors:
                st.error("The theme was not added: " + " ".join(outcome.errors.values()))
            elif outcome.ok:
                st.session_state[FLASH_KEY] = (
                    f"Added the theme '{record['name']}'. Re-score comments "
                    "(Re-score page) so they pick it up."
                )
                st.session_state.pop(GROUPS_KEY, None)
                st.rerun()


for i, group in enumerate(groups or []):
    _group(i, group)
