"""Store feedback cards and kiosk survey responses: validated, once, in one transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from analysis.params import LOCALITIES, MAX_TEXT_LENGTH, NOT_RECORDED, STAKEHOLDER_GROUPS
from analysis.pipeline import CommentAnalysis
from feedback.access import Viewer
from feedback.admin import audit
from feedback.capture.scoring import analyse_texts, apply_analysis
from feedback.capture.surveys import SurveyDefinition, parse_definition
from feedback.db import write
from feedback.models import Activity, Answer, Comment, Submission, Survey, utcnow
from feedback.review.alerts import raise_alerts_for
from feedback.validation import (
    CardInput,
    ValidationError,
    check_submission_id,
    check_words,
    clean_input,
    validate_card,
)

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CARD_QUESTION = "card"
STAKEHOLDER_QUESTION = "stakeholder_group"


@dataclass(frozen=True)
class SurveyResponse:
    """What one kiosk respondent gave: answers by question name (skipped ones absent)."""

    submission_id: str
    survey_id: int
    locality: str
    answers: Mapping[str, object] = field(default_factory=dict)
    activity_id: int | None = None
    quote_permission: bool = False
    language: str = "en"
    staff_user_id: int | None = None  # who started the kiosk: alerts reach them


def new_receipt_code() -> str:
    """A short code the respondent can quote to ask about or withdraw their answers."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def _store_once(
    session: Session, submission: Submission, *, user_id: int | None, event: str, detail: dict | None = None
) -> Submission:
    """Insert a submission unless one with its id exists (a race loses gracefully); audit a new one."""
    existing = session.get(Submission, submission.id)
    if existing is not None:
        return existing
    try:
        with session.begin_nested():
            session.add(submission)
            session.flush()
    except IntegrityError:
        existing = session.get(Submission, submission.id)
        if existing is None:
            raise
        return existing
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


def _store_card(
    session: Session,
    card: CardInput,
    text: str,
    result: CommentAnalysis,
    user_id: int | None,
    viewer: Viewer | None = None,
) -> Submission:
    """Store an analysed card in the open write transaction, once; a viewer is held to their scope."""
    existing = session.get(Submission, card.submission_id)
    if existing is not None:
        return existing
    activity = session.get(Activity, card.activity_id)
    if activity is None:
        raise ValidationError({"activity": "This activity no longer exists. Choose another one."})
    if viewer is not None and not viewer.may_see_locality(activity.locality):
        raise ValidationError(
            {"activity": "This activity belongs to another locality. Choose one of your own locality's."}
        )
    comment = Comment(question=CARD_QUESTION, question_type=card.question_type, text=text)
    apply_analysis(comment, result)
    submission = Submission(
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
    return _store_once(session, submission, user_id=user_id, event="card.create")


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
    [result] = analyse_texts(session=session, texts=[text], question_types=[card.question_type])
    return _store_card(session, card, text, result, user_id, viewer)


def submit_card(
    *, factory: sessionmaker[Session], card: CardInput, user_id: int | None, viewer: Viewer | None = None
) -> Submission:
    """Validate and analyse a card with no lock held, then store it in a short write transaction.

    The write is retried once when the database is busy; a repeated id stores nothing new.
    """
    text = validate_card(card)
    with factory() as session:
        existing = session.get(Submission, card.submission_id)
        if existing is not None:
            return existing
        [result] = analyse_texts(session=session, texts=[text], question_types=[card.question_type])
    return write(factory, lambda s: _store_card(s, card, text, result, user_id, viewer))


def undo_card(*, session: Session, submission_id: str, user_id: int | None, within_seconds: int) -> bool:
    """Delete a card its author saved within the last seconds; False when too late or not theirs."""
    submission = session.get(Submission, submission_id)
    if submission is None or submission.channel != "staff_card" or submission.created_by != user_id:
        return False
    created = submission.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    if utcnow() - created > dt.timedelta(seconds=within_seconds):
        return False
    session.delete(submission)
    audit.record(
        session=session, user_id=user_id, event="card.undo", object_type="submission", object_id=submission_id
    )
    return True


def _asks_for_help(definition: SurveyDefinition, answers: Mapping[str, object]) -> bool:
    """True when a picked choice is marked "asks for help"."""
    for question in definition.questions:
        value = answers.get(question.name)
        picked = {str(v) for v in value} if isinstance(value, list | tuple) else set(str(value or "").split())
        if any(c.asks_help and c.name in picked for c in question.choices):
            return True
    return False


def _checked_answers(
    definition: SurveyDefinition, answers: Mapping[str, object]
) -> tuple[list[Answer], list[Comment], dict[str, str]]:
    rows: list[Answer] = []
    comments: list[Comment] = []
    errors: dict[str, str] = {}
    for question in definition.questions:
        value = answers.get(question.name)
        empty = value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())
        if empty:
            if question.required:
                errors[question.name] = f"Please answer: {question.label}"
            continue
        allowed = {c.name for c in question.choices}
        if question.kind == "text":
            text = clean_input(str(value)).strip()
            check_words(errors, question.name, "Your answer", text)
            if not text:  # only NUL characters: nothing was said
                if question.required:
                    errors[question.name] = f"Please answer: {question.label}"
                continue
            if len(text) > MAX_TEXT_LENGTH:
                errors[question.name] = (
                    f"Your answer is {len(text):,} characters; the most is {MAX_TEXT_LENGTH:,}. "
                    "Please shorten it."
                )
            comments.append(Comment(question=question.name, question_type=question.comment_type, text=text))
        elif question.kind == "select_multiple":
            picked = [str(v) for v in value] if isinstance(value, list | tuple) else str(value).split()
            if not set(picked) <= allowed:
                errors[question.name] = "Pick from the choices shown."
            rows.append(Answer(question=question.name, choice=" ".join(picked)))
        elif question.is_input:
            choice = str(value)
            if choice not in allowed:
                errors[question.name] = "Pick from the choices shown."
            number = float(choice) if choice.isdigit() else None
            rows.append(Answer(question=question.name, choice=choice, number=number))
    return rows, comments, errors


