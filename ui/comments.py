"""Comments and coding (locality leads, admins): explore, confirm or correct, approve quotes."""

from __future__ import annotations

import streamlit as st

from analysis.params import LOCALITIES, QUESTION_TYPES, SENTIMENTS
from feedback.access import NotAllowedError
from feedback.admin.codebook import theme_records
from feedback.admin.erasure import erase_now
from feedback.capture.lookups import list_active_surveys
from feedback.review.coding import bulk_code, code_comment, labelled_csv, labelled_frame
from feedback.review.comments import CommentFilter, CommentPage, CommentRow, list_comments
from feedback.review.quotes import approve_quote, withdraw_quote
from ui.components import plain, show_error_summary
from ui.erase import reason_fields, show_erase_errors
from ui.filters import filter_bar
from ui.forms import attempt, load, submit
from ui.paging import page_starts, turn_page
from ui.state import require_page, viewer_of

PAGE_SIZE = 20
FLASH_KEY = "cmt_flash"
PAGES_KEY = "cmt_pages"  # the filters paged and the cursor each page starts after
SELECTION_KEY = "action_comment_ids"  # read by the actions page

user = require_page("comments")
viewer = viewer_of(user)
st.title("Comments and coding")
st.caption(
    "Confirm or correct what the analysis said. Your decision is kept as a label and shown everywhere."
)
top = st.container()
if flash := st.session_state.pop(FLASH_KEY, None):
    top.success(flash)

surveys = load("list the surveys", lambda s: {v.key: v.title for v in list_active_surveys(session=s)})
themes = {r["id"]: r["name"] for r in load("read the codebook", theme_records)}
choice = filter_bar(user=user, key="cmt", surveys=surveys)
cols = st.columns([2, 2, 3])
theme_ids = cols[0].multiselect(
    "Theme", list(themes), format_func=themes.get, key="cmt_themes", placeholder="All themes"
)
sentiments = cols[1].multiselect("Sentiment", SENTIMENTS, key="cmt_sentiments", placeholder="All")
search = cols[2].text_input("Search the redacted text", key="cmt_search", max_chars=200)
options = st.columns(2)
quotable = options[0].checkbox("Only with permission to quote", key="cmt_quotable")
raw = options[1].checkbox(
    "Show the text as given (not redacted)",
    key="cmt_raw",
    help="Only on this screen, only for leads and admins. Never copy it elsewhere.",
)
filters = CommentFilter(
    review=choice.filters,
    theme_ids=tuple(theme_ids),
    sentiments=tuple(sentiments),
    search=search,
    quote_permission=True if quotable else None,
)


def _pager(page: CommentPage, number: int, where: str) -> None:
    """Previous and next page buttons with where the reader is."""
    back, here, forward = st.columns([1, 3, 1])
    back.button(
        "Previous page",
        key=f"cmt_prev_{where}",
        disabled=number == 1,
        on_click=turn_page,
        args=(PAGES_KEY, filters, None),
    )
    counted = f"{page.total:,}+" if page.capped else f"{page.total:,}"
    of = "" if page.capped else f" of {page.pages}"
    here.caption(f"{counted} comments match; page {number}{of}.")
    forward.button(
        "Next page",
        key=f"cmt_next_{where}",
        disabled=page.next_after is None,
        on_click=turn_page,
        args=(PAGES_KEY, filters, page.next_after),
    )


starts = page_starts(PAGES_KEY, filters)
page = load(
    "list the comments",
    lambda s: list_comments(
        session=s, filters=filters, viewer=viewer, after=starts[-1], page_size=PAGE_SIZE, include_raw=raw
    ),
)
_pager(page, len(starts), "top")


def _save(what: str, work: object, message: str) -> None:
    """Run a write; show problems at the top, or remember a message and redraw."""
    try:
        outcome = attempt(what, work)  # type: ignore[arg-type]
    except NotAllowedError as exc:
        top.error(str(exc))
        return
    if outcome.errors:
        with top:
            show_error_summary(outcome.errors)
    elif outcome.ok:
        st.session_state[FLASH_KEY] = message
        st.rerun()


def _erase(row: CommentRow) -> None:
    """Admins: erase the whole card or kiosk response this comment belongs to, with a reason."""
    what = "feedback card" if row.channel == "staff_card" else "response (every answer in it)"
    with st.expander(f"Erase this {what}"):
        reason, note = reason_fields(f"erase_{row.id}", default="mistake")
        sure = st.checkbox(f"I understand this {what} is deleted for good", key=f"erase_ok_{row.id}")
        slot = st.container()
        if not st.button("Erase it now", key=f"erase_{row.id}_go", type="primary"):
            return
        if not sure:
            slot.error("Tick the box above to confirm, then press the button again. Nothing was erased.")
            return
        outcome = submit(
            "erase it",
            lambda f: erase_now(
                factory=f, viewer=viewer, submission_id=row.submission_id, reason=reason, note=note
            ),
        )
        if outcome.errors:
            with slot:
                show_erase_errors(outcome.errors)
        elif outcome.ok:
            st.session_state[FLASH_KEY] = (
                f"Erased the {what.split(' (')[0]} for good; the audit log has the reason."
            )
            st.rerun()


