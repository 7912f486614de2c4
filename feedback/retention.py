"""Retention: the unredacted text of a comment is kept only for the retention period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from feedback import audit
from feedback.models import Comment, Submission, utcnow


def purge_expired_text(*, session: Session, retention_days: int, now: dt.datetime | None = None) -> int:
    """Blank the raw text of comments older than the retention period; return how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
    old_submissions = select(Submission.id).where(Submission.created_at < cutoff)
    result = session.execute(
        update(Comment)
        .where(Comment.submission_id.in_(old_submissions), Comment.text.is_not(None))
        .values(text=None)
        .execution_options(synchronize_session=False)
    )
    purged = result.rowcount or 0
    audit.record(
        session=session,
        user_id=None,
        event="retention.purge",
        detail={"comments": purged, "retention_days": retention_days},
    )
    return purged


def withdraw_by_receipt(*, session: Session, receipt_code: str, user_id: int | None) -> bool:
    """Delete a kiosk response when its respondent asks, by the receipt code they were given."""
    code = receipt_code.strip().upper()
    submission = session.scalar(select(Submission).where(Submission.receipt_code == code))
    if submission is None:
        return False
    session.delete(submission)
    audit.record(
        session=session,
        user_id=user_id,
        event="submission.withdraw",
        object_type="submission",
        object_id=submission.id,
    )
    return True
