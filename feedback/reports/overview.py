"""Every count of the overview dashboard from a few small frames: comment, theme and rating cubes.

The comment cube counts comments by locality, question type, sentiment and quarter; the theme
cube counts theme mentions by locality, question type, theme and sentiment. They are read from the
pre-aggregated summaries (feedback.reports.overview_cubes), so the cost does not grow with the
number of comments; ``raw=True`` counts the raw rows instead (feedback.reports.overview_raw), which
the tests use to prove the two agree. The breakdowns the page shows are sums over these frames.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from analysis.disclosure import KEY_SPACE
from feedback.filters import ReviewFilter, activity_conditions, comment_select, frame_of
from feedback.models import Activity, Attendance, Comment, CommentTheme, Theme
from feedback.reports import overview_cubes, overview_raw
from feedback.reports.overview_raw import ratings_by_locality

__all__ = ["ratings_by_locality"]  # the raw query, kept importable here for its tests

Buckets = Sequence[tuple[str, dt.date, dt.date]]


def activities_by_locality(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """Activities held per locality: columns locality, activities."""
    query = (
        select(Activity.locality, func.count(Activity.id))
        .where(and_(True, *activity_conditions(filters)))
        .group_by(Activity.locality)
        .order_by(Activity.locality)
    )
    return frame_of(session, query, ["locality", "activities"])


def people_by_group(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """People engaged (activity headcounts) per locality and stakeholder group, with the cell key."""
    conditions = activity_conditions(filters)
    if filters.stakeholder_groups:
        conditions.append(Attendance.stakeholder_group.in_(filters.stakeholder_groups))
    query = (
        select(
            Activity.locality,
            Attendance.stakeholder_group,
            func.sum(Attendance.record_key),
            func.sum(Attendance.headcount),
        )
        .join(Attendance, Attendance.activity_id == Activity.id)
        .where(and_(True, *conditions))
        .group_by(Activity.locality, Attendance.stakeholder_group)
        .order_by(Activity.locality, Attendance.stakeholder_group)
    )
    return frame_of(session, query, ["locality", "stakeholder_group", "key", "people"])


def order_buckets(frame: pd.DataFrame, buckets: Sequence[tuple[str, dt.date, dt.date]]) -> pd.DataFrame:
    """Rows in bucket order, then by sentiment."""
    order = {b[0]: i for i, b in enumerate(buckets)}
    frame = frame.assign(_order=frame["period"].map(order)).sort_values(["_order", "sentiment"])
    return frame.drop(columns="_order").reset_index(drop=True)


def themes_by_question_type(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """Comments per question type and theme (rejected themes and flagged comments left out)."""
    query = (
        comment_select(
            filters, Comment.question_type, CommentTheme.theme_id, Theme.name, func.count(Comment.id)
        )
        .join(CommentTheme, CommentTheme.comment_id == Comment.id)
        .join(Theme, Theme.id == CommentTheme.theme_id)
        .where(CommentTheme.rejected.is_(False))
        .group_by(Comment.question_type, CommentTheme.theme_id, Theme.name)
        .order_by(Comment.question_type, CommentTheme.theme_id)
    )
    return frame_of(session, query, ["question_type", "theme_id", "theme", "comments"])


@dataclass(frozen=True)
class Overview:
    """Every count the overview dashboard shows, before suppression."""

    activities: pd.DataFrame
    people: pd.DataFrame
    comments: pd.DataFrame
    sentiment: pd.DataFrame
    question_types: pd.DataFrame | None = None
    themes: pd.DataFrame | None = None
    themes_by_question_type: pd.DataFrame | None = None
    ratings: pd.DataFrame | None = None
    sentiment_trend: pd.DataFrame | None = None
    previous: Overview | None = None


def _sum(cube: pd.DataFrame, by: list[str], value: str = "comments") -> pd.DataFrame:
    """Counts and cell keys summed over the other dimensions (keys modulo KEY_SPACE)."""
    if cube.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in by})
        return frame.assign(key=pd.Series(dtype="int64"), **{value: pd.Series(dtype="int64")})
    frame = cube.groupby(by, as_index=False, sort=True, dropna=True)[["key", value]].sum()
    frame["key"] = frame["key"] % KEY_SPACE
    return frame


def _headline(session: Session, filters: ReviewFilter, cube: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {
        "activities": activities_by_locality(session=session, filters=filters),
        "people": people_by_group(session=session, filters=filters),
        "comments": _sum(cube, ["locality"]),
        "sentiment": _sum(cube, ["locality", "sentiment"]),
    }


def compute_overview(
    *,
    session: Session,
    filters: ReviewFilter,
    buckets: Buckets = (),
    previous: ReviewFilter | None = None,
    raw: bool = False,
) -> Overview:
    """Run the overview's queries; buckets must lie inside the filter's period.

    Args:
        session: an open session.
        filters: what to count.
        buckets: (label, first day, last day) periods for the sentiment trend, e.g. quarters.
        previous: the period to compare with; it gets the headline counts only.
        raw: count the raw rows instead of reading the summaries (for checks and benchmarks).

    Returns:
        An Overview of small count frames (the same columns as the single queries in
        feedback.filters give).
    """
    cubes = overview_raw if raw else overview_cubes
    before = None
    if previous is not None:
        earlier = cubes.comment_cube(session=session, filters=previous)
        before = Overview(**_headline(session, previous, earlier))
    cube = cubes.comment_cube(session=session, filters=filters, buckets=buckets)
    themes = cubes.theme_cube(session=session, filters=filters)
    trend = order_buckets(_sum(cube, ["period", "sentiment"]), buckets) if buckets else None
    return Overview(
        **_headline(session, filters, cube),
        question_types=_sum(cube, ["locality", "question_type"]),
        themes=_sum(themes, ["locality", "theme_id", "theme", "sentiment"]),
        themes_by_question_type=_sum(themes, ["question_type", "theme_id", "theme"]),
        ratings=cubes.ratings_by_locality(session=session, filters=filters),
        sentiment_trend=trend,
        previous=before,
    )
