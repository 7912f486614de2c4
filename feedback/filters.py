"""What the review pages are narrowed to, as SQL conditions shared by the overview, exports and explorer.

Comments are dated by ``Submission.created_at`` (UTC), activities by ``Activity.start_date``;
``end`` is inclusive. Safeguarding-flagged comments are left out of the sentiment, theme and
question-type summaries and from the comment counts too (a difference between two counts must
not reveal how many were flagged in a locality). Sentiment is the
human label when a person corrected it: ``COALESCE(human_sentiment, sentiment)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import ColumnElement, Select, and_, func, literal, select
from sqlalchemy.orm import Session

from analysis.disclosure import KEY_SPACE
from feedback.dates import day_after, day_start
from feedback.models import Activity, Comment, Submission, Survey

RATING_QUESTIONS: tuple[str, ...] = ("overall", "feeling")
UNKNOWN_SENTIMENT = "neutral"


@dataclass(frozen=True)
class ReviewFilter:
    """What the review pages are narrowed to; empty tuples mean "all"."""

    start: dt.date | None = None
    end: dt.date | None = None
    localities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    stakeholder_groups: tuple[str, ...] = ()
    survey_keys: tuple[str, ...] = ()

    def with_period(self, start: dt.date | None, end: dt.date | None) -> ReviewFilter:
        """The same filter over another period."""
        return replace(self, start=start, end=end)


def sentiment_label() -> ColumnElement[str]:
    """The sentiment to report: a person's correction wins over the stored analysis."""
    return func.coalesce(Comment.human_sentiment, Comment.sentiment, literal(UNKNOWN_SENTIMENT))


def submission_conditions(filters: ReviewFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions on Submission (joined as such) for the filter."""
    conditions: list[ColumnElement[bool]] = []
    if filters.start is not None:
        conditions.append(Submission.created_at >= day_start(filters.start))
    if filters.end is not None:
        conditions.append(Submission.created_at < day_after(filters.end))
    if filters.localities:
        conditions.append(Submission.locality.in_(filters.localities))
    if filters.channels:
        conditions.append(Submission.channel.in_(filters.channels))
    if filters.stakeholder_groups:
        conditions.append(Submission.stakeholder_group.in_(filters.stakeholder_groups))
    if filters.kinds:
        kinds = select(Activity.id).where(Activity.kind.in_(filters.kinds))
        conditions.append(Submission.activity_id.in_(kinds))
    if filters.survey_keys:
        surveys = select(Survey.id).where(Survey.key.in_(filters.survey_keys))
        conditions.append(Submission.survey_id.in_(surveys))
    return conditions


def activity_conditions(filters: ReviewFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions on Activity for the filter (period by start date, locality, kind)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.start is not None:
        conditions.append(Activity.start_date >= filters.start)
    if filters.end is not None:
        conditions.append(Activity.start_date <= filters.end)
    if filters.localities:
        conditions.append(Activity.locality.in_(filters.localities))
    if filters.kinds:
        conditions.append(Activity.kind.in_(filters.kinds))
    return conditions


def comment_select(filters: ReviewFilter, *columns: ColumnElement, summary: bool = True) -> Select:
    """SELECT columns FROM comment JOIN submission under the filter (flagged comments out if summary)."""
    query = select(*columns).select_from(Comment).join(Submission, Comment.submission_id == Submission.id)
    conditions = submission_conditions(filters)
    if summary:
        # IS NOT TRUE rather than IS FALSE: SQLite would otherwise drive the join from the
        # (almost useless) safeguarding index and scan every comment, even for one locality.
        conditions.append(Comment.safeguarding.is_not(True))
    return query.where(and_(True, *conditions))


def frame_of(session: Session, query: Select, columns: Sequence[str]) -> pd.DataFrame:
    """Run a grouped query into a DataFrame whose last column is an int64 count."""
    rows = session.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(columns))
    frame[columns[-1]] = frame[columns[-1]].astype("int64")  # the last column is always a count
    if "key" in frame.columns:  # a cell key (sum of record keys) for disclosure control
        frame["key"] = frame["key"].fillna(0).astype("int64") % KEY_SPACE
    return frame
