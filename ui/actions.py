"""Actions, 'you said, we did': create from a theme or selected comments, list, filter, change status."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analysis.params import ACTION_STATUSES, LOCALITIES
from feedback.access import NotAllowedError
from feedback.admin.codebook import theme_records
from feedback.capture.activities import list_partners
from feedback.review.action_list import ActionFilter, ActionRow, list_actions
from feedback.review.actions import (
    ActionInput,
    change_status,
    create_action,
    draft_from_comments,
    draft_from_theme,
)
from ui.components import field_error, plain, show_error_summary
from ui.forms import attempt, forget, load
from ui.state import require_page, viewer_of

FLASH_KEY = "act_flash"
SELECTION_KEY = "action_comment_ids"  # set by the comments page
NEW_KEYS = (
    "new_theme",
    "new_heard",
    "new_will_do",
    "new_owner",
    "new_due",
    "new_status",
    "new_reason",
    "new_we_did",
)
LABELS = {
    "heard": "What we heard",
    "will_do": "What we will do",
    "locality": "Locality",
    "status": "Status",
    "status_reason": "Reason",
    "we_did": "We did",
    "theme_id": "Theme",
    "owner_partner_id": "Owner",
    "due_date": "Due date",
    "comment_ids": "Linked comments",
}

user = require_page("actions")
viewer = viewer_of(user)
today = dt.date.today()
st.title("Actions: you said, we did")
top = st.container()
if flash := st.session_state.pop(FLASH_KEY, None):
    top.success(flash)

themes = {r["id"]: r["name"] for r in load("read the codebook", theme_records)}
partners = {p.id: p.name for p in load("list partners", lambda s: list_partners(session=s))}
localities = [user.locality] if viewer.locality_scope and user.locality else list(LOCALITIES)


def _run(what: str, work: object) -> dict[str, str] | None:
    """A write; None when it went through, else the field errors (shown at the top)."""
    try:
        outcome = attempt(what, work)  # type: ignore[arg-type]
    except NotAllowedError as exc:
        top.error(str(exc))
        return {}
    if outcome.errors:
        with top:
            show_error_summary(outcome.errors, LABELS)
        return outcome.errors
    return None if outcome.ok else {}


st.header("New action")
selection = list(st.session_state.get(SELECTION_KEY) or [])
draft = (
    load("prepare the action", lambda s: draft_from_comments(session=s, comment_ids=selection))
    if selection
    else None
)
if selection:
    st.info(f"This action will be linked to the {len(selection)} comments you selected.")
    if st.button("Forget the selected comments", key="new_clear_selection"):
        st.session_state.pop(SELECTION_KEY, None)
        st.rerun()
with st.form("new_action", enter_to_submit=False):
    cols = st.columns(2)
    default_locality = draft.locality if draft and draft.locality in localities else localities[0]
    cols[0].selectbox(
        "Locality",
        localities,
        index=localities.index(default_locality),
        format_func=LOCALITIES.get,
        key="new_locality",
    )
    theme_options = list(themes)
    default_theme = theme_options.index(draft.theme_id) if draft and draft.theme_id in themes else None
    cols[1].selectbox(
        "Theme heard",
        theme_options,
        index=default_theme,
        format_func=themes.get,
        placeholder="Choose a theme",
        key="new_theme",
    )
    st.text_area("What we heard", key="new_heard", placeholder="Leave empty to start from the theme's name")
    heard_slot = st.empty()
    st.text_area("What we will do", key="new_will_do")
    will_do_slot = st.empty()
    cols = st.columns(3)
    cols[0].selectbox(
        "Owner partner",
        list(partners),
        index=None,
        format_func=partners.get,
        placeholder="Choose a partner",
        key="new_owner",
    )
    cols[1].date_input("Due date", value=None, key="new_due", format="DD/MM/YYYY")
    cols[2].selectbox("Status", list(ACTION_STATUSES), format_func=ACTION_STATUSES.get, key="new_status")
    st.text_input("Reason (when not taken forward)", key="new_reason")
    reason_slot = st.empty()
    st.text_area("We did (public text)", key="new_we_did")
    submitted = st.form_submit_button("Create action", type="primary", key="new_submit")

if submitted:
    state = st.session_state
    heard = (state.get("new_heard") or "").strip()
    if not heard and state.get("new_theme"):
        heard = load(
            "prepare the action",
            lambda s: draft_from_theme(
                session=s, theme_id=state["new_theme"], locality=state["new_locality"]
            ),
        ).heard
    data = ActionInput(
        heard=heard,
        will_do=state.get("new_will_do") or "",
        locality=state["new_locality"],
        theme_id=state.get("new_theme"),
        owner_partner_id=state.get("new_owner"),
        due_date=state.get("new_due"),
        status=state.get("new_status") or "planned",
        status_reason=state.get("new_reason") or "",
        we_did=state.get("new_we_did") or "",
        comment_ids=tuple(selection),
    )
    errors = _run("create the action", lambda s: create_action(session=s, data=data, viewer=viewer).id)
    if errors is None:
        forget((*NEW_KEYS, SELECTION_KEY))
        st.session_state[FLASH_KEY] = "Action created."
        st.rerun()
    for slot, name in ((heard_slot, "heard"), (will_do_slot, "will_do"), (reason_slot, "status_reason")):
        with slot:
            field_error(errors or {}, name)


def _action(row: ActionRow) -> None:
    badge = " :red-background[**Overdue**]" if row.overdue else ""
    due = f"due {row.due_date:%d %b %Y}" if row.due_date else "no due date"
    title = f"{ACTION_STATUSES.get(row.status, row.status)} · {plain(row.theme_name or 'No theme')} · {due}"
    with st.container(border=True):
        st.markdown(
            f"**{title}**{badge}  \n{LOCALITIES.get(row.locality, row.locality)}"
            + (f" · owner: {plain(row.owner)}" if row.owner else "")
            + (f" · {len(row.comment_ids)} linked comments" if row.comment_ids else "")
        )
        st.markdown("**You said:**")
        st.text(row.heard)
        st.markdown("**We will:**")
        st.text(row.will_do)
        if row.we_did:
            st.markdown("**We did:**")
            st.text(row.we_did)
        if row.status == "not_taken_forward" and row.status_reason:
            st.caption(f"Not taken forward because: {plain(row.status_reason)}")
        if not viewer.may_see_locality(row.locality):
            return
        with st.expander("Change status"), st.form(f"status_form_{row.id}", enter_to_submit=False):
            statuses = list(ACTION_STATUSES)
            st.selectbox(
                "Status",
                statuses,
                index=statuses.index(row.status),
                format_func=ACTION_STATUSES.get,
                key=f"status_{row.id}",
            )
            st.text_input(
                "Reason (needed for 'not taken forward')", value=row.status_reason, key=f"reason_{row.id}"
            )
            st.text_area("We did (public text)", value=row.we_did, key=f"wedid_{row.id}")
            changed = st.form_submit_button("Save status", key=f"save_{row.id}")
        if changed:
            state = st.session_state
            errors = _run(
                "change the status",
                lambda s: change_status(
                    session=s,
                    action_id=row.id,
                    status=state[f"status_{row.id}"],
                    viewer=viewer,
                    reason=state.get(f"reason_{row.id}") or "",
                    we_did=state.get(f"wedid_{row.id}") or "",
                ),
            )
            if errors is None:
                st.session_state[FLASH_KEY] = "Status saved."
                st.rerun()


st.header("Actions")
cols = st.columns([3, 3, 2])
statuses = cols[0].multiselect(
    "Status",
    list(ACTION_STATUSES),
    format_func=ACTION_STATUSES.get,
    key="act_status",
    placeholder="All statuses",
)
picked = cols[1].multiselect(
    "Locality",
    list(LOCALITIES),
    format_func=LOCALITIES.get,
    key="act_localities",
    placeholder="All localities",
)
overdue = cols[2].checkbox("Only overdue", key="act_overdue")
filters = ActionFilter(localities=tuple(picked), statuses=tuple(statuses), overdue_only=overdue)
rows = load(
    "list the actions", lambda s: list_actions(session=s, viewer=viewer, filters=filters, today=today)
)
late = sum(r.overdue for r in rows)
st.caption(f"{len(rows)} actions" + (f", **{late} overdue** (listed first)" if late else ""))
for row in rows:
    _action(row)
