"""Feedback cards: validated, stored once at once with a rule-based first look, then analysed; and what
every submission shares."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from analysis.pipeline import CommentAnalysis, Screen
from feedback.access import Viewer
from feedback.admin import audit
from feedback.capture.pending import analyse_pending
from feedback.capture.scoring import analyse_texts, apply_analysis, apply_screen, screen_texts
from feedback.dates import aware
from feedback.db import write
from feedback.models import Activity, Comment, Submission, utcnow
from feedback.review.alerts import raise_alerts_for
from feedback.validation import (
    CardInput,
    ValidationError,
    validate_card,
)

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CARD_QUESTION = "card"


def new_receipt_code() -> str:
    """A short code the respondent can quote to ask about or withdraw their answers."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def store_once(
    session: Session,
    submission: Submission,
    *,
    user_id: int | None,
    event: str,
    detail: dict | None = None,
    looked: bool = False,
    guarded: bool = True,
) -> Submission:
    """Insert a submission unless one with its id exists (a race loses gracefully); audit a new one.

    ``looked``: the caller has just looked for the id in this transaction and found none.
    ``guarded``: insert in a savepoint, so a racing insert of the same id returns the stored one;
    with False the caller's transaction fails with an IntegrityError and the caller recovers.
    """
    existing = None if looked else session.get(Submission, submission.id)
    if existing is not None:
        return existing
    if guarded:
        try:
            with session.begin_nested():
                session.add(submission)
                session.flush()
        except IntegrityError:
            existing = session.get(Submission, submission.id)
            if existing is None:
                raise
            return existing
    else:
        session.add(submission)
    audit.record(
        session=session,
        user_id=user_id,
        event=event,
        object_type="submission",
        object_id=submission.id,
        detail=detail,
    )
    raise_alerts_for(session=session, submission=submission)
    return submission


def _stored_and_activity(session: Session, card: CardInput) -> tuple[Submission | None, Activity | None]:
    """The card if it is stored already (a double tap), and its activity, in one query."""
    query = (
        select(Activity, Submission)
        .outerjoin(Submission, Submission.id == card.submission_id)
        .where(Activity.id == card.activity_id)
    )
    row = session.execute(query).first()
    if row is None:  # no such activity; the card may still be stored (its activity deleted since)
        return session.get(Submission, card.submission_id), None
    return row.Submission, row.Activity


def _card_activity(
    session: Session, card: CardInput, viewer: Viewer | None, activity: Activity | None = None
) -> Activity:
    """The card's activity (looked up unless given), which must exist and, with a viewer, be in
    their locality scope."""
    activity = activity if activity is not None else session.get(Activity, card.activity_id)
    if activity is None:
        raise ValidationError({"activity": "This activity no longer exists. Choose another one."})
    if viewer is not None and not viewer.may_see_locality(activity.locality):
        raise ValidationError(
            {"activity": "This activity belongs to another locality. Choose one of your own locality's."}
        )
    return activity


def _new_card(
    card: CardInput, text: str, result: CommentAnalysis | Screen, user_id: int | None, activity: Activity
) -> Submission:
    """A card's submission and comment, not yet added to a session.

    With a full analysis the comment is complete; with a rule-based Screen its model analysis is
    pending (see pending.analyse_pending).
    """
    comment = Comment(question=CARD_QUESTION, question_type=card.question_type, text=text)
    if isinstance(result, Screen):
        apply_screen(comment, result)
    else:
        apply_analysis(comment, result)
    return Submission(
        id=card.submission_id,
        channel="staff_card",
        activity_id=activity.id,
        locality=activity.locality,
        stakeholder_group=card.stakeholder_group,
        consent=True,
        quote_permission=card.quote_permission,
        is_demo=activity.is_demo,
        created_by=user_id,
        comments=[comment],
    )


def save_card(
    *, session: Session, card: CardInput, user_id: int | None, viewer: Viewer | None = None
) -> Submission:
    """Validate, analyse and store one card in the caller's transaction; a repeated id stores nothing new.

    A viewer given (the app passes the signed-in user) may add cards only to activities in their
    locality scope; the demo loader and benchmarks pass none.
    """
    text = validate_card(card)
    existing = session.get(Submission, card.submission_id)
    if existing is not None:
        return existing
    activity = _card_activity(session, card, viewer)
    [result] = analyse_texts(session=session, texts=[text], question_types=[card.question_type])
    submission = _new_card(card, text, result, user_id, activity)
    return store_once(session, submission, user_id=user_id, event="card.create", looked=True)


def _store_card(session: Session, submission: Submission, user_id: int | None) -> Submission:
    """Insert a checked new card in the open write transaction (a repeated id fails the transaction)."""
    return store_once(session, submission, user_id=user_id, event="card.create", looked=True, guarded=False)


def store_card(
    *, factory: sessionmaker[Session], card: CardInput, user_id: int | None, viewer: Viewer | None = None
) -> tuple[Submission, list[int]]:
    """Store a card durably at once, with the rule-based first look; its model analysis is pending.

    Everything that can be read is read first, with no lock held: the id (a double tap stores
    nothing new), the activity and the viewer's scope, then the rules (redaction, safeguarding,
    themes; milliseconds). A disclosure they catch raises its alert in the write transaction,
    which holds only the inserts. It is retried once when the database is busy. If a double tap
    stored the same id meanwhile, that card is returned; if the activity was deleted meanwhile,
    a ValidationError says so.

    Returns:
        The submission and the ids of its comments still waiting for the model (none for a repeat).
    """
    text = validate_card(card)
    with factory() as session:
        existing, activity = _stored_and_activity(session, card)
        if existing is not None:
            return existing, []
        activity = _card_activity(session, card, viewer, activity)
        [screen] = screen_texts(session=session, texts=[text])

    def work(session: Session) -> tuple[Submission, list[int]]:
        stored = _store_card(session, _new_card(card, text, screen, user_id, activity), user_id)
        return stored, [c.id for c in stored.comments if c.analysis_version is None]

    try:
        return write(factory, work)
    except IntegrityError:
        stored = _stored_meanwhile(factory, card)
        if stored is None:
            raise
        return stored, []


def _stored_meanwhile(factory: sessionmaker[Session], card: CardInput) -> Submission | None:
    """After a refused insert: the card a double tap stored meanwhile (None if there is none).

    Raises a ValidationError naming the problem when the activity was deleted meanwhile.
    """
    with factory() as session:
        existing = session.get(Submission, card.submission_id)
        if existing is None:
            _card_activity(session, card, None)
        return existing


def submit_card(
    *, factory: sessionmaker[Session], card: CardInput, user_id: int | None, viewer: Viewer | None = None
) -> Submission:
    """Store a card (store_card), then run and store its model analysis before returning."""
    submission, pending = store_card(factory=factory, card=card, user_id=user_id, viewer=viewer)
    if pending:
        analyse_pending(factory=factory, ids=pending)
    return submission


def undo_card(*, session: Session, submission_id: str, user_id: int | None, within_seconds: int) -> bool:
    """Delete a card its author saved within the last seconds; False when too late or not theirs."""
    submission = session.get(Submission, submission_id)
    if submission is None or submission.channel != "staff_card" or submission.created_by != user_id:
        return False
    if utcnow() - aware(submission.created_at) > dt.timedelta(seconds=within_seconds):
        return False
    session.delete(submission)
    audit.record(
        session=session, user_id=user_id, event="card.undo", object_type="submission", object_id=submission_id
    )
    return True
