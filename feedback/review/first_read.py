"""The first read: every new comment is read by a person, the riskiest first, then the oldest.

Locality leads read their locality's comments and admins all of them. A reader marks a comment
read, flags what the detectors missed, or clears a flag that is not a disclosure; each decision
records who and when, and a person's flag or clearance stands over every later re-score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from feedback.access import NotAllowedError, Viewer
from feedback.admin import audit
from feedback.dates import LOCAL_ZONE, aware
from feedback.models import Activity, Comment, SafeguardingAlert, Submission, utcnow
from feedback.review.alerts import raise_alert
from feedback.validation import ValidationError, check_text

MAX_REASON = 2000
QUEUE_CAP = 10_000  # counts of the queue stop here: the page shows "10,000+"


@dataclass(frozen=True)
class ReadDeadlines:
    """How long a comment may wait for its first read: working days, or hours once flagged."""

    working_days: int = 3
    flagged_hours: int = 4


@dataclass(frozen=True)
class QueueSummary:
    """The reading queue at a glance: how many wait, how many are overdue, the oldest wait."""

    waiting: int
    overdue: int
    oldest: dt.datetime | None


@dataclass(frozen=True)
class QueueItem:
    """One comment to read (redacted text only)."""

    id: int
    created_at: dt.datetime
    locality: str
    channel: str
    activity: str | None
    question_type: str
    redacted_text: str
    safeguarding: bool
    risk: float | None
    overdue: bool


def working_days_before(now: dt.datetime, days: int) -> dt.datetime:
    """The moment `days` working days (Monday to Friday, Scottish time) before now.

    A weekend does not count: at any moment of a weekend the clock stands at its start.
    """
    local = aware(now).astimezone(LOCAL_ZONE)
    if local.weekday() >= 5:
        saturday = local.date() - dt.timedelta(days=local.weekday() - 5)
        local = dt.datetime.combine(saturday, dt.time(), LOCAL_ZONE)
    while days > 0:
        local -= dt.timedelta(days=1)
        if local.weekday() < 5:
            days -= 1
    return local.astimezone(dt.UTC)


def _overdue(now: dt.datetime, deadlines: ReadDeadlines) -> ColumnElement[bool]:
    plain = working_days_before(now, deadlines.working_days)
    flagged = aware(now) - dt.timedelta(hours=deadlines.flagged_hours)
    return or_(
        Submission.created_at < plain, and_(Comment.safeguarding.is_(True), Submission.created_at < flagged)
    )


def _unread(viewer: Viewer) -> list[ColumnElement[bool]]:
    viewer.require("first_read")
    conditions = [Comment.read_at.is_(None)]
    if viewer.locality_scope is not None:
        conditions.append(Submission.locality == viewer.locality_scope)
    return conditions


def queue_summary(
    *,
    session: Session,
    viewer: Viewer,
    deadlines: ReadDeadlines = ReadDeadlines(),
    now: dt.datetime | None = None,
) -> QueueSummary:
    """How many comments in the viewer's scope wait for a first read (up to QUEUE_CAP + 1), how many
    are overdue (likewise) and the oldest; each count stops early, so it costs the same at any size."""
    unread = _unread(viewer)
    overdue = _overdue(now or utcnow(), deadlines)
    base = select(Comment.id).join(Submission, Submission.id == Comment.submission_id).where(*unread)
    waiting, late = (
        session.scalar(select(func.count()).select_from(query.limit(QUEUE_CAP + 1).subquery())) or 0
        for query in (base, base.where(overdue))
    )
    if waiting > QUEUE_CAP:  # a long queue: walk the submissions oldest first to the first unread
        unread = [func.coalesce(Comment.read_at, None).is_(None), *unread[1:]]  # not the read_at index
    oldest = session.scalar(
        select(Submission.created_at)
        .join(Comment, Submission.id == Comment.submission_id)
        .where(*unread)
        .order_by(Submission.created_at)
        .limit(1)
    )
    return QueueSummary(waiting=waiting, overdue=late, oldest=None if oldest is None else aware(oldest))


def list_unread(
    *,
    session: Session,
    viewer: Viewer,
    limit: int = 20,
    deadlines: ReadDeadlines = ReadDeadlines(),
    now: dt.datetime | None = None,
) -> list[QueueItem]:
    """Comments to read: highest safeguarding risk first (flagged ones count as the highest), then oldest."""
    overdue = _overdue(now or utcnow(), deadlines)
    risk = case((Comment.safeguarding.is_(True), 2.0), else_=func.coalesce(Comment.safeguarding_risk, 0.0))
    query = (
        select(Comment, Submission, Activity.title, overdue)
        .join(Submission, Submission.id == Comment.submission_id)
        .outerjoin(Activity, Activity.id == Submission.activity_id)
        .where(*_unread(viewer))
        .order_by(risk.desc(), Submission.created_at, Comment.id)
        .limit(max(1, min(limit, 200)))
    )
    return [
        QueueItem(
            id=c.id,
            created_at=aware(s.created_at),
            locality=s.locality,
            channel=s.channel,
            activity=title,
            question_type=c.question_type,
            redacted_text=c.redacted_text,
            safeguarding=bool(c.safeguarding),
            risk=c.safeguarding_risk,
            overdue=bool(late),
        )
        for c, s, title, late in session.execute(query)
    ]


def _in_scope(session: Session, comment_id: int, viewer: Viewer) -> Comment:
    viewer.require("first_read")
    found = session.execute(
        select(Comment, Submission.locality)
        .join(Submission, Submission.id == Comment.submission_id)
        .where(Comment.id == comment_id)
    ).first()
    if found is None:
        raise NotAllowedError("That comment no longer exists.")
    if not viewer.may_see_locality(found[1]):
        raise NotAllowedError("That comment belongs to another locality.")
    return found[0]


def _read(comment: Comment, viewer: Viewer) -> None:
    if comment.read_at is None:
        comment.read_by, comment.read_at = viewer.user_id, utcnow()


def mark_read(*, session: Session, comment_id: int, viewer: Viewer) -> Comment:
    """Record that a person has read a comment (who and when); reading twice keeps the first."""
    comment = _in_scope(session, comment_id, viewer)
    _read(comment, viewer)
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="comment.read",
        object_type="comment",
        object_id=comment.id,
    )
    return comment


def flag_comment(*, session: Session, comment_id: int, viewer: Viewer) -> Comment:
    """Flag a comment the detectors missed: it leaves every summary and alerts the people who must act."""
    comment = _in_scope(session, comment_id, viewer)
    _read(comment, viewer)
    comment.safeguarding = True
    comment.flag_decided_by, comment.flag_decided_at = viewer.user_id, utcnow()
    raise_alert(session=session, submission=comment.submission, comment=comment, raised_by=viewer.user_id)
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="comment.flag",
        object_type="comment",
        object_id=comment.id,
    )
    return comment


def clear_flag(*, session: Session, comment_id: int, viewer: Viewer, reason: str) -> Comment:
    """Clear a flag that is not a disclosure, saying why; its open alert is closed as "no action"."""
    comment = _in_scope(session, comment_id, viewer)
    reason = reason.strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "Say why this is not a disclosure (for example: a figure of speech)."
    check_text(errors, "reason", "The reason", reason, MAX_REASON)
    if errors:
        raise ValidationError(errors)
    now = utcnow()
    _read(comment, viewer)
    comment.safeguarding = False
    comment.flag_decided_by, comment.flag_decided_at = viewer.user_id, now
    open_alerts = select(SafeguardingAlert).where(
        SafeguardingAlert.comment_id == comment.id, SafeguardingAlert.reviewed_at.is_(None)
    )
    for alert in session.scalars(open_alerts):
        alert.outcome, alert.note = "no_action", reason
        alert.reviewed_by, alert.reviewed_at = viewer.user_id, now
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="comment.unflag",
        object_type="comment",
        object_id=comment.id,
    )
    return comment
