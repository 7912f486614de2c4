"""Activities and their actions for a period, as the statement builder takes them, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from feedback.fixtures import make_activity
from feedback.models import Action
from feedback.reports.statement import STATEMENT_INPUT_COLUMNS, period_statement, statement_input

DAYS = {
    "before": dt.date(2025, 3, 20),
    "first": dt.date(2025, 4, 1),
    "mid": dt.date(2025, 9, 9),
    "last": dt.date(2026, 3, 31),
    "after": dt.date(2026, 4, 2),
}


def _seed(session: Session) -> dict[str, int]:
    ids = {
        name: make_activity(session, title=f"Event {name}", start_date=day).id for name, day in DAYS.items()
    }
    spanning = make_activity(
        session, title="Event spanning", start_date=dt.date(2025, 3, 28), end_date=dt.date(2025, 4, 3)
    )
    ids["spanning"] = spanning.id
    for status, will, did in [
        ("planned", "Rewrite the letters", ""),
        ("done", "Evening slots", "Opened Tuesdays"),
        ("not_taken_forward", "Move the office", ""),
    ]:
        session.add(
            Action(
                heard="heard",
                will_do=will,
                we_did=did,
                status=status,
                locality="clydesdale",
                activity_id=ids["mid"],
            )
        )
    session.commit()
    return ids


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2025, 4, 1), dt.date(2026, 3, 31), {"first", "mid", "last", "spanning"}),
        (dt.date(2025, 9, 9), dt.date(2025, 9, 9), {"mid"}),
        (dt.date(2024, 4, 1), dt.date(2025, 3, 31), {"before", "spanning"}),
        (dt.date(2030, 1, 1), dt.date(2030, 12, 31), set()),
    ],
)
def test_statement_input_picks_overlapping_activities(
    session: Session, start: dt.date, end: dt.date, expected: set[str]
) -> None:
    ids = _seed(session)
    frame = statement_input(session=session, start=start, end=end)
    assert list(frame.columns) == STATEMENT_INPUT_COLUMNS
    assert set(frame["id"]) == {ids[name] for name in expected}


def test_actions_and_headcounts_come_with_their_activity(session: Session) -> None:
    ids = _seed(session)
    frame = statement_input(session=session, start=DAYS["mid"], end=DAYS["mid"]).set_index("id")
    row = frame.loc[ids["mid"]]
    assert [a["status"] for a in row["actions"]] == ["planned", "done", "not_taken_forward"]
    assert row["attendance"] == {"people_with_convictions": 12, "families": 3}
    assert row["lead_partner"] and row["lead_sector"]


@pytest.mark.parametrize("grouping", ["activity", "category"])
def test_period_statement_words_the_outcomes(session: Session, grouping: str) -> None:
    _seed(session)
    st = period_statement(session=session, start=DAYS["first"], end=DAYS["last"], grouping=grouping, k=10)
    text = "\n".join(r.outcomes for r in st.rows)
    assert "We will: Rewrite the letters" in text and "We did: Opened Tuesdays" in text
    assert "Move the office" not in text
    assert st.summary.activities == 4
    assert (len(st.rows) == 4) == (grouping == "activity")
