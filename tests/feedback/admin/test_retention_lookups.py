"""Previews of a retention purge and of a withdrawal, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from feedback.admin.retention import (
    count_expired_text,
    normalise_receipt_code,
    purge_expired_text,
)
from feedback.capture.submissions import save_card
from feedback.fixtures import card, make_activity
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


@pytest.mark.parametrize(
    ("raw", "code"), [(" abcd-2345 ", "ABCD-2345"), ("ABCD-2345", "ABCD-2345"), ("", "")]
)
def test_normalise_receipt_code(raw: str, code: str) -> None:
    assert normalise_receipt_code(raw) == code
