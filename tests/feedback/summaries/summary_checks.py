"""Shared checks: the maintained cubes against a recount, the overview from cubes against raw rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from analysis import periods
from feedback.filters import ReviewFilter
from feedback.models import CUBES
from feedback.reports.overview import Overview, compute_overview
from feedback.reports.overview_tables import shown_overview
from feedback.summaries.cells import by_cube, contributions
from feedback.summaries.store import read_cube

FRAMES = ("activities", "people", "comments", "sentiment", "question_types", "themes")
MORE = ("themes_by_question_type", "ratings", "sentiment_trend")


def recount(engine: Engine) -> dict[str, dict]:
    """Every cube as a rebuild from the raw rows would write it (empty cells left out)."""
    with engine.connect() as conn:
        cells = by_cube(contributions(conn, None))
    return {name: {k: tuple(v) for k, v in rows.items() if v != [0, 0]} for name, rows in cells.items()}


def stored(engine: Engine) -> dict[str, dict]:
    """Every cube as the writes left it."""
    with engine.connect() as conn:
        return {cube.name: read_cube(conn, cube.name) for cube in CUBES}


def quarters(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Financial quarters clipped to the period (as the overview page makes them)."""
    out = []
    first, last = periods.quarter_of(start)
    while first <= end:
        out.append((periods.quarter_label(first), max(first, start), min(last, end)))
        first, last = periods.quarter_of(periods.add_months(first, 3))
    return out


def _sorted(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    if frame is None:
        return None
    frame = frame.astype({c: object for c in frame.columns if frame[c].dtype == object})
    return frame.sort_values(list(frame.columns), key=lambda s: s.astype(str)).reset_index(drop=True)


def assert_same_overview(a: Overview, b: Overview) -> None:
    """Two overviews hold the same frames (row order aside)."""
    for name in (*FRAMES, *MORE):
        left, right = _sorted(getattr(a, name)), _sorted(getattr(b, name))
        if left is None or right is None:
            assert left is None and right is None, name
            continue
        pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=name)
    if a.previous is not None or b.previous is not None:
        assert_same_overview(a.previous, b.previous)


def check_overviews(session: Session, filters: ReviewFilter) -> None:
    """The overview read from the cubes equals the one counted from the raw rows, published too."""
    buckets = quarters(filters.start, filters.end) if filters.start and filters.end else []
    previous = None
    if filters.start and filters.end:
        previous = filters.with_period(*periods.previous_period(filters.start, filters.end))
    args = {"session": session, "filters": filters, "buckets": buckets, "previous": previous}
    fast, raw = compute_overview(**args), compute_overview(**args, raw=True)
    assert_same_overview(fast, raw)
    labels = [b[0] for b in buckets]
    shown_fast = shown_overview(fast, 10, filters=filters, quarters=labels)
    shown_raw = shown_overview(raw, 10, filters=filters, quarters=labels)
    for field in ("headline", "sentiment", "question_type", "quarter", "people", "themes_by_locality"):
        pd.testing.assert_frame_equal(getattr(shown_fast, field), getattr(shown_raw, field), obj=field)
    assert shown_fast.ratings.keys() == shown_raw.ratings.keys()