def _theme_line(row: CommentRow) -> str:
    if not row.themes:
        return "No theme"
    parts = []
    for t in row.themes:
        why = ", ".join(f"“{plain(e)}”" for e in t.evidence) if t.evidence else t.source
        parts.append(f"{plain(t.name)} ({'confirmed' if t.confirmed else t.source}: {why})")
    return "; ".join(parts)


def _comment(row: CommentRow) -> None:
    with st.container(border=True):
        head = st.columns([1, 6])
        head[0].checkbox("Select", key=f"sel_{row.id}")
        head[1].caption(
            f"{row.created_at:%d %b %Y} · {LOCALITIES.get(row.locality, row.locality)} · "
            f"{row.question_type.replace('_', ' ')} · {row.channel.replace('_', ' ')}"
            + (f" · {plain(row.activity_title)}" if row.activity_title else "")
        )
        st.text(row.text if raw and row.text is not None else row.redacted_text)
        if row.safeguarding:
            st.warning("Flagged for safeguarding review: left out of summaries and never quoted.")
        label = row.sentiment or ("analysis pending" if row.analysis_pending else "not scored")
        by = " (set by a person)" if row.human_sentiment else ""
        st.markdown(f"**Sentiment:** {label}{by} · **Themes:** {_theme_line(row)}")
        with st.expander("Code this comment"):
            with st.form(f"code_form_{row.id}", enter_to_submit=False):
                st.radio(
                    "Sentiment",
                    SENTIMENTS,
                    index=SENTIMENTS.index(row.sentiment) if row.sentiment in SENTIMENTS else None,
                    horizontal=True,
                    key=f"sent_{row.id}",
                )
                st.multiselect(
                    "Themes",
                    list(themes),
                    default=[t.theme_id for t in row.themes if t.theme_id in themes],
                    format_func=themes.get,
                    key=f"themes_{row.id}",
                )
                saved = st.form_submit_button("Save coding", key=f"save_{row.id}")
            if saved:
                sentiment = st.session_state.get(f"sent_{row.id}")
                chosen = list(st.session_state.get(f"themes_{row.id}") or [])
                _save(
                    "save the coding",
                    lambda s: code_comment(
                        session=s, comment_id=row.id, viewer=viewer, sentiment=sentiment, theme_ids=chosen
                    ),
                    "Coding saved.",
                )
        if row.quote_permission and not row.safeguarding:
            if row.quote_approved:
                st.caption("Approved as a quote (its redacted text may be published).")
                if st.button("Withdraw quote", key=f"quote_{row.id}"):
                    _save(
                        "withdraw the quote",
                        lambda s: withdraw_quote(session=s, comment_id=row.id, viewer=viewer),
                        "Quote withdrawn.",
                    )
            elif st.button("Approve as a quote", key=f"quote_{row.id}"):
                _save(
                    "approve the quote",
                    lambda s: approve_quote(session=s, comment_id=row.id, viewer=viewer),
                    "Quote approved: only its redacted text will be published.",
                )


for row in page.rows:
    _comment(row)
    if viewer.may("erase_submission") and row.submission_id:
        _erase(row)
if page.rows:
    _pager(page, len(starts), "bottom")

selected = [r.id for r in page.rows if st.session_state.get(f"sel_{r.id}")]
st.header("Code the selected comments together")
with st.form("bulk_form", enter_to_submit=False):
    st.caption(f"{len(selected)} selected on this page.")
    st.selectbox("Set sentiment", SENTIMENTS, index=None, placeholder="Leave as it is", key="bulk_sentiment")
    st.multiselect("Add themes", list(themes), format_func=themes.get, key="bulk_add")
    st.multiselect("Remove themes", list(themes), format_func=themes.get, key="bulk_remove")
    st.checkbox("Confirm what is shown for everything else", key="bulk_confirm")
    apply = st.form_submit_button("Apply to the selected comments", key="bulk_apply")
if apply:
    _save(
        "code the selected comments",
        lambda s: bulk_code(
            session=s,
            comment_ids=selected,
            viewer=viewer,
            sentiment=st.session_state.get("bulk_sentiment"),
            add_theme_ids=st.session_state.get("bulk_add") or (),
            remove_theme_ids=st.session_state.get("bulk_remove") or (),
            confirm=bool(st.session_state.get("bulk_confirm")),
        ),
        f"Coded {len(selected)} comments.",
    )
if st.button("Use the selected comments for a new action", key="bulk_action", disabled=not selected):
    st.session_state[SELECTION_KEY] = selected
    st.info(f"{len(selected)} comments kept for a new action: open **Actions** in the menu to finish it.")

st.header("Labelled comments for training")
st.caption("Every comment a person coded, redacted, for `python -m analysis train --data FILE`.")
if st.button("Prepare the labelled CSV", key="labels_prepare"):
    frame = load("export the labels", lambda s: labelled_frame(s, locality=viewer.locality_scope))
    st.download_button(
        "Download labelled CSV",
        labelled_csv(frame),
        file_name="labelled_comments.csv",
        mime="text/csv",
        key="labels_download",
    )
    st.caption(
        f"{len(frame):,} labelled comments. Question types: "
        + ", ".join(q for q in QUESTION_TYPES if q in set(frame["question_type"]))
    )
