"""Activity saves are idempotent on both databases: one row per client token made with the form."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from feedback.capture import activities
from feedback.capture.activities import create_activity
from feedback.fixtures import activity_input
from feedback.models import Activity, AuditEvent
from feedback.validation import ValidationError


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_second_save_with_the_same_token_stores_one_activity(factory: sessionmaker[Session]) -> None:
    token = str(uuid.uuid4())
    ids = []
    for _tap in range(2):
        with factory() as session, session.begin():
            ids.append(
                create_activity(session=session, data=activity_input(), user_id=None, client_token=token).id
            )
    with factory() as session:
        assert ids[0] == ids[1]
        assert (_count(session, Activity), _count(session, AuditEvent)) == (1, 1)


def test_different_forms_store_different_activities(session: Session) -> None:
    for _form in range(2):
        create_activity(session=session, data=activity_input(), user_id=None, client_token=str(uuid.uuid4()))
    create_activity(
        session=session, data=activity_input(), user_id=None
    )  # no token: the command line, the demo
    session.commit()
    assert _count(session, Activity) == 3


def test_a_race_on_the_same_token_returns_the_stored_activity(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = str(uuid.uuid4())
    with factory() as session, session.begin():
        first = create_activity(session=session, data=activity_input(), user_id=None, client_token=token).id
    real = activities._by_client_token
    calls: list[str] = []

    def late(session: Session, client_token: str) -> Activity | None:
        calls.append(client_token)
        return None if len(calls) == 1 else real(session, client_token)  # the check missed the other save

    monkeypatch.setattr(activities, "_by_client_token", late)
    with factory() as session, session.begin():
        again = create_activity(session=session, data=activity_input(), user_id=None, client_token=token).id
    with factory() as session:
        assert again == first
        assert _count(session, Activity) == 1


def test_a_token_that_is_not_one_the_form_made_is_refused(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        create_activity(session=session, data=activity_input(), user_id=None, client_token="x" * 36)
    assert "reload the page" in caught.value.errors["activity"]
