"""Store feedback cards and kiosk survey responses: validated, once, in one transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis.params import LOCALITIES, MAX_TEXT_LENGTH, NOT_RECORDED, STAKEHOLDER_GROUPS
from feedback.access import Viewer
from feedback.admin import audit
from feedback.capture.scoring import analyse_comments
from feedback.capture.surveys import SurveyDefinition, parse_definition
from feedback.models import Activity, Answer, Comment, Submission, Survey, utcnow
from feedback.validation import CardInput, ValidationError, check_submission_id, validate_card

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
    return submission


def save_card(
    *, session: Session, card: CardInput, user_id: int | None, viewer: Viewer | None = None
) -> Submission:
    """Validate, analyse and store one feedback card; a repeat of the same id stores nothing new.

    A viewer given (the app passes the signed-in user) may add cards only to activities in their
    locality scope; the demo loader and benchmarks pass none.
    """
    text = validate_card(card)
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
    analyse_comments(session=session, comments=[comment])
    return _store_once(session, submission, user_id=user_id, event="card.create")


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
            text = str(value).strip()
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


def save_survey_response(*, session: Session, response: SurveyResponse) -> Submission:
    """Validate, analyse and store one kiosk response with a receipt code, at most once."""
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
    group = str(response.answers.get(STAKEHOLDER_QUESTION) or NOT_RECORDED)
    submission = Submission(
        id=response.submission_id,
        channel="kiosk",
        activity_id=response.activity_id,
        survey_id=survey.id,
        locality=response.locality,
        stakeholder_group=group if group in STAKEHOLDER_GROUPS else NOT_RECORDED,
        consent=True,
        quote_permission=response.quote_permission,
        language=response.language,
        receipt_code=new_receipt_code(),
        answers=rows,
        comments=comments,
    )
    analyse_comments(session=session, comments=comments)
    detail = {"survey": survey.key, "answers": len(rows) + len(comments)}
    return _store_once(session, submission, user_id=None, event="kiosk.submit", detail=detail)
