"""Erasure on both databases: admins only, a reason in the audit log (never the text), nothing left behind."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from feedback.access import NotAllowedError, Viewer
from feedback.admin.erasure import erase_now, erase_submission, find_submission
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.submissions import submit_card
from feedback.db import make_engine, make_session_factory, transaction
from feedback.fixtures import card, make_activity, survey
from feedback.migrations import upgrade_schema
from feedback.models import Answer, AuditEvent, Comment, CommentTheme, Submission
from feedback.reference_data import seed_reference_data
from feedback.settings import DATA_DIR
from feedback.validation import ValidationError

ADMIN = Viewer(user_id=None, role="admin")
SECRET = "Quillfeather Marchbanks told me about the zebracrossing"


def rows(factory: sessionmaker[Session], model: type) -> int:
    """Rows in a table."""
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def stored_card(factory: sessionmaker[Session], text: str = SECRET) -> str:
    """A card saved through the service; its submission id."""
    with transaction(factory) as session:
        activity_id = make_activity(session).id
    return submit_card(factory=factory, card=card(activity_id, text=text), user_id=None).id


def kiosk_response(factory: sessionmaker[Session]) -> Submission:
    """A stored kiosk response with answers and comments."""
    with transaction(factory) as session:
        response = SurveyResponse(
            submission_id=str(uuid.uuid4()),
            survey_id=survey(session).id,
            locality="clydesdale",
            answers={"overall": "4", "worked_well": SECRET},
        )
        return save_survey_response(session=session, response=response)


def test_an_admin_erases_a_card_with_a_reason_and_the_log_holds_no_text(
    factory: sessionmaker[Session],
) -> None:
    submission_id = stored_card(factory)
    assert erase_now(factory=factory, viewer=ADMIN, submission_id=submission_id, reason="mistake")
    assert rows(factory, Submission) == rows(factory, Comment) == rows(factory, CommentTheme) == 0
    with factory() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.event == "submission.erase")).one()
        logged = repr((event.object_id, event.detail))
    assert event.object_id == submission_id
    assert event.detail == {"channel": "staff_card", "reason": "mistake", "comments": 1, "answers": 0}
    assert "Quillfeather" not in logged and "zebra" not in logged
    assert not erase_now(factory=factory, viewer=ADMIN, submission_id=submission_id, reason="mistake")


def test_a_kiosk_response_is_found_by_receipt_code_in_any_form_and_erased(
    factory: sessionmaker[Session],
) -> None:
    stored = kiosk_response(factory)
    compact = stored.receipt_code.replace("-", "").lower()
    with factory() as session:
        found = find_submission(session=session, viewer=ADMIN, receipt_code=f"  {compact} ")
        assert find_submission(session=session, viewer=ADMIN, receipt_code="ZZZZ-ZZZZ") is None
    assert found is not None and found.submission_id == stored.id
    assert (found.channel, found.answers, found.comments) == ("kiosk", 1, 1)
    assert erase_now(
        factory=factory, viewer=ADMIN, submission_id=found.submission_id, reason="subject_request"
    )
    assert rows(factory, Submission) == rows(factory, Answer) == rows(factory, Comment) == 0


def test_a_typed_reason_is_required_for_other_and_stored_redacted(factory: sessionmaker[Session]) -> None:
    submission_id = stored_card(factory)
    with pytest.raises(ValidationError) as caught, transaction(factory) as session:
        erase_submission(session=session, viewer=ADMIN, submission_id=submission_id, reason="other", note=" ")
    assert "note" in caught.value.errors
    with pytest.raises(ValidationError) as caught, transaction(factory) as session:
        erase_submission(session=session, viewer=ADMIN, submission_id=submission_id, reason="whim")
    assert "reason" in caught.value.errors
    assert rows(factory, Submission) == 1
    note = "Asked by phone on 07700 900123"
    erase_now(factory=factory, viewer=ADMIN, submission_id=submission_id, reason="other", note=note)
    with factory() as session:
        detail = session.scalars(
            select(AuditEvent.detail).where(AuditEvent.event == "submission.erase")
        ).one()
    assert (
        detail["reason"] == "other" and "07700" not in detail["note"] and "Asked by phone" in detail["note"]
    )


@pytest.mark.parametrize("role", ["staff", "locality_lead", "reviewer"])
def test_only_admins_may_erase(factory: sessionmaker[Session], role: str) -> None:
    submission_id = stored_card(factory)
    viewer = Viewer(user_id=None, role=role, locality="clydesdale")
    with pytest.raises(NotAllowedError):
        erase_now(factory=factory, viewer=viewer, submission_id=submission_id, reason="mistake")
    with pytest.raises(NotAllowedError), factory() as session:
        find_submission(session=session, viewer=viewer, submission_id=submission_id)
    assert rows(factory, Submission) == 1


def test_erased_text_leaves_the_sqlite_wal_and_database_files(tmp_path: Path) -> None:
    path = tmp_path / "erase.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        seed_reference_data(session, DATA_DIR / "surveys")
    wal = Path(f"{path}-wal")
    token = b"Quillfeather"
    try:
        submission_id = stored_card(factory)
        assert token in wal.read_bytes() + path.read_bytes()  # the words are on disk before the erasure
        erase_now(factory=factory, viewer=ADMIN, submission_id=submission_id, reason="subject_request")
        assert token not in (wal.read_bytes() if wal.exists() else b"")
        assert token not in path.read_bytes()
    finally:
        engine.dispose()
