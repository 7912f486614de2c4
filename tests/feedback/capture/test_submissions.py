"""Cards and kiosk responses on both databases: stored once, whole or not at all, analysed."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from feedback.access import Viewer
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.submissions import save_card, undo_card
from feedback.fixtures import card, make_activity, make_user, survey
from feedback.models import Answer, AuditEvent, Comment, CommentTheme, Submission
from feedback.validation import ValidationError


def count(session: Session, model: type) -> int:
    """Rows in a table."""
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_card_is_stored_with_its_analysis(session: Session) -> None:
    activity = make_activity(session)
    submission = save_card(session=session, card=card(activity.id), user_id=None)
    session.commit()
    comment = session.scalars(select(Comment)).one()
    assert submission.locality == "hamilton_blantyre_larkhall"
    assert comment.question_type == "could_improve"
    assert comment.sentiment in {"positive", "neutral", "negative"}
    assert -1.0 <= comment.sentiment_score <= 1.0
    assert comment.analysis_version
    assert comment.redacted_text


def test_same_card_sent_three_times_is_stored_once(factory: sessionmaker[Session]) -> None:
    with factory() as session, session.begin():
        activity_id = make_activity(session).id
    same = card(activity_id)
    for _ in range(3):
        with factory() as session, session.begin():
            save_card(session=session, card=same, user_id=None)
    with factory() as session:
        assert count(session, Submission) == 1
        assert count(session, Comment) == 1
        events = list(session.scalars(select(AuditEvent.event)))
        assert events.count("card.create") == 1


def test_card_names_are_redacted(session: Session) -> None:
    activity = make_activity(session)
    text = "My worker called Jim Smith was great, ring me on 07700 900123"
    save_card(session=session, card=card(activity.id, text=text), user_id=None)
    session.commit()
    comment = session.scalars(select(Comment)).one()
    assert comment.text == text
    assert "07700" not in comment.redacted_text and "Jim" not in comment.redacted_text


def test_undo_only_own_recent_card(session: Session) -> None:
    activity = make_activity(session)
    staff = make_user(session)
    other = make_user(session, username="kim")
    first = save_card(session=session, card=card(activity.id), user_id=staff.id)
    assert not undo_card(session=session, submission_id=first.id, user_id=other.id, within_seconds=30)
    assert undo_card(session=session, submission_id=first.id, user_id=staff.id, within_seconds=30)
    second = save_card(session=session, card=card(activity.id), user_id=staff.id)
    second.created_at = second.created_at - dt.timedelta(minutes=5)
    session.flush()
    assert not undo_card(session=session, submission_id=second.id, user_id=staff.id, within_seconds=30)
    session.commit()
    assert count(session, Submission) == 1


def _response(session: Session, **overrides: object) -> SurveyResponse:
    values: dict[str, object] = {
        "submission_id": str(uuid.uuid4()),
        "survey_id": survey(session).id,
        "locality": "east_kilbride_strathaven",
        "answers": {
            "stakeholder_group": "families",
            "overall": "2",
            "worked_well": "The hub staff listened to me.",
            "could_be_better": "More evening sessions please",
            "helped_with": ["housing", "money"],
            "gender": "woman",
        },
        "quote_permission": True,
    }
    values.update(overrides)
    return SurveyResponse(**values)  # type: ignore[arg-type]


def test_kiosk_response_is_stored_whole(session: Session) -> None:
    stored = save_survey_response(session=session, response=_response(session))
    session.commit()
    assert stored.channel == "kiosk" and stored.stakeholder_group == "families"
    assert len(stored.receipt_code) == 9 and stored.receipt_code[4] == "-"
    answers = {a.question: a for a in session.scalars(select(Answer))}
    assert answers["overall"].number == 2.0
    assert answers["helped_with"].choice == "housing money"
    assert {c.question_type for c in session.scalars(select(Comment))} == {"working_well", "could_improve"}


def test_kiosk_response_sent_three_times_is_stored_once(factory: sessionmaker[Session]) -> None:
    with factory() as session:
        response = _response(session)
    codes = set()
    for _ in range(3):
        with factory() as session, session.begin():
            codes.add(save_survey_response(session=session, response=response).receipt_code)
    with factory() as session:
        assert count(session, Submission) == 1 and len(codes) == 1
        assert list(session.scalars(select(AuditEvent.event))) == ["kiosk.submit"]


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"overall": "11"}, "overall"),
        ({"helped_with": ["housing", "spaceships"]}, "helped_with"),
        ({"worked_well": "x" * 2001}, "worked_well"),
        ({}, "answers"),  # every question skipped: there is nothing to store
        ({"worked_well": "   "}, "answers"),
    ],
)
def test_bad_kiosk_answers_store_nothing(factory: sessionmaker[Session], answers: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught, factory() as session, session.begin():
        save_survey_response(session=session, response=_response(session, answers=answers))
    assert field in caught.value.errors
    with factory() as session:
        assert count(session, Submission) == 0 and count(session, Answer) == 0


def test_failure_midway_leaves_nothing(factory: sessionmaker[Session]) -> None:
    """A database error after the submission row is written rolls the whole submission back."""
    with factory() as session:
        response = _response(session)
    with pytest.raises(RuntimeError), factory() as session, session.begin():
        save_survey_response(session=session, response=response)
        raise RuntimeError("connection lost before commit")
    with factory() as session:
        assert count(session, Submission) == 0 and count(session, Comment) == 0
        assert count(session, CommentTheme) == 0


def test_permission_to_quote_is_not_kept_without_written_words(session: Session) -> None:
    stored = save_survey_response(
        session=session, response=_response(session, answers={"overall": "2"}, quote_permission=True)
    )
    session.commit()
    assert stored.quote_permission is False


def test_skipped_questions_store_no_rows(session: Session) -> None:
    save_survey_response(session=session, response=_response(session, answers={"overall": "dont_know"}))
    session.commit()
    assert count(session, Answer) == 1 and count(session, Comment) == 0


def test_a_locality_lead_cannot_save_a_card_into_another_localitys_activity(session: Session) -> None:
    own = make_activity(session)
    other = make_activity(session, locality="clydesdale", title="Clydesdale LISTEN event")
    lead = make_user(session, username="lead", role="locality_lead", locality="hamilton_blantyre_larkhall")
    session.commit()
    viewer = Viewer(user_id=lead.id, role=lead.role, locality=lead.locality)
    with pytest.raises(ValidationError) as caught:
        save_card(session=session, card=card(other.id), user_id=lead.id, viewer=viewer)
    assert "another locality" in caught.value.errors["activity"]
    session.rollback()
    assert count(session, Submission) == 0
    save_card(session=session, card=card(own.id), user_id=lead.id, viewer=viewer)
    session.commit()
    assert session.scalars(select(Submission.activity_id)).all() == [own.id]
