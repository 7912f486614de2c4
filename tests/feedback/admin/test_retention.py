"""Retention and withdrawal on both databases."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback.admin.retention import purge_expired_text, withdraw_by_receipt
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.submissions import save_card
from feedback.fixtures import card, make_activity, survey
from feedback.models import Comment, Submission, utcnow


def test_old_raw_text_is_blanked_and_redacted_text_kept(session: Session) -> None:
    activity = make_activity(session)
    old = save_card(session=session, card=card(activity.id, text="Old words"), user_id=None)
    save_card(session=session, card=card(activity.id, text="New words"), user_id=None)
    old.created_at = utcnow() - dt.timedelta(days=800)
    session.commit()
    assert purge_expired_text(session=session, retention_days=730) == 1
    session.commit()
    session.expire_all()
    by_text = {c.redacted_text: c.text for c in session.scalars(select(Comment))}
    assert by_text == {"Old words": None, "New words": "New words"}
    assert purge_expired_text(session=session, retention_days=730) == 0


def test_withdraw_by_receipt_deletes_the_whole_response(session: Session) -> None:
    response = SurveyResponse(
        submission_id=str(uuid.uuid4()),
        survey_id=survey(session).id,
        locality="clydesdale",
        answers={"overall": "1", "worked_well": "Kind staff"},
    )
    stored = save_survey_response(session=session, response=response)
    session.commit()
    assert not withdraw_by_receipt(session=session, receipt_code="NOPE-0000", user_id=None)
    assert withdraw_by_receipt(session=session, receipt_code=stored.receipt_code.lower(), user_id=None)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Submission)) == 0
    assert session.scalar(select(func.count()).select_from(Comment)) == 0
