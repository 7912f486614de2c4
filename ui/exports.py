"""Exports: activities, comments (redacted text only) and actions as CSV and XLSX."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from analysis.disclosure import protection_sentence
from analysis.exports import frame_to_csv_bytes, frame_to_xlsx_bytes
from analysis.suppression import suppress_count
from feedback.access import may
from feedback.admin.app_settings import get_suppression_k
from feedback.filters import ReviewFilter
from feedback.models import Survey
from feedback.reports.exports import actions_frame, activities_frame, comments_frame
from ui.components import show_database_error
from ui.filters import filter_bar
from ui.state import SignedInUser, require_page, session_factory

FILES_KEY = "exp_files"
PREVIEW_ROWS = 10
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Builder = Callable[[Session, ReviewFilter, SignedInUser, int], pd.DataFrame]
DATASETS: dict[str, tuple[str, str, Builder]] = {
    "activities": (
        "Activities",
        "Each activity with its partners, people engaged and outcomes.",
        lambda s, f, u, k: activities_frame(session=s, filters=f, k=k),
    ),
    "comments": (
        "Comments",
        "Redacted text only, with sentiment and themes. Safeguarding-flagged comments "
        "are left out (admins get them, marked).",
        lambda s, f, u, k: comments_frame(
            session=s, filters=f, include_safeguarding=may(u.role, "export_safeguarding")
        ),
    ),
    "actions": (
        "Actions",
        '"You said, we did" actions for the chosen localities, created in the period.',
        lambda s, f, u, k: actions_frame(session=s, filters=f),
    ),
}


def export_files(frame: pd.DataFrame, sheet: str) -> tuple[bytes, bytes]:
    """The frame as neutralised CSV and XLSX bytes."""
    return frame_to_csv_bytes(frame), frame_to_xlsx_bytes(frame, sheet_name=sheet)


def _prepare(name: str, filters: ReviewFilter, user: SignedInUser, k: int) -> None:
    title, _, build = DATASETS[name]
    try:
        with session_factory()() as session:
            frame = build(session, filters, user, k)
    except SQLAlchemyError:  # a plain message; details go to the log
        show_database_error(f"prepare the {title.lower()} export")
        return
    csv, xlsx = export_files(frame, title)
    st.session_state.setdefault(FILES_KEY, {})[name] = {
        "filters": filters,
        "rows": len(frame),
        "preview": frame.head(PREVIEW_ROWS),
        "csv": csv,
        "xlsx": xlsx,
    }


def _section(name: str, filters: ReviewFilter, user: SignedInUser, k: int, stem: str) -> None:
    title, description, _ = DATASETS[name]
    st.header(title)
    st.caption(description)
    if st.button(f"Prepare {title.lower()}", key=f"exp_prepare_{name}"):
        _prepare(name, filters, user, k)
    files = st.session_state.get(FILES_KEY, {}).get(name)
    if not files or files["filters"] != filters:
        return
    st.write(f"Rows: {suppress_count(files['rows'], k)}")
    st.caption(f"The first {PREVIEW_ROWS} rows as they will leave the app (typed text redacted):")
    st.dataframe(files["preview"], hide_index=True, key=f"exp_{name}_preview")
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        files["csv"],
        file_name=f"{name}-{stem}.csv",
        mime=CSV_MIME,
        key=f"exp_{name}_csv",
        width="stretch",
    )
    right.download_button(
        "Download XLSX",
        files["xlsx"],
        file_name=f"{name}-{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"exp_{name}_xlsx",
        width="stretch",
    )


user = require_page("exports")
st.title("Exports")
try:
    with session_factory()() as session:
        surveys = {s.key: s.title for s in session.scalars(select(Survey).order_by(Survey.title))}
        k = get_suppression_k(session=session)
except SQLAlchemyError:  # a plain message; details go to the log
    show_database_error("open the exports")
    st.stop()
choice = filter_bar(user=user, key="exp", surveys=surveys)
st.caption(
    f"{choice.label}. Cells that start with =, +, -, @, a tab or a return get a ' in front so a "
    "spreadsheet cannot run them. " + protection_sentence(k)
)
stem = f"{choice.filters.start:%Y-%m-%d}-to-{choice.filters.end:%Y-%m-%d}"
for name in DATASETS:
    _section(name, choice.filters, user, k, stem)
