"""Erasure (admins): delete one card or kiosk response for good, with a reason in the audit log.

The audit event holds the reason, the channel and counts, never what was written. On SQLite the
write-ahead log is checkpointed afterwards (and deleted pages are zeroed by ``secure_delete``), so
the erased words do not linger in the database files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from analysis.redaction import redact
from feedback.access import Viewer
from feedback.admin import audit
from feedback.admin.retention import normalise_receipt_code
from feedback.dates import aware
from feedback.db import checkpoint, write
from feedback.models import Answer, Comment, Submission
from feedback.search_index import scrub_search_index
from feedback.validation import ValidationError, clean_input

ERASURE_REASONS: dict[str, str] = {
    "subject_request": "The person asked for it to be deleted",
    "mistake": "Entered by mistake, or a duplicate",
    "identifying": "It identifies someone and should not be kept",
    "other": "Another reason (type it below)",
}
MAX_REASON_NOTE = 200


@dataclass(frozen=True)
class ErasureTarget:
    """What an erasure would delete: kind, place, date and counts, never what was written."""

    submission_id: str
    channel: str
    locality: str
    created_at: dt.datetime
    receipt_code: str | None
    answers: int
    comments: int


def find_submission(
    *, session: Session, viewer: Viewer, submission_id: str | None = None, receipt_code: str | None = None
) -> ErasureTarget | None:
    """The card or response with this id or receipt code (with or without the dash), as counts."""
    viewer.require("erase_submission")
    if receipt_code is not None:
        code = normalise_receipt_code(receipt_code)
        submission = (
            session.scalar(select(Submission).where(Submission.receipt_code == code)) if code else None
        )
    else:
        submission = session.get(Submission, submission_id) if submission_id else None
    if submission is None:
        return None
    answers = session.scalar(
        select(func.count()).select_from(Answer).where(Answer.submission_id == submission.id)
    )
    comments = session.scalar(
        select(func.count()).select_from(Comment).where(Comment.submission_id == submission.id)
    )
    return ErasureTarget(
        submission_id=submission.id,
        channel=submission.channel,
        locality=submission.locality,
        created_at=aware(submission.created_at),
        receipt_code=submission.receipt_code,
        answers=answers or 0,
        comments=comments or 0,
    )


def check_reason(reason: str, note: str) -> str:
    """The typed note, cleaned and redacted, or ValidationError naming what is missing."""
    note = clean_input(note).strip()
    errors: dict[str, str] = {}
    if reason not in ERASURE_REASONS:
        errors["reason"] = "Choose why this is being erased."
    elif reason == "other" and not note:
        errors["note"] = "Type the reason for erasing it (a few words, no names)."
    if len(note) > MAX_REASON_NOTE:
        errors["note"] = f"The reason is {len(note):,} characters; the most is {MAX_REASON_NOTE}. Shorten it."
    if errors:
        raise ValidationError(errors)
    return redact(note) if note else ""


def erase_submission(
    *, session: Session, viewer: Viewer, submission_id: str, reason: str, note: str = ""
) -> bool:
    """Delete a card or kiosk response with its answers, comments and theme links; False if already gone."""
    viewer.require("erase_submission")
    note = check_reason(reason, note)
    submission = session.get(Submission, submission_id)
    if submission is None:
        return False
    detail = {
        "channel": submission.channel,
        "reason": reason,
        "comments": len(submission.comments),
        "answers": len(submission.answers),
    }
    if note:
        detail["note"] = note
    session.delete(submission)
    session.flush()
    scrub_search_index(session)
    audit.record(
        session=session,
        user_id=viewer.user_id,
        event="submission.erase",
        object_type="submission",
        object_id=submission_id,
        detail=detail,
    )
    return True


def erase_now(
    *, factory: sessionmaker[Session], viewer: Viewer, submission_id: str, reason: str, note: str = ""
) -> bool:
    """Erase in one write transaction, then checkpoint SQLite's log so the words leave every file."""
    erased = write(
        factory,
        lambda s: erase_submission(
            session=s, viewer=viewer, submission_id=submission_id, reason=reason, note=note
        ),
    )
    checkpoint(factory.kw["bind"])
    return erased
