"""The first read: every new comment waits for a person, riskiest first; overdue on a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from feedback.access import NotAllowedError, Viewer
from feedback.fixtures import ADMIN, CLYDESDALE, HAMILTON, lead, make_comment
from feedback.models import Comment
from feedback.review.first_read import (
    ReadDeadlines,
    clear_flag,
    flag_comment,
    list_unread,
    mark_read,
    queue_summary,
    working_days_before,
)

MONDAY_NOON = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("now", "days", "expected"),
    [
        (MONDAY_NOON, 3, dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC)),  # Wed before
        (dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC), 1, dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC)),
        # On a Sunday the clock stands at the start of the weekend: one working day back is Friday 00:00.
        (dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC), 1, dt.datetime(2026, 11, 27, 0, tzinfo=dt.UTC)),
    ],
)
def test_working_days_skip_weekends(now: dt.datetime, days: int, expected: dt.datetime) -> None:
    assert working_days_before(now, days) == expected


def _at(days: float) -> dt.datetime:
    return MONDAY_NOON - dt.timedelta(days=days)


def test_the_queue_puts_risk_first_then_the_oldest_and_marks_overdue(session: Session) -> None:
    old = make_comment(session, text="Old and quiet", created_at=_at(7), themes=())
    new = make_comment(session, text="New and quiet", created_at=_at(1), themes=())
    risky = make_comment(session, text="Risky", created_at=_at(0.1), themes=())
    risky.safeguarding_risk = 0.7
    flagged = make_comment(session, text="Flagged", safeguarding=True, created_at=_at(5 / 24), themes=())
    make_comment(session, text="Elsewhere", locality=CLYDESDALE, created_at=_at(9), themes=())
    session.commit()
    items = list_unread(session=session, viewer=lead(), now=MONDAY_NOON)
    assert [i.id for i in items] == [flagged.id, risky.id, old.id, new.id]
    assert {i.id for i in items if i.overdue} == {flagged.id, old.id}  # 4 hours; 3 working days
    summary = queue_summary(session=session, viewer=lead(), now=MONDAY_NOON)
    assert (summary.waiting, summary.overdue, summary.oldest) == (4, 2, _at(7))
    assert queue_summary(session=session, viewer=ADMIN, now=MONDAY_NOON).waiting == 5
    longer = ReadDeadlines(working_days=10, flagged_hours=6)
    assert queue_summary(session=session, viewer=lead(), deadlines=longer, now=MONDAY_NOON).overdue == 0


def test_reading_flagging_and_clearing_record_who_and_when(session: Session) -> None:
    reader = lead(user_id=None)
    quiet = make_comment(session, text="Nobody listens to me", themes=())
    mark_read(session=session, comment_id=quiet.id, viewer=reader)
    assert quiet.read_at is not None
    flag_comment(session=session, comment_id=quiet.id, viewer=reader)
    assert quiet.safeguarding and quiet.flag_decided_at is not None
    with pytest.raises(Exception, match="Say why"):
        clear_flag(session=session, comment_id=quiet.id, viewer=reader, reason="  ")
    clear_flag(session=session, comment_id=quiet.id, viewer=reader, reason="Not about harm")
    session.commit()
    assert session.get(Comment, quiet.id).safeguarding is False
    assert queue_summary(session=session, viewer=reader).waiting == 0


@pytest.mark.parametrize("viewer", [lead(locality=CLYDESDALE), Viewer(user_id=None, role="reviewer")])
def test_readers_stay_in_scope(session: Session, viewer: Viewer) -> None:
    comment = make_comment(session, locality=HAMILTON)
    with pytest.raises(NotAllowedError):
        mark_read(session=session, comment_id=comment.id, viewer=viewer)


def test_queue_counts_stop_past_the_cap(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    for day in range(6):
        make_comment(session, text=f"Waiting {day}", created_at=_at(day + 4), themes=())
    session.commit()
    monkeypatch.setattr("feedback.review.first_read.QUEUE_CAP", 3)
    summary = queue_summary(session=session, viewer=lead(), now=MONDAY_NOON)
    assert (summary.waiting, summary.overdue, summary.oldest) == (4, 4, _at(9))  # cap + 1: "3+"
