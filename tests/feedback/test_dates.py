"""Days are Scottish days: a period's edges follow GMT in winter and BST in summer."""

from __future__ import annotations

import datetime as dt

import pytest

from feedback.dates import day_after, day_start


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        (dt.date(2026, 1, 15), dt.datetime(2026, 1, 15, 0, 0, tzinfo=dt.UTC)),  # GMT
        (dt.date(2026, 4, 1), dt.datetime(2026, 3, 31, 23, 0, tzinfo=dt.UTC)),  # BST: financial year
        (dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, 0, 0, tzinfo=dt.UTC)),  # clocks go forward at 01:00
        (dt.date(2026, 10, 26), dt.datetime(2026, 10, 26, 0, 0, tzinfo=dt.UTC)),  # back to GMT
    ],
)
def test_day_start_is_local_midnight_in_utc(day: dt.date, utc: dt.datetime) -> None:
    assert day_start(day) == utc
    assert day_start(day).tzinfo == dt.UTC


def test_day_after_is_the_next_local_midnight() -> None:
    assert day_after(dt.date(2026, 3, 31)) == dt.datetime(2026, 3, 31, 23, 0, tzinfo=dt.UTC)


def test_a_comment_just_after_local_midnight_counts_in_the_new_financial_year(session) -> None:
    from sqlalchemy import func, select

    from feedback.filters import ReviewFilter, submission_conditions
    from feedback.fixtures import make_comment
    from feedback.models import Submission

    make_comment(session, created_at=dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC))  # 00:30 BST, 1 April
    session.commit()

    def count(start: dt.date, end: dt.date) -> int:
        conditions = submission_conditions(ReviewFilter(start=start, end=end))
        return session.scalar(select(func.count()).select_from(Submission).where(*conditions))

    assert count(dt.date(2026, 4, 1), dt.date(2027, 3, 31)) == 1
    assert count(dt.date(2025, 4, 1), dt.date(2026, 3, 31)) == 0
