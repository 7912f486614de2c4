"""Demo data: made through the real services, marked as demo."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.demo import seed_demo_actions
from feedback.models import Action

TODAY = dt.date(2026, 6, 1)


def test_seed_demo_actions(session: Session) -> None:
    made = seed_demo_actions(session, random.Random(1), today=TODAY)
    session.commit()
    stored = session.scalars(select(Action)).all()
    assert made == len(stored) > 0 and all(a.is_demo for a in stored)
    assert {a.status for a in stored} <= {"planned", "in_progress", "done", "not_taken_forward"}
