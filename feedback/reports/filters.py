"""Review aggregations computed in the database: small DataFrames of counts, never raw comments.

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
from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session

from analysis.disclosure import KEY_SPACE
from feedback.dates import day_after, day_start
from feedback.models import Activity, Answer, Attendance, Comment, CommentTheme, Submission, Survey, Theme

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


def comments_by_locality(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """Comments per locality (safeguarding-flagged ones left out, as everywhere on the dashboard)."""
    query = comment_select(filters, Submission.locality, func.count(Comment.id))
    query = query.group_by(Submission.locality).order_by(Submission.locality)
    return frame_of(session, query, ["locality", "comments"])


def sentiment_by_locality(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """Comments per locality and reported sentiment (flagged comments left out)."""
    label = sentiment_label().label("sentiment")
    query = comment_select(filters, Submission.locality, label, func.count(Comment.id))
    query = query.group_by(Submission.locality, label).order_by(Submission.locality, label)
    return frame_of(session, query, ["locality", "sentiment", "comments"])


def sentiment_by_bucket(
    *, session: Session, filters: ReviewFilter, buckets: Sequence[tuple[str, dt.date, dt.date]]
) -> pd.DataFrame:
    """Comments per period bucket (label, first day, last day) and sentiment, bucketed in SQL."""
    if not buckets:
        return pd.DataFrame(columns=["period", "sentiment", "comments"])
    bucket = bucket_case(buckets)
    label = sentiment_label().label("sentiment")
    span = filters.with_period(min(b[1] for b in buckets), max(b[2] for b in buckets))
    query = comment_select(span, bucket, label, func.count(Comment.id)).group_by(bucket, label)
    frame = frame_of(session, query, ["period", "sentiment", "comments"]).dropna(subset=["period"])
    return order_buckets(frame, buckets)


def bucket_case(buckets: Sequence[tuple[str, dt.date, dt.date]]) -> ColumnElement[str]:
    """A CASE naming the bucket (label, first day, last day) each submission falls in, else NULL."""
    return case(
        *[
            (
                and_(
                    Submission.created_at >= day_start(first),
                    Submission.created_at < day_after(last),
                ),
                literal(label),
            )
            for label, first, last in buckets
        ],
        else_=literal(None),
    ).label("period")


def order_buckets(frame: pd.DataFrame, buckets: Sequence[tuple[str, dt.date, dt.date]]) -> pd.DataFrame:
    """Rows in bucket order, then by sentiment."""
    order = {b[0]: i for i, b in enumerate(buckets)}
    frame = frame.assign(_order=frame["period"].map(order)).sort_values(["_order", "sentiment"])
    return frame.drop(columns="_order").reset_index(drop=True)


def question_types_by_locality(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """Comments per locality and question type (working well, could improve...)."""
    query = comment_select(filters, Submission.locality, Comment.question_type, func.count(Comment.id))
    query = query.group_by(Submission.locality, Comment.question_type).order_by(
        Submission.locality, Comment.question_type
    )
    return frame_of(session, query, ["locality", "question_type", "comments"])


def themes_by_locality(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """Comments per locality, theme and sentiment (rejected themes and flagged comments left out)."""
    label = sentiment_label().label("sentiment")
    query = (
        comment_select(
            filters, Submission.locality, CommentTheme.theme_id, Theme.name, label, func.count(Comment.id)
        )
        .join(CommentTheme, CommentTheme.comment_id == Comment.id)
        .join(Theme, Theme.id == CommentTheme.theme_id)
        .where(CommentTheme.rejected.is_(False))
        .group_by(Submission.locality, CommentTheme.theme_id, Theme.name, label)
        .order_by(Submission.locality, CommentTheme.theme_id, label)
    )
    return frame_of(session, query, ["locality", "theme_id", "theme", "sentiment", "comments"])


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


def ratings_by_locality(
    *, session: Session, filters: ReviewFilter, questions: Sequence[str] = RATING_QUESTIONS
) -> pd.DataFrame:
    """Kiosk rating answers per locality, question and choice ("1".."5", "dont_know"), with the cell key."""
    conditions = submission_conditions(filters)
    query = (
        select(
            Submission.locality,
            Answer.question,
            Answer.choice,
            func.sum(Answer.record_key),
            func.count(Answer.id),
        )
        .select_from(Answer)
        .join(Submission, Answer.submission_id == Submission.id)
        .where(Answer.question.in_(list(questions)), Submission.channel == "kiosk", *conditions)
        .group_by(Submission.locality, Answer.question, Answer.choice)
        .order_by(Submission.locality, Answer.question, Answer.choice)
    )
    return frame_of(session, query, ["locality", "question", "choice", "key", "answers"])


def comment_date_range(*, session: Session, filters: ReviewFilter) -> tuple[dt.date, dt.date] | None:
    """The first and last day holding a comment under the filters (period ignored), if any."""
    query = comment_select(
        filters.with_period(None, None),
        func.min(Submission.created_at),
        func.max(Submission.created_at),
        summary=False,
    )
    first, last = session.execute(query).one()
    if first is None:
        return None
    return _as_date(first), _as_date(last)


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.datetime.fromisoformat(str(value)).date()
