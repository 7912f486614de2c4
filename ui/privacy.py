"""Subject requests and retention (admin): erase a kiosk response by receipt code; purge old raw text."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session

from analysis.params import LOCALITIES
from feedback.admin import audit
from feedback.admin.erasure import ErasureTarget, erase_now, find_submission
from feedback.admin.retention import (
    count_expired_text,
    normalise_receipt_code,
    purge_expired_text,
    retention_cutoff,
)
from feedback.db import checkpoint
from ui.components import field_error
from ui.erase import reason_fields, show_erase_errors
from ui.forms import attempt, forget, load, short_date, submit, take_flag
from ui.state import require_page, session_factory, settings, viewer_of

FLASH_KEY = "privacy_flash"
PENDING_KEY = "privacy_pending"
RESET_FLAG = "privacy_reset"
CODE_KEY = "privacy_code"
CODE_EXAMPLE = "ABCD-2345"
CHANNELS = {"kiosk": "kiosk survey", "staff_card": "feedback card", "import": "imported response"}


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _describe(match: ErasureTarget) -> str:
    channel = CHANNELS.get(match.channel, match.channel)
    place = LOCALITIES.get(match.locality, match.locality)
    return (
        f"Receipt **{match.receipt_code}**: a {channel} from {place} on {short_date(match.created_at.date())}, "
        f"with {_plural(match.answers, 'answer')} and {_plural(match.comments, 'comment')}."
    )


def find_form() -> None:
    """Look up a receipt code (any case, with or without the dash); a match waits for confirmation."""
    with st.form("privacy_find_form", enter_to_submit=False):
        st.text_input("Receipt code", key=CODE_KEY, placeholder=CODE_EXAMPLE, max_chars=20)
        error_slot = st.empty()
        find = st.form_submit_button("Find the response", key="privacy_find")
    if not find:
        return
    st.session_state.pop(PENDING_KEY, None)
    code = normalise_receipt_code(st.session_state.get(CODE_KEY) or "")
    if not code:
        with error_slot:
            field_error({"code": f"Type the receipt code the person was given, like {CODE_EXAMPLE}."}, "code")
        return
    match = load(
        "look up the receipt code", lambda s: find_submission(session=s, viewer=viewer, receipt_code=code)
    )
    if match is None:
        with error_slot:
            field_error(
                {"code": f"No response has the code {code}. Check it with the person (it looks like "
                 f"{CODE_EXAMPLE}) and try again."},
                "code",
            )  # fmt: skip
        return
    st.session_state[PENDING_KEY] = match


def confirm_step(match: ErasureTarget) -> None:
    """Show what will be erased, ask why, and erase only on confirmation."""
    with st.container(border=True):
        st.markdown(_describe(match))
        st.warning("Erasing deletes the whole response and its comments for good. It cannot be undone.")
        reason, note = reason_fields("privacy", default="subject_request")
        error_slot = st.container()
        yes, no = st.columns(2)
        confirmed = yes.button("Yes, erase this response", type="primary", key="privacy_confirm")
        if no.button("Cancel", key="privacy_cancel"):
            st.session_state.pop(PENDING_KEY, None)
            st.rerun()
    if not confirmed:
        return
    outcome = submit(
        "erase the response",
        lambda f: erase_now(
            factory=f, viewer=viewer, submission_id=match.submission_id, reason=reason, note=note
        ),
    )
    if outcome.errors:
        with error_slot:
            show_erase_errors(outcome.errors)
    if not outcome.ok:
        return
    st.session_state.pop(PENDING_KEY, None)
    st.session_state[RESET_FLAG] = True
    st.session_state[FLASH_KEY] = (
        f"Erased the response with receipt {match.receipt_code}."
        if outcome.value
        else f"The response with receipt {match.receipt_code} was already gone: nothing to erase."
    )
    st.rerun()


def withdraw_section() -> None:
    """A respondent asks for their answers to be removed."""
    st.header("Erase a response by its receipt code")
    st.caption(
        "Kiosk respondents get a receipt code. With it, anyone can ask for their answers to be deleted. "
        "Feedback cards are erased from **Comments and coding**."
    )
    find_form()
    match = st.session_state.get(PENDING_KEY)
    if match is not None:
        confirm_step(match)


def _purge(session: Session, days: int, user_id: int) -> int:
    purged = purge_expired_text(session=session, retention_days=days)
    audit.record(session=session, user_id=user_id, event="retention.run", detail={"comments": purged})
    return purged


def retention_section(user_id: int) -> None:
    """Show what the purge would blank, then run it on confirmation."""
    st.header("Retention")
    days = settings().retention_days
    cutoff = retention_cutoff(retention_days=days)
    expired = load("count the expired comments", lambda s: count_expired_text(session=s, retention_days=days))
    st.write(
        f"Raw comment text is kept for {days:,} days (FEEDBACK_RETENTION_DAYS). The purge blanks the raw text "
        f"of comments written before {short_date(cutoff.date())}; their redacted text and analysis stay."
    )
    if expired == 0:
        st.info("No comment holds raw text older than that: there is nothing to purge now.")
        return
    st.markdown(f"**{_plural(expired, 'comment')}** will have raw text blanked.")
    st.checkbox(
        f"I understand the raw text of {_plural(expired, 'comment')} is blanked for good",
        key="privacy_purge_ok",
    )
    error_slot = st.empty()
    if not st.button("Purge expired text now", type="primary", key="privacy_purge"):
        return
    if not st.session_state.get("privacy_purge_ok"):
        with error_slot:
            field_error({"ok": "Tick the box above to confirm, then press the button again."}, "ok")
        return
    outcome = attempt("purge the expired text", lambda s: _purge(s, days, user_id))
    if outcome.ok:
        checkpoint(session_factory().kw["bind"])  # the blanked text leaves SQLite's log file too
        forget(("privacy_purge_ok",))
        st.session_state[FLASH_KEY] = f"Blanked the raw text of {_plural(outcome.value, 'comment')}."
        st.rerun()


user = require_page("privacy")
viewer = viewer_of(user)
st.title("Subject requests and retention")
if take_flag(RESET_FLAG):
    forget((CODE_KEY, "privacy_reason", "privacy_note"))
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash)
withdraw_section()
retention_section(user.id)