@dataclass(frozen=True)
class _CheckedResponse:
    """A validated, analysed kiosk response, ready to store (plain values, no ORM objects)."""

    survey_key: str
    help_requested: bool
    answers: tuple[dict, ...]
    comments: tuple[tuple[str, str, str, CommentAnalysis], ...]  # question, type, text, analysis


def _check_response(session: Session, response: SurveyResponse) -> _CheckedResponse | Submission:
    """Validate a kiosk response and analyse its comments (reads only); a stored repeat is returned as is."""
    errors: dict[str, str] = {}
    check_submission_id(errors, response.submission_id)
    if response.locality not in LOCALITIES:
        errors["locality"] = "The kiosk has no locality. Ask a member of staff to restart it."
    survey = session.get(Survey, response.survey_id)
    if survey is None:
        errors["survey"] = "This survey is no longer available. Ask a member of staff."
    if errors:
        raise ValidationError(errors)
    existing = session.get(Submission, response.submission_id)
    if existing is not None:
        return existing
    definition = parse_definition(survey.definition, source=survey.key)
    rows, comments, errors = _checked_answers(definition, response.answers)
    if errors:
        raise ValidationError(errors)
    results = analyse_texts(
        session=session, texts=[c.text for c in comments], question_types=[c.question_type for c in comments]
    )
    return _CheckedResponse(
        survey_key=survey.key,
        help_requested=_asks_for_help(definition, response.answers),
        answers=tuple({"question": a.question, "choice": a.choice, "number": a.number} for a in rows),
        comments=tuple(
            (c.question, c.question_type, c.text, r) for c, r in zip(comments, results, strict=True)
        ),
    )


def _store_response(session: Session, response: SurveyResponse, checked: _CheckedResponse) -> Submission:
    """Store a checked kiosk response with a new receipt code in the open write transaction, once."""
    existing = session.get(Submission, response.submission_id)
    if existing is not None:
        return existing
    comments = []
    for question, question_type, text, result in checked.comments:
        comment = Comment(question=question, question_type=question_type, text=text)
        apply_analysis(comment, result)
        comments.append(comment)
    group = str(response.answers.get(STAKEHOLDER_QUESTION) or NOT_RECORDED)
    submission = Submission(
        id=response.submission_id,
        channel="kiosk",
        activity_id=response.activity_id,
        survey_id=response.survey_id,
        locality=response.locality,
        stakeholder_group=group if group in STAKEHOLDER_GROUPS else NOT_RECORDED,
        consent=True,
        quote_permission=response.quote_permission,
        language=response.language,
        receipt_code=new_receipt_code(),
        help_requested=checked.help_requested,
        created_by=response.staff_user_id,
        answers=[Answer(**a) for a in checked.answers],
        comments=comments,
    )
    detail = {"survey": checked.survey_key, "answers": len(checked.answers) + len(comments)}
    return _store_once(session, submission, user_id=None, event="kiosk.submit", detail=detail)


def save_survey_response(*, session: Session, response: SurveyResponse) -> Submission:
    """Validate, analyse and store one kiosk response in the caller's transaction, at most once."""
    checked = _check_response(session, response)
    if isinstance(checked, Submission):
        return checked
    return _store_response(session, response, checked)


def submit_survey_response(*, factory: sessionmaker[Session], response: SurveyResponse) -> Submission:
    """Validate and analyse a kiosk response with no lock held, then store it in a short write transaction.

    The write is retried once when the database is busy; a repeated id stores nothing new.
    """
    with factory() as session:
        checked = _check_response(session, response)
    if isinstance(checked, Submission):
        return checked
    return write(factory, lambda s: _store_response(s, response, checked))
