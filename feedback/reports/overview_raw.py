"""The overview's count frames counted from the raw rows (comments joined to submissions).

The dashboards read the summary cubes (feedback.reports.overview_cubes); these queries are what
the cubes must equal, checked by tests/feedback/summaries, and the fallback for rating questions
the cubes do not hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import Session

from feedback.dates import day_after, day_start
from feedback.filters import (
    RATING_QUESTIONS,
    ReviewFilter,
    comment_select,
    frame_of,
    sentiment_label,
    submission_conditions,
)
from feedback.models import Answer, Comment, CommentTheme, Submission, Theme

Buckets = Sequence[tuple[str, dt.date, dt.date]]


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


def comment_cube(*, session: Session, filters: ReviewFilter, buckets: Buckets = ()) -> pd.DataFrame:
    """Comments by locality, question type, sentiment and bucket (None outside every bucket)."""
    bucket = (bucket_case(buckets) if buckets else literal(None)).label("period")
    label = sentiment_label().label("sentiment")
    query = comment_select(
        filters,
        Submission.locality,
        Comment.question_type,
        label,
        bucket,
        func.sum(Comment.record_key),
        func.count(Comment.id),
    ).group_by(Submission.locality, Comment.question_type, label, bucket)
    return frame_of(session, query, ["locality", "question_type", "sentiment", "period", "key", "comments"])


def theme_cube(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """Theme mentions (rejected ones left out) by locality, question type, theme and sentiment."""
    label = sentiment_label().label("sentiment")
    query = (
        comment_select(
            filters,
            Submission.locality,
            Comment.question_type,
            CommentTheme.theme_id,
            Theme.name,
            label,
            func.sum(Comment.record_key),
            func.count(Comment.id),
        )
        .join(CommentTheme, CommentTheme.comment_id == Comment.id)
        .join(Theme, Theme.id == CommentTheme.theme_id)
        .where(CommentTheme.rejected.is_(False))
        .group_by(Submission.locality, Comment.question_type, CommentTheme.theme_id, Theme.name, label)
    )
    return frame_of(
        session, query, ["locality", "question_type", "theme_id", "theme", "sentiment", "key", "comments"]
    )
