"""Exports: activities, comments (redacted text only) and actions as CSV and XLSX.

An export is built only when asked for, streamed from the database in batches straight into a
CSV and an XLSX file with a progress bar; the session keeps only where the files are, their row
count and a ten-row preview, and the download buttons read the files when pressed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from analysis.disclosure import protection_sentence
from analysis.export_stream import ExportWriter, frame_batches
from analysis.suppression import suppress_count
from feedback.access import may
from feedback.admin.app_settings import get_suppression_k
from feedback.filters import ReviewFilter
from feedback.models import Survey
from feedback.reports.export_files import new_export_dir, remove_export
from feedback.reports.exports import (
    ACTION_COLUMNS,
    ACTIVITY_COLUMNS,
    actions_frame,
    activities_frame,
    comment_batches,
    comment_columns,
    count_comment_rows,
)
from ui.components import show_database_error
from ui.filters import filter_bar
from ui.state import SignedInUser, require_page, session_factory

FILES_KEY = "exp_files"
PREVIEW_ROWS = 10
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Batches = Iterator[list[dict]]


@dataclass(frozen=True)
class Dataset:
    """One export: what it is called, says, holds, and how its rows are counted and streamed."""

    title: str
    description: str
    columns: Callable[[SignedInUser], list[str]]
    build: Callable[[Session, ReviewFilter, SignedInUser, int], tuple[int, Batches]]


def _small(frame: pd.DataFrame) -> tuple[int, Batches]:
    return len(frame), frame_batches(frame)


def _comments(s: Session, f: ReviewFilter, u: SignedInUser) -> tuple[int, Batches]:
    flagged = may(u.role, "export_safeguarding")
    total = count_comment_rows(session=s, filters=f, include_safeguarding=flagged)
    return total, comment_batches(session=s, filters=f, include_safeguarding=flagged)


DATASETS: dict[str, Dataset] = {
    "activities": Dataset(
        "Activities",
        "Each activity with its partners, people engaged and outcomes.",
        lambda u: ACTIVITY_COLUMNS,
        lambda s, f, u, k: _small(activities_frame(session=s, filters=f, k=k)),
    ),
    "comments": Dataset(
        "Comments",
        "Redacted text only, with sentiment and themes. Safeguarding-flagged comments "
        "are left out (admins get them, marked).",
        lambda u: comment_columns(may(u.role, "export_safeguarding")),
        lambda s, f, u, k: _comments(s, f, u),
    ),
    "actions": Dataset(
        "Actions",
        '"You said, we did" actions for the chosen localities, created in the period.',
        lambda u: ACTION_COLUMNS,
        lambda s, f, u, k: _small(actions_frame(session=s, filters=f)),
    ),
}


def _write(name: str, folder: Path, total: int, batches: Batches, columns: list[str]) -> tuple[int, list]:
    """Stream the batches into the two files with a progress bar; return rows and preview records."""
    title = DATASETS[name].title
    writer = ExportWriter(folder / f"{name}.csv", folder / f"{name}.xlsx", columns, title)
    bar = st.progress(0.0, text=f"Preparing {title.lower()}: 0 of {total:,} rows")
    preview: list[dict] = []
    try:
        for batch in batches:
            writer.write(batch)
            preview += batch[: PREVIEW_ROWS - len(preview)]
            done = min(writer.rows / total, 1.0) if total else 1.0
            bar.progress(done, text=f"Preparing {title.lower()}: {writer.rows:,} of {total:,} rows")
    finally:
        writer.close()
    bar.empty()
    return writer.rows, preview


def _prepare(name: str, filters: ReviewFilter, user: SignedInUser, k: int) -> None:
    dataset = DATASETS[name]
    files = st.session_state.setdefault(FILES_KEY, {})
    remove_export((files.pop(name, None) or {}).get("folder"))
    folder = new_export_dir()
    try:
        with session_factory()() as session:
            total, batches = dataset.build(session, filters, user, k)
            rows, preview = _write(name, folder, total, batches, dataset.columns(user))
    except SQLAlchemyError:  # a plain message; details go to the log
        remove_export(folder)
        show_database_error(f"prepare the {dataset.title.lower()} export")
        return
    files[name] = {
        "filters": filters,
        "rows": rows,
        "preview": pd.DataFrame(preview, columns=dataset.columns(user)),
        "folder": str(folder),
        "csv": str(folder / f"{name}.csv"),
        "xlsx": str(folder / f"{name}.xlsx"),
    }


def _reader(path: str) -> Callable[[], bytes]:
    return lambda: Path(path).read_bytes()


def _section(name: str, filters: ReviewFilter, user: SignedInUser, k: int, stem: str) -> None:
    dataset = DATASETS[name]
    st.header(dataset.title)
    st.caption(dataset.description)
    if st.button(f"Prepare {dataset.title.lower()}", key=f"exp_prepare_{name}"):
        _prepare(name, filters, user, k)
    files = st.session_state.get(FILES_KEY, {}).get(name)
    if not files or files["filters"] != filters:
        return
    if not (Path(files["csv"]).exists() and Path(files["xlsx"]).exists()):
        st.info(f"The prepared files have been cleared. Press “Prepare {dataset.title.lower()}” again.")
        return
    st.write(f"Rows: {suppress_count(files['rows'], k)}")
    st.caption(f"The first {PREVIEW_ROWS} rows as they will leave the app (typed text redacted):")
    st.dataframe(files["preview"], hide_index=True, key=f"exp_{name}_preview")
    left, right = st.columns(2)
    for column, kind, mime in ((left, "csv", CSV_MIME), (right, "xlsx", XLSX_MIME)):
        column.download_button(
            f"Download {kind.upper()}",
            _reader(files[kind]),
            file_name=f"{name}-{stem}.{kind}",
            mime=mime,
            key=f"exp_{name}_{kind}",
            on_click="ignore",
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
