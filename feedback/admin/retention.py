"""Retention and subject requests: what a purge or a withdrawal would touch, and doing it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from feedback.admin import audit
from feedback.models import Comment, Submission, utcnow


def retention_cutoff(*, retention_days: int, now: dt.datetime | None = None) -> dt.datetime:
    """The moment before which raw comment text has expired."""
    return (now or utcnow()) - dt.timedelta(days=retention_days)


def count_expired_text(*, session: Session, retention_days: int, now: dt.datetime | None = None) -> int:
    """How many comments a purge would blank now (same rule as retention.purge_expired_text)."""
    cutoff = retention_cutoff(retention_days=retention_days, now=now)
    old_submissions = select(Submission.id).where(Submission.created_at < cutoff)
    query = (
        select(func.count())
        .select_from(Comment)
        .where(Comment.submission_id.in_(old_submissions), Comment.text.is_not(None))
    )
    return session.scalar(query) or 0


def normalise_receipt_code(code: str) -> str:
    """A receipt code as stored ("K7MQ-2QPX"), however it was typed: any case, with or without the
    dash, with spaces or other separators between the letters."""
    compact = "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())
    if len(compact) in (6, 8):
        half = len(compact) // 2
        return f"{compact[:half]}-{compact[half:]}"
    return compact


def purge_expired_text(*, session: Session, retention_days: int, now: dt.datetime | None = None) -> int:
    """Blank the raw text of comments older than the retention period; return how many."""
    cutoff = retention_cutoff(retention_days=retention_days, now=now)
    old_submissions = select(Submission.id).where(Submission.created_at < cutoff)
    result = session.execute(
        update(Comment)
        .where(Comment.submission_id.in_(old_submissions), Comment.text.is_not(None))
        .values(text=None)
        .execution_options(synchronize_session=False, summaries="unchanged")
    )
    purged = result.rowcount or 0
    audit.record(
        session=session,
        user_id=None,
        event="retention.purge",
        detail={"comments": purged, "retention_days": retention_days},
    )
    return purged
