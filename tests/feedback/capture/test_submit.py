"""Saves from the pages on both databases: analysed with no lock held, stored once, retried once when busy."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from feedback.admin import audit
from feedback.capture import pending, responses, scoring, submissions
from feedback.capture.responses import SurveyResponse, submit_survey_response
from feedback.capture.submissions import submit_card
from feedback.db import transaction
from feedback.fixtures import card, make_activity, survey
from feedback.models import Activity, AuditEvent, Comment, Submission
from feedback.validation import ValidationError


def count(factory: sessionmaker[Session], model: type) -> int:
    """Rows in a table."""
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def response(factory: sessionmaker[Session]) -> SurveyResponse:
    """A valid kiosk response with a fresh id."""
    with factory() as session:
        survey_id = survey(session).id
    return SurveyResponse(
        submission_id=str(uuid.uuid4()),
        survey_id=survey_id,
        locality="clydesdale",
        answers={"overall": "4", "worked_well": "The staff listened to me."},
    )


def activity_id(factory: sessionmaker[Session]) -> int:
    """A stored activity."""
    with transaction(factory) as session:
        return make_activity(session).id


def writes_during_analysis(factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patch the analysis so it writes from another session, proving no write lock is held meanwhile."""
    real = scoring.analyse_texts
    seen: list[str] = []

    def analyse_then_write(**kwargs: object) -> list:
        with transaction(factory) as other:  # on SQLite this would wait 10 s and fail under a held lock
            audit.record(session=other, user_id=None, event="test.during_analysis")
        seen.append("analysed")
        return real(**kwargs)  # type: ignore[arg-type]

    for module in (pending, responses):  # cards (their analysis follows the save) and kiosk responses
        monkeypatch.setattr(module, "analyse_texts", analyse_then_write)
    return seen


def test_a_card_is_stored_first_then_analysed_with_no_write_lock_held(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    the_card = card(activity_id(factory))
    seen = writes_during_analysis(factory, monkeypatch)
    stored = submit_card(factory=factory, card=the_card, user_id=None)
    assert seen == ["analysed"]
    assert stored.id == the_card.submission_id
    with factory() as session:
        comment = session.scalars(select(Comment)).one()
        assert comment.sentiment and comment.redacted_text and comment.analysis_version
        events = list(session.scalars(select(AuditEvent.event).order_by(AuditEvent.id)))
    assert events[-2:] == ["card.create", "test.during_analysis"]  # the typed text was safe first


def test_a_kiosk_response_is_analysed_before_the_write_transaction(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    given = response(factory)
    seen = writes_during_analysis(factory, monkeypatch)
    stored = submit_survey_response(factory=factory, response=given)
    assert seen == ["analysed"]
    assert stored.receipt_code and count(factory, Submission) == 1
    with factory() as session:
        assert session.scalars(select(Comment.sentiment)).one()


def test_a_card_submitted_three_times_is_stored_once(factory: sessionmaker[Session]) -> None:
    the_card = card(activity_id(factory))
    ids = {submit_card(factory=factory, card=the_card, user_id=None).id for _ in range(3)}
    assert ids == {the_card.submission_id}
    assert count(factory, Submission) == 1 and count(factory, Comment) == 1


def test_a_kiosk_response_submitted_twice_keeps_its_receipt(factory: sessionmaker[Session]) -> None:
    given = response(factory)
    codes = {submit_survey_response(factory=factory, response=given).receipt_code for _ in range(2)}
    assert len(codes) == 1 and count(factory, Submission) == 1


def test_a_busy_database_is_retried_once_and_the_card_stored(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    the_card = card(activity_id(factory))
    real = submissions._store_card
    calls: list[int] = []

    def busy_once(*args: object) -> Submission:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(submissions, "_store_card", busy_once)
    submit_card(factory=factory, card=the_card, user_id=None)
    assert len(calls) == 2 and count(factory, Submission) == 1


def test_a_double_tap_stored_between_the_check_and_the_write_returns_that_card(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    the_card = card(activity_id(factory))
    real = submissions.write
    taps: list[str] = []

    def other_tap_first(*args: object) -> object:
        if not taps:  # the other tap passed the same check and committed just before this write
            taps.append("other")
            submit_card(factory=factory, card=the_card, user_id=None)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(submissions, "write", other_tap_first)
    stored, still_pending = submissions.store_card(factory=factory, card=the_card, user_id=None)
    assert taps == ["other"] and stored.id == the_card.submission_id
    assert still_pending == [] and count(factory, Submission) == 1 and count(factory, Comment) == 1


def test_an_activity_deleted_between_the_check_and_the_write_is_named(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    the_card = card(activity_id(factory))
    real = submissions.write

    def delete_activity_first(*args: object) -> object:
        with transaction(factory) as other:
            other.delete(other.get(Activity, the_card.activity_id))
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(submissions, "write", delete_activity_first)
    with pytest.raises(ValidationError) as caught:
        submit_card(factory=factory, card=the_card, user_id=None)
    assert "no longer exists" in caught.value.errors["activity"]
    assert count(factory, Submission) == 0


def test_a_card_for_a_deleted_activity_names_the_problem(factory: sessionmaker[Session]) -> None:
    with pytest.raises(ValidationError) as caught:
        submit_card(factory=factory, card=card(987654), user_id=None)
    assert "activity" in caught.value.errors
    assert count(factory, Submission) == 0


def test_nul_and_lone_surrogates_are_stored_cleaned_on_both_databases(factory: sessionmaker[Session]) -> None:
    the_card = card(activity_id(factory), text="Good\x00 hub \ud800 staff")
    submit_card(factory=factory, card=the_card, user_id=None)
    given = response(factory)
    given = SurveyResponse(**{**given.__dict__, "answers": {"worked_well": "Tea\x00 and \udc01 chat"}})
    submit_survey_response(factory=factory, response=given)
    with factory() as session:
        texts = set(session.scalars(select(Comment.text)))
    assert texts == {"Good hub \ufffd staff", "Tea and \ufffd chat"}


def test_a_kiosk_answer_of_control_characters_is_refused(factory: sessionmaker[Session]) -> None:
    given = response(factory)
    given = SurveyResponse(**{**given.__dict__, "answers": {"worked_well": "\x01\x02"}})
    with pytest.raises(ValidationError) as caught:
        submit_survey_response(factory=factory, response=given)
    assert "control characters" in caught.value.errors["worked_well"]
    assert count(factory, Submission) == 0
