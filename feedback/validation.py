"""Check what people type before it is stored; every problem names its field."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from analysis.params import (
    ACTIVITY_KINDS,
    LOCALITIES,
    MAX_TEXT_LENGTH,
    NOT_RECORDED,
    QUESTION_TYPES,
    STAKEHOLDER_GROUPS,
)

MAX_HEADCOUNT = 10_000
MAX_TITLE = 200
MAX_VENUE = 200
MAX_LONG_TEXT = 5_000
EARLIEST_DATE = dt.date(2000, 1, 1)
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


class ValidationError(ValueError):
    """Input that cannot be stored; `errors` maps each field to a plain message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(self.summary)

    @property
    def summary(self) -> str:
        """One sentence for the top of the form."""
        n = len(self.errors)
        return f"Please check {n} thing{'s' if n != 1 else ''} before saving: " + "; ".join(
            self.errors.values()
        )


@dataclass(frozen=True)
class ActivityInput:
    """An activity as staff describe it."""

    kind: str
    title: str
    locality: str
    start_date: dt.date | None
    end_date: dt.date | None = None
    venue: str = ""
    lead_partner_id: int | None = None
    partner_ids: tuple[int, ...] = ()
    attendance: Mapping[str, object] = field(default_factory=dict)
    standards: tuple[str, ...] = ()
    notes: str = ""
    outcomes: str = ""


@dataclass(frozen=True)
class CardInput:
    """One feedback card captured by staff at an activity."""

    submission_id: str
    activity_id: int
    question_type: str
    text: str
    stakeholder_group: str = NOT_RECORDED
    quote_permission: bool = False


def clean_input(text: str) -> str:
    """Text as typed, minus what no database can store: NUL removed, lone surrogates made U+FFFD."""
    return LONE_SURROGATE.sub(REPLACEMENT, text.replace("\x00", ""))


def only_control_characters(text: str) -> bool:
    """True when text holds something, but only invisible control codes and spaces."""
    return (
        bool(text)
        and not text.isspace()
        and all(unicodedata.category(ch) == "Cc" or ch.isspace() for ch in text)
    )


def check_words(errors: dict[str, str], name: str, label: str, value: str) -> None:
    """Record an error when text holds only invisible control codes (often a stray paste)."""
    if only_control_characters(value):
        errors[name] = (
            f"{label} holds only invisible control characters, not words (often from a copy and paste). "
            "Delete them and type the words."
        )


def check_text(errors: dict[str, str], name: str, label: str, value: str, limit: int) -> None:
    """Record an error when text is longer than allowed (never cut silently)."""
    if len(value) > limit:
        errors[name] = f"{label} is {len(value):,} characters; the most is {limit:,}. Please shorten it."


def check_submission_id(errors: dict[str, str], value: str) -> None:
    """Record an error unless the id is a UUID made by the form."""
    try:
        uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        errors["submission_id"] = "This form has expired. Please reload the page and try again."


def parse_headcount(value: object) -> int | None:
    """A headcount as a whole number 0..10,000 (empty is 0), or None when it is not one."""
    if value is None or value == "":
        return 0
    return parse_whole_number(value, 0, MAX_HEADCOUNT)


def parse_whole_number(value: object, low: int, high: int) -> int | None:
    """A whole number from low to high as typed ("12", 12, 12.0), or None: never rounded or clamped."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return None
        value = int(value)
    if not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def _check_dates(errors: dict[str, str], data: ActivityInput, today: dt.date) -> None:
    if data.start_date is None:
        errors["start_date"] = "Enter the date the activity took place."
        return
    if data.start_date < EARLIEST_DATE or data.start_date > today + dt.timedelta(days=366):
        errors["start_date"] = "The date looks wrong: use a date between 2000 and next year."
    if data.end_date is not None and data.end_date < data.start_date:
        errors["end_date"] = "The end date is before the start date. Change one of them."


def reporting_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The previous and the current financial year (1 April to 31 March), as one span of dates."""
    year = today.year if today.month >= 4 else today.year - 1
    return dt.date(year - 1, 4, 1), dt.date(year + 1, 3, 31)


def date_needs_confirmation(day: dt.date | None, today: dt.date) -> str | None:
    """A question to confirm a date outside the current or previous financial year, else None."""
    first, last = reporting_window(today)
    if day is None or first <= day <= last:
        return None
    return (
        f"{day:%-d %B %Y} is outside this financial year and the last one ({first:%-d %B %Y} to "
        f"{last:%-d %B %Y}), so the activity will not be in this year's statement. Check the date; "
        "if it is right, tick 'Yes, this date is right' and save again."
    )


def cleaned_activity(data: ActivityInput) -> ActivityInput:
    """The activity with NUL removed and lone surrogates replaced in its free text."""
    return replace(
        data,
        title=clean_input(data.title),
        venue=clean_input(data.venue),
        notes=clean_input(data.notes),
        outcomes=clean_input(data.outcomes),
    )


def validate_activity(data: ActivityInput, *, today: dt.date | None = None) -> dict[str, int]:
    """Check an activity; return its attendance as whole numbers or raise ValidationError."""
    errors: dict[str, str] = {}
    if data.kind not in ACTIVITY_KINDS:
        errors["kind"] = "Choose what kind of activity this was."
    if not data.title.strip():
        errors["title"] = "Give the activity a title, for example 'LISTEN event, Hamilton'."
    check_words(errors, "title", "The title", data.title.strip())
    check_text(errors, "title", "The title", data.title, MAX_TITLE)
    if data.locality not in LOCALITIES:
        errors["locality"] = "Choose the locality."
    _check_dates(errors, data, today or dt.date.today())
    check_text(errors, "venue", "The venue", data.venue, MAX_VENUE)
    check_text(errors, "notes", "The notes", data.notes, MAX_LONG_TEXT)
    check_text(errors, "outcomes", "The outcomes", data.outcomes, MAX_LONG_TEXT)
    attendance: dict[str, int] = {}
    for group, raw in data.attendance.items():
        if group not in STAKEHOLDER_GROUPS:
            errors[f"attendance.{group}"] = f"Unknown stakeholder group {group!r}."
            continue
        count = parse_headcount(raw)
        if count is None:
            label = STAKEHOLDER_GROUPS[group]
            errors[f"attendance.{group}"] = f"{label}: enter a whole number from 0 to {MAX_HEADCOUNT:,}."
        elif count:
            attendance[group] = count
    if errors:
        raise ValidationError(errors)
    return attendance


def validate_card(card: CardInput) -> str:
    """Check a feedback card; return its text (cleaned of NUL and lone surrogates, trimmed) or raise."""
    errors: dict[str, str] = {}
    check_submission_id(errors, card.submission_id)
    if card.question_type not in QUESTION_TYPES:
        errors["question_type"] = "Choose what the card is about (working well, could improve...)."
    text = clean_input(card.text).strip()
    if not text:
        errors["text"] = "Write what the person said before saving the card."
    check_words(errors, "text", "The card", text)
    check_text(errors, "text", "The card", text, MAX_TEXT_LENGTH)
    if card.stakeholder_group not in STAKEHOLDER_GROUPS:
        errors["stakeholder_group"] = "Choose who said it, or 'Not recorded'."
    if errors:
        raise ValidationError(errors)
    return text
