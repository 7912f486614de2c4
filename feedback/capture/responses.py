"""Kiosk responses: one respondent's answers checked against the survey, analysed, stored once with a receipt code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from analysis.params import LOCALITIES, MAX_TEXT_LENGTH, NOT_RECORDED, STAKEHOLDER_GROUPS
from analysis.pipeline import CommentAnalysis
from feedback.capture.scoring import analyse_texts, apply_analysis
from feedback.capture.submissions import new_receipt_code, store_once
from feedback.capture.surveys import SurveyDefinition, parse_definition
from feedback.db import write
from feedback.models import Answer, Comment, Submission, Survey
from feedback.validation import (
    ValidationError,
    check_submission_id,
    check_words,
    clean_input,
)

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
        elif question.kind == "integer":
            number = str(value).strip()
            if not number.lstrip("-").isdigit() or len(number) > 10:
                errors[question.name] = "Please write a whole number, for example 3."
                continue
            rows.append(Answer(question=question.name, number=float(number)))
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
    if not errors and not rows and not comments:
        errors["answers"] = "No question was answered, so there is nothing to save."
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
        quote_permission=response.quote_permission and bool(comments),  # only words can be quoted
        language=response.language,
        receipt_code=new_receipt_code(),
        help_requested=checked.help_requested,
        created_by=response.staff_user_id,
        answers=[Answer(**a) for a in checked.answers],
        comments=comments,
    )
    detail = {"survey": checked.survey_key, "answers": len(checked.answers) + len(comments)}
    return store_once(session, submission, user_id=None, event="kiosk.submit", detail=detail)


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


def check_answers(
    definition: SurveyDefinition, answers: Mapping[str, object]
) -> tuple[list[Answer], list[Comment], dict[str, str]]:
    """The kiosk's checks on one set of answers: answer rows, comments and errors by question (imports reuse it)."""
    return _checked_answers(definition, answers)
