"""Report results cached per filter set and data version: a rerun with the same filters runs no count.

Every write bumps the data version in its own transaction (feedback.summaries), so a cached result
is never older than the version it is keyed on. st.cache_data is shared by every user of the
process, so only aggregates go in it: overview count frames (counts and cell keys), survey titles,
the suppression threshold, and the participation statement (activity counts and headcounts, with
its published free text already redacted). No comment text, no names, no personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st
from sqlalchemy import select

from analysis.statement import Statement
from feedback.admin.app_settings import get_suppression_k
from feedback.filters import ReviewFilter
from feedback.models import Survey
from feedback.reports.overview import Overview, compute_overview
from feedback.reports.statement import period_statement
from feedback.summaries.store import data_version
from ui.state import session_factory

ENTRIES = 64


def database_and_version() -> tuple[str, int]:
    """The database (its URL, password hidden) and its data version now: one primary-key read."""
    factory = session_factory()
    with factory() as session:
        url = session.get_bind().url.render_as_string(hide_password=True)
        return url, data_version(session.connection())


@st.cache_data(max_entries=ENTRIES, show_spinner=False)
def surveys_and_k(database: str, version: int) -> tuple[dict[str, str], int]:
    """Survey titles by key and the suppression threshold, at this data version."""
    with session_factory()() as session:
        surveys = {s.key: s.title for s in session.scalars(select(Survey).order_by(Survey.title))}
        return surveys, get_suppression_k(session=session)


@st.cache_data(max_entries=ENTRIES, show_spinner="Counting...")
def overview(
    database: str,
    version: int,
    filters: ReviewFilter,
    buckets: Sequence[tuple[str, dt.date, dt.date]],
    previous: ReviewFilter | None,
) -> Overview:
    """The overview's count frames for a filter set at this data version."""
    with session_factory()() as session:
        return compute_overview(session=session, filters=filters, buckets=tuple(buckets), previous=previous)


@st.cache_data(max_entries=ENTRIES, show_spinner="Building the statement...")
def statement(database: str, version: int, start: dt.date, end: dt.date, grouping: str) -> Statement:
    """The participation statement for a period at this data version."""
    with session_factory()() as session:
        return period_statement(session=session, start=start, end=end, grouping=grouping)
