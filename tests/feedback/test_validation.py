"""Validation of activities and cards: every problem names its field."""

from __future__ import annotations

import datetime as dt

import pytest

from feedback.fixtures import activity_input, card
from feedback.validation import ValidationError, parse_headcount, validate_activity, validate_card


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 0),
        ("", 0),
        (0, 0),
        (5, 5),
        ("12", 12),
        (" 7 ", 7),
        (10_000, 10_000),
        (3.0, 3),
        (10_001, None),
        (-1, None),
        ("-1", None),
        ("1.5", None),
        (2.5, None),
        ("ten", None),
        (True, None),
    ],
)
def test_parse_headcount(raw: object, expected: int | None) -> None:
    assert parse_headcount(raw) == expected


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"locality": "glasgow"}, "locality"),
        ({"start_date": None}, "start_date"),
        ({"start_date": dt.date(1990, 1, 1)}, "start_date"),
        ({"end_date": dt.date(2026, 3, 1)}, "end_date"),
        ({"attendance": {"victims": "lots"}}, "attendance.victims"),
        ({"attendance": {"victims": 10_001}}, "attendance.victims"),
        ({"attendance": {"aliens": 1}}, "attendance.aliens"),
        ({"outcomes": "x" * 5001}, "outcomes"),
    ],
)
def test_validate_activity_names_the_field(overrides: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_activity(activity_input(**overrides), today=dt.date(2026, 6, 1))
    assert field in caught.value.errors
    assert caught.value.summary.startswith("Please check")


def test_validate_activity_returns_whole_number_attendance_without_zeros() -> None:
    data = activity_input(attendance={"victims": "0", "families": "4", "people_with_convictions": 2})
    assert validate_activity(data, today=dt.date(2026, 6, 1)) == {"families": 4, "people_with_convictions": 2}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"submission_id": "not-a-uuid"}, "submission_id"),
        ({"question_type": "complaint"}, "question_type"),
        ({"text": "  \n "}, "text"),
        ({"text": "a" * 2001}, "text"),
        ({"stakeholder_group": "everyone"}, "stakeholder_group"),
    ],
)
def test_validate_card_names_the_field(overrides: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_card(card(1, **overrides))
    assert field in caught.value.errors


def test_long_card_is_refused_not_cut() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_card(card(1, text="a" * 2500))
    assert "2,500" in caught.value.errors["text"]


def test_validate_card_trims() -> None:
    assert validate_card(card(1, text="  Good staff \n")) == "Good staff"
