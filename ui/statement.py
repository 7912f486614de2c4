"""Participation statement: build it for a period, edit the wording, download DOCX, CSV or Markdown."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from analysis.disclosure import protection_sentence
from analysis.statement import HEADERS, Statement, statement_from_frame, statement_to_frame, summary_sentences
from feedback.reports.statement import redact_statement, render_statement
from ui import report_cache
from ui.components import show_database_error
from ui.filters import period_picker
from ui.state import require_page

PUBLISHED_KEY = "stmt_published"
GROUPINGS = {"activity": "One row per activity", "category": "Grouped by stakeholder category"}
MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".csv": "text/csv",
    ".md": "text/markdown",
}


def file_name(statement: Statement, suffix: str) -> str:
    """A download name that says what and when, e.g. participation-statement-2025-04-01-to-2026-03-31.docx."""
    return f"participation-statement-{statement.start:%Y-%m-%d}-to-{statement.end:%Y-%m-%d}{suffix}"


def _edited(statement: Statement, key: str) -> Statement:
    st.markdown("**Edit the wording before you download** (the records themselves do not change).")
    frame = st.data_editor(
        statement_to_frame(statement),
        key=key,
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        column_config={
            name: st.column_config.TextColumn(label, width="medium") for name, label in HEADERS.items()
        },
    )
    return statement_from_frame(statement, pd.DataFrame(frame))


def _published(edited: Statement) -> Statement:
    """The edited statement with its free text redacted; remembered in this person's session
    while the wording is unchanged (a year's statement has thousands of rows)."""
    remembered = st.session_state.get(PUBLISHED_KEY)
    if remembered is not None and remembered[0] == edited:
        return remembered[1]
    published = redact_statement(edited)
    st.session_state[PUBLISHED_KEY] = (edited, published)
    return published


def _downloads(statement: Statement) -> None:
    columns = st.columns(3)
    for column, (suffix, label) in zip(
        columns, ((".docx", "Word (DOCX)"), (".csv", "CSV"), (".md", "Markdown")), strict=True
    ):
        column.download_button(
            f"Download {label}",
            data=functools.partial(render_statement, statement, suffix),  # built when asked for
            file_name=file_name(statement, suffix),
            mime=MIME[suffix],
            key=f"stmt_download_{suffix[1:]}",
            width="stretch",
        )


require_page("statement")
st.title("Participation statement")
start, end, label = period_picker("stmt", dt.date.today())
grouping = st.radio("Rows", list(GROUPINGS), format_func=GROUPINGS.get, key="stmt_grouping", horizontal=True)
try:
    database, version = report_cache.database_and_version()
    statement = report_cache.statement(database, version, start, end, grouping)
except SQLAlchemyError:  # a plain message; details go to the log
    show_database_error("build the statement")
    st.stop()
st.header(f"{label}: {statement.period_text}")
for sentence in summary_sentences(statement):
    st.write(sentence)
st.caption(protection_sentence(statement.k))
if not statement.rows:
    st.info("No activities took place in this period, so the statement has no rows yet.")
    st.stop()
edited = _edited(statement, key=f"stmt_editor_{start}_{end}_{grouping}")
published = _published(edited)
if published.rows != edited.rows:
    st.warning(
        "Names, phone numbers or other identifiers you typed are masked in the download. It will read:"
    )
    changed = [p for p, e in zip(published.rows, edited.rows, strict=True) if p != e]
    st.dataframe(
        [{HEADERS["activity"]: r.activity, HEADERS["outcomes"]: r.outcomes} for r in changed], hide_index=True
    )
_downloads(published)
