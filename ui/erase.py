"""The shared erase widgets: why a card or response is erased (chosen, or typed in a few words)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from feedback.admin.erasure import ERASURE_REASONS, MAX_REASON_NOTE

REASON_LABELS = {"reason": "Reason", "note": "Reason in your words"}


def reason_fields(prefix: str, *, default: str) -> tuple[str, str]:
    """The reason radio and the optional note; returns the chosen reason key and the note."""
    reasons = list(ERASURE_REASONS)
    reason = st.radio(
        "Why is it being erased?",
        reasons,
        index=reasons.index(default),
        format_func=ERASURE_REASONS.get,
        key=f"{prefix}_reason",
    )
    note = st.text_input(
        "Reason in your words (needed for 'another reason'; no names)",
        key=f"{prefix}_note",
        max_chars=MAX_REASON_NOTE,
        help="Kept in the audit log with who erased it and when. What was written is never logged.",
    )
    return str(reason), note or ""


def show_erase_errors(errors: Mapping[str, str]) -> None:
    """What stopped an erasure, field by field."""
    lines = "\n".join(f"- **{REASON_LABELS.get(k, k)}**: {v}" for k, v in errors.items())
    st.error(f"Nothing was erased yet. Please fix this:\n\n{lines}")
