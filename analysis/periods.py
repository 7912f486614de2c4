"""Reporting periods: financial years (April to March), their quarters, and date wording.

Quarters follow the financial year: Q1 is April to June, Q4 is January to March. All periods
are inclusive of both ends.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

import pandas as pd

FY_START_MONTH = 4

Period = tuple[date, date]


def financial_year(d: date) -> Period:
    """Return the first and last day of the financial year holding ``d``."""
    year = d.year if d.month >= FY_START_MONTH else d.year - 1
    return date(year, FY_START_MONTH, 1), date(year + 1, FY_START_MONTH - 1, 31)


def financial_year_label(start: date) -> str:
    """Return the label of the financial year holding ``start``, e.g. "2025/26"."""
    first, _ = financial_year(start)
    return f"{first.year}/{(first.year + 1) % 100:02d}"


def quarter_number(d: date) -> int:
    """Return 1 to 4: the financial-year quarter holding ``d`` (Q1 = April to June)."""
    return (d.month - FY_START_MONTH) % 12 // 3 + 1


def quarter_of(d: date) -> Period:
    """Return the first and last day of the financial-year quarter holding ``d``."""
    first_month = (d.month - 1) // 3 * 3 + 1
    return date(d.year, first_month, 1), _month_end(d.year, first_month + 2)


def quarter_label(start: date) -> str:
    """Return the label of the quarter holding ``start``, e.g. "2025/26 Q1"."""
    return f"{financial_year_label(start)} Q{quarter_number(start)}"


def add_months(d: date, months: int) -> date:
    """Return ``d`` moved by whole months, clipping the day to the month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def previous_period(start: date, end: date) -> Period:
    """Return the period of the same length that ends the day before ``start``.

    Whole calendar months (first day to last day) move back by the same number of months, so the
    previous financial year or quarter is returned exactly; other periods move back by days.
    """
    if end < start:
        raise ValueError("the period ends before it starts")
    if start.day == 1 and end == _month_end(end.year, end.month):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = add_months(start, -months)
        return first, start - timedelta(days=1)
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def period_presets(today: date, *, years: int = 3) -> dict[str, Period]:
    """Return named periods for a picker, most useful first.

    Keys are plain labels: "This financial year (2025/26)", "Last financial year (2024/25)",
    "This quarter (2025/26 Q1)", "Last quarter (2024/25 Q4)", "Last 12 months", then each
    "Financial year to date", then each quarter of the ``years`` most recent financial years and
    the older financial years among them (newest first). Quarters not yet started are left out.
    """
    this_fy = financial_year(today)
    last_fy = financial_year(this_fy[0] - timedelta(days=1))
    this_q = quarter_of(today)
    last_q = quarter_of(this_q[0] - timedelta(days=1))
    presets: dict[str, Period] = {
        f"This financial year ({financial_year_label(this_fy[0])})": this_fy,
        f"Last financial year ({financial_year_label(last_fy[0])})": last_fy,
        f"This quarter ({quarter_label(this_q[0])})": this_q,
        f"Last quarter ({quarter_label(last_q[0])})": last_q,
        "Last 12 months": (add_months(today, -12) + timedelta(days=1), today),
        "Financial year to date": (this_fy[0], today),
    }
    fy_start = this_fy[0]
    for back in range(max(years, 0)):
        fy = financial_year(fy_start)
        if back >= 2:  # this and last year are named above
            presets[f"Financial year {financial_year_label(fy[0])}"] = fy
        for q in range(3, -1, -1):
            q_start = add_months(fy[0], 3 * q)
            if q_start <= today:
                presets[f"Quarter {quarter_label(q_start)}"] = quarter_of(q_start)
        fy_start = add_months(fy_start, -12)
    return presets


def format_date(d: date) -> str:
    """Return a date in words, e.g. "12 March 2025"."""
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def format_month(d: date) -> str:
    """Return a month in words, e.g. "March 2025"."""
    return f"{calendar.month_name[d.month]} {d.year}"


def format_span(start: date, end: date | None = None) -> str:
    """Return an activity's dates: "12 March 2025", "12–14 March 2025" or "March 2025 – May 2025"."""
    if end is None or end <= start:
        return format_date(start)
    if (end.year, end.month) == (start.year, start.month):
        return f"{start.day}–{format_date(end)}"
    return f"{format_month(start)} – {format_month(end)}"


def format_period(start: date, end: date) -> str:
    """Return a reporting period in words, e.g. "1 April 2025 to 31 March 2026"."""
    return f"{format_date(start)} to {format_date(end)}"


def as_date(value: object) -> date | None:
    """Return a date from a date, datetime, Timestamp or ISO string; None when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _month_end(year: int, month: int) -> date:
    """Return the last day of a month (month may run past 12 into the next year)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])
