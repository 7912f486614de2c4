"""Quote approval: only comments with permission to quote, never safeguarding ones, only redacted text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.access import Viewer
from feedback.admin import audit
from feedback.dates import day_after, day_start
from feedback.models import Comment, Submission, utcnow
from feedback.review.comments import comment_in_scope
from feedback.validation import ValidationError


@dataclass(frozen=True)
class Quote:
    """An approved quote as it may leave the app: redacted text and where it came from."""

    comment_id: int
    text: str
    locality: str
    question_type: str
    created_at: dt.datetime


def approve_quote(*, session: Session, comment_id: int, viewer: Viewer) -> Comment:
    """Approve a comment's redacted text for publication (permission given, not flagged)."""
    comment, submission = comment_in_scope(session=session, comment_id=comment_id, viewer=viewer)
    if not submission.quote_permission:
        raise ValidationError({"quote": "This person did not give permission to quote them."})
    if comment.safeguarding:
        raise ValidationError({"quote": "Comments flagged for safeguarding are never published."})
    if not comment.redacted_text.strip():
        raise ValidationError({"quote": "This comment has no text to quote."})
    _set_approval(session, comment, approved=True, viewer=viewer)
    return comment


def _set_approval(session: Session, comment: Comment, *, approved: bool, viewer: Viewer) -> None:
    """Record who approved or withdrew a quote, and when; nothing when it is already so."""
    if comment.quote_approved == approved:
        return
    comment.quote_approved = approved
    comment.quote_approved_by = viewer.user_id
    comment.quote_approved_at = utcnow()
    session.flush()
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="quote.approve" if approved else "quote.withdraw",
        object_type="comment",
        object_id=comment.id,
    )


def withdraw_quote(*, session: Session, comment_id: int, viewer: Viewer) -> Comment:
    """Withdraw a quote's approval (it stops appearing in exports)."""
    comment, _ = comment_in_scope(session=session, comment_id=comment_id, viewer=viewer)
    _set_approval(session, comment, approved=False, viewer=viewer)
    return comment


def approved_quotes(
    *,
    session: Session,
    localities: tuple[str, ...] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 50,
) -> list[Quote]:
    """Approved quotes that may be published: permission given, not flagged; redacted text only.

    Args:
        session: an open session.
        localities: limit to these localities (all when empty).
        start: first day of the period (inclusive), by when the comment was given.
        end: last day of the period (inclusive).
        limit: at most this many, newest first.

    Returns:
        The quotes.
    """
    query = (
        select(
            Comment.id,
            Comment.redacted_text,
            Submission.locality,
            Comment.question_type,
            Submission.created_at,
        )
        .join(Submission, Comment.submission_id == Submission.id)
        .where(
            Comment.quote_approved.is_(True),
            Submission.quote_permission.is_(True),
            Comment.safeguarding.is_(False),
            Comment.redacted_text != "",
        )
        .order_by(Submission.created_at.desc(), Comment.id.desc())
        .limit(limit)
    )
    if localities:
        query = query.where(Submission.locality.in_(localities))
    if start is not None:
        query = query.where(Submission.created_at >= day_start(start))
    if end is not None:
        next_day = day_after(end)
        query = query.where(Submission.created_at < next_day)
    return [Quote(*row) for row in session.execute(query)]
