"""The admin's suppression threshold: stored, audited, defaulted and never below 5."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.admin import app_settings
from feedback.models import AppSetting, AuditEvent
from feedback.settings import get_settings
from feedback.validation import ValidationError


def test_default_comes_from_settings(session: Session) -> None:
    assert app_settings.get_suppression_k(session=session) == max(5, get_settings().suppression_k)


@pytest.mark.parametrize("k", [5, 7, 10, 25, 100])
def test_set_then_get(session: Session, k: int) -> None:
    app_settings.set_suppression_k(session=session, k=k, user_id=None)
    session.commit()
    assert app_settings.get_suppression_k(session=session) == k
    event = session.scalars(select(AuditEvent).where(AuditEvent.event == "setting.update")).one()
    assert event.detail["new"] == k


@pytest.mark.parametrize("bad", [4, 0, -3, 101, True, "10", 7.5])
def test_refuses_out_of_range(session: Session, bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        app_settings.set_suppression_k(session=session, k=bad, user_id=None)  # type: ignore[arg-type]
    assert "suppression_k" in info.value.errors
    assert session.get(AppSetting, app_settings.SUPPRESSION_K_KEY) is None


@pytest.mark.parametrize(("stored", "expected"), [("3", 5), ("12", 12), ("junk", None)])
def test_stored_values_are_clamped(session: Session, stored: str, expected: int | None) -> None:
    session.add(AppSetting(key=app_settings.SUPPRESSION_K_KEY, value=stored))
    session.commit()
    want = expected if expected is not None else app_settings.default_suppression_k()
    assert app_settings.get_suppression_k(session=session) == want


def test_update_replaces_the_value(session: Session) -> None:
    app_settings.set_suppression_k(session=session, k=6, user_id=None)
    app_settings.set_suppression_k(session=session, k=12, user_id=None)
    session.commit()
    assert session.get(AppSetting, app_settings.SUPPRESSION_K_KEY).value == "12"
