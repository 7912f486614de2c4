"""Validation of activities and cards: every problem names its field."""

from __future__ import annotations

import datetime as dt

import pytest

from feedback.fixtures import activity_input, card
from feedback.validation import (
    ValidationError,
    cleaned_activity,
    date_needs_confirmation,
    parse_headcount,
    parse_whole_number,
    validate_activity,
    validate_card,
)


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


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Kind\x00 staff", "Kind staff"),
        ("Kind staff \ud83d", "Kind staff \ufffd"),
        ("\udc00 then words", "\ufffd then words"),
        ("Café, naïve: 😀 “quotes”", "Café, naïve: 😀 “quotes”"),
        ("tab\there, bell\x07 kept", "tab\there, bell\x07 kept"),
    ],
)
def test_card_text_is_stored_as_typed_minus_nul_and_lone_surrogates(typed: str, stored: str) -> None:
    assert validate_card(card(1, text=typed)) == stored


@pytest.mark.parametrize("typed", ["\x01\x02", "\x1b\x7f\x9b", " \x0b\x0c\x01 "])
def test_control_characters_only_are_refused_with_a_message(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_card(card(1, text=typed))
    message = caught.value.errors["text"]
    assert "control characters" in message and "try again" not in message


def test_nul_only_card_is_empty() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_card(card(1, text="\x00\x00"))
    assert "Write what the person said" in caught.value.errors["text"]


def test_activity_text_is_cleaned_and_control_only_title_refused() -> None:
    data = cleaned_activity(activity_input(title="Hub\x00 visit \udfff", notes="a\x00b"))
    assert (data.title, data.notes) == ("Hub visit \ufffd", "ab")
    with pytest.raises(ValidationError) as caught:
        validate_activity(cleaned_activity(activity_input(title="\x01\x02")))
    assert "control characters" in caught.value.errors["title"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5", 5),
        ("50", 50),
        (7, 7),
        (7.0, 7),
        ("4", None),
        ("51", None),
        ("5.5", None),
        ("five", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_whole_number_refuses_what_is_not_a_whole_number_in_range(
    raw: object, expected: int | None
) -> None:
    assert parse_whole_number(raw, 5, 50) == expected


@pytest.mark.parametrize(
    ("day", "asks"),
    [
        (dt.date(2025, 4, 1), False),  # first day of last financial year
        (dt.date(2027, 3, 31), False),  # last day of this one
        (dt.date(2025, 3, 31), True),
        (dt.date(2027, 4, 1), True),
        (None, False),
    ],
)
def test_a_date_outside_this_and_last_financial_year_asks_for_confirmation(
    day: dt.date | None, asks: bool
) -> None:
    assert (date_needs_confirmation(day, dt.date(2026, 11, 29)) is not None) is asks
