"""AppTest: erase a kiosk response by receipt code after confirming, with a reason; purge expired raw text."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.submissions import save_card
from feedback.db import transaction
from feedback.fixtures import card, make_activity, survey
from feedback.models import AuditEvent, Comment, Submission, utcnow

PAGE = "ui/privacy.py"


def _kiosk_response(db: sessionmaker[Session]) -> str:
    with transaction(db) as session:
        response = SurveyResponse(
            submission_id=str(uuid.uuid4()),
            survey_id=survey(session).id,
            locality="clydesdale",
            answers={"overall": "1", "worked_well": "Kind staff"},
        )
        return save_survey_response(session=session, response=response).receipt_code


def _cards(db: sessionmaker[Session], *ages_in_days: int) -> None:
    with transaction(db) as session:
        activity = make_activity(session)
        for age in ages_in_days:
            stored = save_card(
                session=session, card=card(activity.id, text=f"Said {age} days ago"), user_id=None
            )
            stored.created_at = utcnow() - dt.timedelta(days=age)


def _count(db: sessionmaker[Session], model: type) -> int:
    with db() as session:
        return session.scalar(select(func.count()).select_from(model))


def _raw_texts(db: sessionmaker[Session]) -> int:
    with db() as session:
        return session.scalar(select(func.count()).select_from(Comment).where(Comment.text.is_not(None)))


def _find(at: AppTest, code: str) -> AppTest:
    at.text_input(key="privacy_code").input(code)
    return at.button(key="privacy_find").click().run()


def test_withdraw_asks_first_then_deletes(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    code = _kiosk_response(db)
    at = _find(open_page(PAGE, username="admin"), f" {code.lower()} ")
    assert not at.exception
    assert any(code in m.value and "1 comment" in m.value for m in at.markdown)
    assert not any("Kind staff" in m.value for m in at.markdown)
    assert _count(db, Submission) == 1  # nothing deleted before confirming
    at.button(key="privacy_confirm").click().run()
    assert not at.exception
    assert f"Erased the response with receipt {code}." in [s.value for s in at.success]
    assert _count(db, Submission) == 0 and _count(db, Comment) == 0
    assert at.text_input(key="privacy_code").value == ""
    with db() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.event == "submission.erase")).one()
        assert event.user_id is not None
        assert event.detail == {"channel": "kiosk", "reason": "subject_request", "comments": 1, "answers": 1}


def test_erase_by_a_code_without_the_dash_needs_a_typed_reason_for_other(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    code = _kiosk_response(db)
    at = _find(open_page(PAGE, username="admin"), code.replace("-", "").lower())
    assert any(code in m.value for m in at.markdown)
    at.radio(key="privacy_reason").set_value("other").run()
    at.button(key="privacy_confirm").click().run()
    assert not at.exception
    assert any("Nothing was erased yet" in e.value and "Type the reason" in e.value for e in at.error)
    assert _count(db, Submission) == 1
    at.text_input(key="privacy_note").input("Asked at the hub desk").run()
    at.button(key="privacy_confirm").click().run()
    assert not at.exception
    assert _count(db, Submission) == 0
    with db() as session:
        detail = session.scalars(
            select(AuditEvent.detail).where(AuditEvent.event == "submission.erase")
        ).one()
    assert detail["reason"] == "other" and detail["note"] == "Asked at the hub desk"


def test_cancel_keeps_the_response(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    code = _kiosk_response(db)
    at = _find(open_page(PAGE, username="admin"), code)
    at.button(key="privacy_cancel").click().run()
    assert not at.exception
    assert _count(db, Submission) == 1
    assert not any(b.key == "privacy_confirm" for b in at.button)


def test_unknown_or_empty_codes_are_explained(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    _kiosk_response(db)
    at = _find(open_page(PAGE, username="admin"), "zzzz-9999")
    assert not at.exception
    assert any("No response has the code ZZZZ-9999" in m.value for m in at.markdown)
    assert at.text_input(key="privacy_code").value == "zzzz-9999"
    at = _find(at, "  ")
    assert any("Type the receipt code" in m.value for m in at.markdown)
    assert _count(db, Submission) == 1


def test_purge_shows_the_count_then_needs_the_tick(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    _cards(db, 5, 800, 900)
    at = open_page(PAGE, username="admin")
    assert not at.exception
    assert any("2 comments" in m.value and "will have raw text blanked" in m.value for m in at.markdown)
    at.button(key="privacy_purge").click().run()
    assert any("Tick the box" in m.value for m in at.markdown)
    assert _raw_texts(db) == 3
    at.checkbox(key="privacy_purge_ok").check().run()
    at.button(key="privacy_purge").click().run()
    assert not at.exception
    assert "Blanked the raw text of 2 comments." in [s.value for s in at.success]
    assert _raw_texts(db) == 1
    assert "nothing to purge" in at.info[0].value
    with db() as session:
        run = session.scalars(select(AuditEvent).where(AuditEvent.event == "retention.run")).one()
        assert run.detail == {"comments": 2} and run.user_id is not None


def test_nothing_to_purge_offers_no_button(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    _cards(db, 5)
    at = open_page(PAGE, username="admin")
    assert not at.exception
    assert "nothing to purge" in at.info[0].value
    assert not any(b.key == "privacy_purge" for b in at.button)


def test_a_database_failure_while_counting_is_a_plain_message(
    db: sessionmaker[Session], open_page: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> int:
        raise OperationalError("SELECT count", {}, Exception("server closed the connection"))

    monkeypatch.setattr("feedback.admin.retention.count_expired_text", broken)
    at = open_page(PAGE, username="admin")
    assert not at.exception
    assert any("could not count the expired comments" in e.value for e in at.error)
