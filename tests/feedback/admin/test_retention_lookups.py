"""Previews of a retention purge and of a withdrawal, on both databases."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy.orm import Session

from feedback.admin.retention import (
    count_expired_text,
    find_by_receipt,
    normalise_receipt_code,
    purge_expired_text,
)
from feedback.capture.responses import SurveyResponse, save_survey_response
from feedback.capture.submissions import save_card
from feedback.fixtures import card, make_activity, survey
from feedback.models import utcnow


@pytest.mark.parametrize(("days_old", "expected"), [((10, 800, 900), 2), ((10, 20), 0), ((731, 729), 1)])
def test_the_count_matches_what_the_purge_blanks(
    session: Session, days_old: tuple[int, ...], expected: int
) -> None:
    activity = make_activity(session)
    now = utcnow()
    for age in days_old:
        stored = save_card(session=session, card=card(activity.id, text=f"Said {age} days ago"), user_id=None)
        stored.created_at = now - dt.timedelta(days=age)
    session.commit()
    assert count_expired_text(session=session, retention_days=730, now=now) == expected
    assert purge_expired_text(session=session, retention_days=730, now=now) == expected
    session.commit()
    assert count_expired_text(session=session, retention_days=730, now=now) == 0


def test_find_by_receipt_gives_counts_not_text(session: Session) -> None:
    response = SurveyResponse(
        submission_id=str(uuid.uuid4()),
        survey_id=survey(session).id,
        locality="clydesdale",
        answers={"overall": "1", "worked_well": "Kind staff"},
    )
    stored = save_survey_response(session=session, response=response)
    session.commit()
    match = find_by_receipt(session=session, receipt_code=f"  {stored.receipt_code.lower()} ")
    assert match is not None
    assert (match.submission_id, match.channel, match.locality) == (stored.id, "kiosk", "clydesdale")
    assert match.comments == 1 and match.answers >= 1
    assert match.created_at.tzinfo is not None
    assert "Kind staff" not in repr(match)
    assert find_by_receipt(session=session, receipt_code="NOPE-0000") is None
    assert find_by_receipt(session=session, receipt_code="   ") is None


@pytest.mark.parametrize(
    ("raw", "code"), [(" abcd-2345 ", "ABCD-2345"), ("ABCD-2345", "ABCD-2345"), ("", "")]
)
def test_normalise_receipt_code(raw: str, code: str) -> None:
    assert normalise_receipt_code(raw) == code
