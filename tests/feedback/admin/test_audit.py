"""The paged, filtered audit log on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from feedback.admin.audit import AuditFilter, AuditPage, audit_event_types, audit_users, query_audit_events
from feedback.fixtures import make_user
from feedback.models import AuditEvent

DAY = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def _fill(session: Session) -> dict[str, int]:
    """Known events: amy signs in on three days, bob edits once, the system purges once."""
    amy = make_user(session, username="amy")
    bob = make_user(session, username="bob")
    session.query(AuditEvent).delete()  # drop the user.create events
    rows = [
        (amy.id, "signin", DAY - dt.timedelta(days=2)),
        (amy.id, "signin", DAY - dt.timedelta(days=1)),
        (bob.id, "activity.update", DAY - dt.timedelta(days=1, hours=1)),
        (amy.id, "signin", DAY),
        (None, "retention.purge", DAY + dt.timedelta(hours=11, minutes=59)),
    ]
    for user_id, event, at in rows:
        session.add(
            AuditEvent(user_id=user_id, event=event, at=at, object_type="x", object_id="1", detail={"n": 1})
        )
    session.commit()
    return {"amy": amy.id, "bob": bob.id}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["retention.purge", "signin", "signin", "activity.update", "signin"]),
        ({"event": "signin"}, ["signin", "signin", "signin"]),
        ({"user": "bob"}, ["activity.update"]),
        ({"start": dt.date(2026, 3, 10)}, ["retention.purge", "signin"]),
        ({"end": dt.date(2026, 3, 9)}, ["signin", "activity.update", "signin"]),
        ({"start": dt.date(2026, 3, 9), "end": dt.date(2026, 3, 9)}, ["signin", "activity.update"]),
        ({"event": "signin", "user": "amy", "end": dt.date(2026, 3, 8)}, ["signin"]),
        ({"event": "nothing.like.this"}, []),
    ],
)
def test_filters(session: Session, filters: dict, expected: list[str]) -> None:
    ids = _fill(session)
    given = dict(filters)  # the table's dicts are shared by both backends' runs
    user = given.pop("user", None)
    page = query_audit_events(session=session, filters=AuditFilter(user_id=ids.get(user), **given))
    assert [r.event for r in page.rows] == expected
    assert page.total == len(expected)


def test_rows_carry_usernames_and_aware_times(session: Session) -> None:
    _fill(session)
    rows = query_audit_events(session=session).rows
    assert [r.username for r in rows] == [None, "amy", "amy", "bob", "amy"]
    assert rows[0].at == DAY + dt.timedelta(hours=11, minutes=59)
    assert rows[0].detail == {"n": 1}


@pytest.mark.parametrize(
    ("page", "size", "shown", "events", "pages"),
    [
        (1, 2, 1, 2, 3),
        (2, 2, 2, 2, 3),
        (3, 2, 3, 1, 3),
        (9, 2, 3, 1, 3),  # past the end: the last page
        (0, 2, 1, 2, 3),
        (1, 50, 1, 5, 1),
    ],
)
def test_paging(session: Session, page: int, size: int, shown: int, events: int, pages: int) -> None:
    _fill(session)
    result = query_audit_events(session=session, page=page, page_size=size)
    assert (result.page, len(result.rows), result.pages, result.total) == (shown, events, pages, 5)


def test_pages_cover_every_event_once(session: Session) -> None:
    _fill(session)
    seen = [r.id for p in (1, 2, 3) for r in query_audit_events(session=session, page=p, page_size=2).rows]
    assert len(seen) == len(set(seen)) == 5


def test_an_empty_log_has_one_empty_page(session: Session) -> None:
    session.query(AuditEvent).delete()
    session.commit()
    result = query_audit_events(session=session)
    assert (result.rows, result.total, result.pages) == ([], 0, 1)


def test_event_types_and_users(session: Session) -> None:
    ids = _fill(session)
    assert audit_event_types(session=session) == ["activity.update", "retention.purge", "signin"]
    assert audit_users(session=session) == [(ids["amy"], "amy"), (ids["bob"], "bob")]


@pytest.mark.parametrize(("total", "size", "pages"), [(0, 10, 1), (10, 10, 1), (11, 10, 2), (101, 50, 3)])
def test_page_count(total: int, size: int, pages: int) -> None:
    assert AuditPage(rows=[], total=total, page=1, page_size=size).pages == pages
