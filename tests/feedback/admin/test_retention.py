"""Retention and withdrawal on both databases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.admin.retention import purge_expired_text
from feedback.capture.submissions import save_card
from feedback.fixtures import card, make_activity
from feedback.models import Comment, utcnow


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
