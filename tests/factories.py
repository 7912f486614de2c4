"""Small factory helpers for test objects."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.admin.auth import create_user
from feedback.capture.activities import create_activity
from feedback.models import Activity, Partner, Survey, User
from feedback.validation import ActivityInput, CardInput


def make_user(
    session: Session,
    *,
    username: str = "sam",
    role: str = "staff",
    pin: str = "1234",
    locality: str | None = None,
) -> User:
    """A staff account."""
    return create_user(
        session=session,
        username=username,
        display_name=username.title(),
        role=role,
        pin=pin,
        locality=locality,
    )


def activity_input(**overrides: object) -> ActivityInput:
    """A valid LISTEN event in Hamilton, with any field overridden."""
    values: dict[str, object] = {
        "kind": "listen_event",
        "title": "LISTEN event, Hamilton",
        "locality": "hamilton_blantyre_larkhall",
        "start_date": dt.date(2026, 3, 12),
        "venue": "Hamilton Townhouse",
        "attendance": {"people_with_convictions": 12, "families": "3"},
        "outcomes": "Partners agreed a plain-English letter.",
    }
    values.update(overrides)
    return ActivityInput(**values)  # type: ignore[arg-type]


def make_activity(session: Session, **overrides: object) -> Activity:
    """A stored activity led by the first partner."""
    partner = session.scalars(select(Partner).order_by(Partner.id)).first()
    data = activity_input(lead_partner_id=partner.id, partner_ids=(partner.id,), **overrides)
    return create_activity(session=session, data=data, user_id=None)


def card(activity_id: int, **overrides: object) -> CardInput:
    """A valid feedback card with a fresh submission id."""
    values: dict[str, object] = {
        "submission_id": str(uuid.uuid4()),
        "activity_id": activity_id,
        "question_type": "could_improve",
        "text": "Answer the phone quicker, I was on hold for ages.",
        "stakeholder_group": "people_with_convictions",
        "quote_permission": True,
    }
    values.update(overrides)
    return CardInput(**values)  # type: ignore[arg-type]


def survey(session: Session, key: str = "your_view_counts") -> Survey:
    """A stored survey by key."""
    return session.scalars(select(Survey).where(Survey.key == key)).one()
