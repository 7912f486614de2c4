"""The safeguarding review list: flagged comments for admins and locality leads (own locality) only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from feedback.access import NotAllowedError, Viewer
from feedback.admin import audit
from feedback.models import Comment, Submission, User, utcnow
from feedback.validation import ValidationError, check_text

MAX_NOTE = 2000


@dataclass(frozen=True)
class FlaggedComment:
    """A flagged comment on the review list (redacted text only)."""

    id: int
    created_at: dt.datetime
    locality: str
    channel: str
    question_type: str
    redacted_text: str
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    note: str | None


def _require(viewer: Viewer) -> None:
    viewer.require("review_safeguarding")


def _conditions(viewer: Viewer, reviewed: bool | None) -> list:
    conditions = [Comment.safeguarding.is_(True)]
    if viewer.locality_scope is not None:
        conditions.append(Submission.locality == viewer.locality_scope)
    if reviewed is True:
        conditions.append(Comment.safeguarding_reviewed_at.is_not(None))
    elif reviewed is False:
        conditions.append(Comment.safeguarding_reviewed_at.is_(None))
    return conditions


def count_flagged(*, session: Session, viewer: Viewer, reviewed: bool | None = False) -> int:
    """How many flagged comments the viewer may see (by default, those still to review)."""
    _require(viewer)
    query = (
        select(func.count(Comment.id))
        .join(Submission, Comment.submission_id == Submission.id)
        .where(and_(*_conditions(viewer, reviewed)))
    )
    return session.scalar(query) or 0


def list_flagged(
    *,
    session: Session,
    viewer: Viewer,
    reviewed: bool | None = False,
    limit: int = 50,
    offset: int = 0,
) -> list[FlaggedComment]:
    """Flagged comments within the viewer's scope, oldest unreviewed first.

    Args:
        session: an open session.
        viewer: an admin or locality lead.
        reviewed: False for those still to review, True for reviewed ones, None for all.
        limit: at most this many.
        offset: skip this many (paging).

    Returns:
        The flagged comments, with who reviewed them and the note.
    """
    _require(viewer)
    reviewer = aliased(User)
    query = (
        select(Comment, Submission, reviewer.display_name)
        .join(Submission, Comment.submission_id == Submission.id)
        .outerjoin(reviewer, reviewer.id == Comment.safeguarding_reviewed_by)
        .where(and_(*_conditions(viewer, reviewed)))
        .order_by(Submission.created_at, Comment.id)
        .offset(max(0, offset))
        .limit(max(1, min(limit, 200)))
    )
    return [
        FlaggedComment(
            id=c.id,
            created_at=s.created_at,
            locality=s.locality,
            channel=s.channel,
            question_type=c.question_type,
            redacted_text=c.redacted_text,
            reviewed_by=name,
            reviewed_at=c.safeguarding_reviewed_at,
            note=c.safeguarding_note,
        )
        for c, s, name in session.execute(query)
    ]


def mark_reviewed(*, session: Session, comment_id: int, viewer: Viewer, note: str) -> Comment:
    """Record "reviewed, action taken" on a flagged comment: the note, who and when."""
    _require(viewer)
    found = session.execute(
        select(Comment, Submission.locality)
        .join(Submission, Comment.submission_id == Submission.id)
        .where(Comment.id == comment_id, Comment.safeguarding.is_(True))
    ).first()
    if found is None:
        raise NotAllowedError("That comment is not on the safeguarding list.")
    comment, locality = found
    if not viewer.may_see_locality(locality):
        raise NotAllowedError("That comment belongs to another locality.")
    note = note.strip()
    errors: dict[str, str] = {}
    if not note:
        errors["note"] = "Say what action was taken (for example: passed to the duty social worker)."
    check_text(errors, "note", "The note", note, MAX_NOTE)
    if errors:
        raise ValidationError(errors)
    comment.safeguarding_note = note
    comment.safeguarding_reviewed_by = viewer.user_id
    comment.safeguarding_reviewed_at = utcnow()
    session.flush()
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="safeguarding.review",
        object_type="comment",
        object_id=comment.id,
    )
    return comment
