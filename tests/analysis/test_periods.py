"""Tests for financial years, quarters, presets and date wording."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from analysis.periods import (
    add_months,
    as_date,
    financial_year,
    financial_year_label,
    format_date,
    format_period,
    format_span,
    period_presets,
    previous_period,
    quarter_label,
    quarter_number,
    quarter_of,
)

D = date


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (D(2025, 4, 1), (D(2025, 4, 1), D(2026, 3, 31))),
        (D(2025, 3, 31), (D(2024, 4, 1), D(2025, 3, 31))),
        (D(2026, 1, 15), (D(2025, 4, 1), D(2026, 3, 31))),
        (D(2025, 12, 31), (D(2025, 4, 1), D(2026, 3, 31))),
        (D(2024, 2, 29), (D(2023, 4, 1), D(2024, 3, 31))),
        (D(1999, 4, 30), (D(1999, 4, 1), D(2000, 3, 31))),
    ],
)
def test_financial_year(d: date, expected: tuple[date, date]) -> None:
    assert financial_year(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (D(2025, 4, 1), "2025/26"),
        (D(2026, 3, 31), "2025/26"),
        (D(2026, 4, 1), "2026/27"),
        (D(1999, 6, 1), "1999/00"),
        (D(2009, 5, 1), "2009/10"),
    ],
)
def test_financial_year_label(d: date, expected: str) -> None:
    assert financial_year_label(d) == expected


@pytest.mark.parametrize(
    ("d", "number", "period", "label"),
    [
        (D(2025, 4, 1), 1, (D(2025, 4, 1), D(2025, 6, 30)), "2025/26 Q1"),
        (D(2025, 6, 30), 1, (D(2025, 4, 1), D(2025, 6, 30)), "2025/26 Q1"),
        (D(2025, 7, 1), 2, (D(2025, 7, 1), D(2025, 9, 30)), "2025/26 Q2"),
        (D(2025, 11, 5), 3, (D(2025, 10, 1), D(2025, 12, 31)), "2025/26 Q3"),
        (D(2026, 2, 28), 4, (D(2026, 1, 1), D(2026, 3, 31)), "2025/26 Q4"),
        (D(2024, 3, 31), 4, (D(2024, 1, 1), D(2024, 3, 31)), "2023/24 Q4"),
    ],
)
def test_quarters(d: date, number: int, period: tuple[date, date], label: str) -> None:
    assert quarter_number(d) == number
    assert quarter_of(d) == period
    assert quarter_label(d) == label
    assert quarter_label(period[0]) == label


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2025, 4, 1), -12, D(2024, 4, 1)),
        (D(2025, 11, 15), 3, D(2026, 2, 15)),
        (D(2024, 2, 29), -12, D(2023, 2, 28)),
    ],
)
def test_add_months(d: date, months: int, expected: date) -> None:
    assert add_months(d, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # whole financial years and quarters step back exactly, leap years included
        ((D(2024, 4, 1)), D(2025, 3, 31), (D(2023, 4, 1), D(2024, 3, 31))),
        ((D(2025, 4, 1)), D(2025, 6, 30), (D(2025, 1, 1), D(2025, 3, 31))),
        ((D(2026, 1, 1)), D(2026, 3, 31), (D(2025, 10, 1), D(2025, 12, 31))),
        ((D(2024, 3, 1)), D(2024, 3, 31), (D(2024, 2, 1), D(2024, 2, 29))),
        # other periods step back by days
        ((D(2025, 3, 10)), D(2025, 3, 16), (D(2025, 3, 3), D(2025, 3, 9))),
        ((D(2025, 3, 10)), D(2025, 3, 10), (D(2025, 3, 9), D(2025, 3, 9))),
        ((D(2024, 3, 15)), D(2024, 4, 14), (D(2024, 2, 13), D(2024, 3, 14))),
    ],
)
def test_previous_period(start: date, end: date, expected: tuple[date, date]) -> None:
    prev = previous_period(start, end)
    assert prev == expected
    assert (prev[1] - start).days == -1


def test_previous_period_refuses_backwards() -> None:
    with pytest.raises(ValueError, match="ends before"):
        previous_period(D(2025, 5, 2), D(2025, 5, 1))


@pytest.mark.parametrize(
    ("today", "key", "expected"),
    [
        (D(2025, 5, 20), "This financial year (2025/26)", (D(2025, 4, 1), D(2026, 3, 31))),
        (D(2025, 5, 20), "Last financial year (2024/25)", (D(2024, 4, 1), D(2025, 3, 31))),
        (D(2025, 5, 20), "This quarter (2025/26 Q1)", (D(2025, 4, 1), D(2025, 6, 30))),
        (D(2025, 5, 20), "Last quarter (2024/25 Q4)", (D(2025, 1, 1), D(2025, 3, 31))),
        (D(2025, 5, 20), "Last 12 months", (D(2024, 5, 21), D(2025, 5, 20))),
        (D(2025, 5, 20), "Financial year to date", (D(2025, 4, 1), D(2025, 5, 20))),
        (D(2025, 5, 20), "Quarter 2023/24 Q2", (D(2023, 7, 1), D(2023, 9, 30))),
        (D(2025, 5, 20), "Financial year 2023/24", (D(2023, 4, 1), D(2024, 3, 31))),
        (D(2026, 2, 1), "This quarter (2025/26 Q4)", (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 2, 1), "Last quarter (2025/26 Q3)", (D(2025, 10, 1), D(2025, 12, 31))),
        (D(2024, 2, 29), "Last 12 months", (D(2023, 3, 1), D(2024, 2, 29))),
    ],
)
def test_period_presets(today: date, key: str, expected: tuple[date, date]) -> None:
    assert period_presets(today)[key] == expected


@pytest.mark.parametrize(("years", "quarters"), [(0, 0), (1, 1), (2, 5), (3, 9)])
def test_presets_leave_out_future_quarters(years: int, quarters: int) -> None:
    presets = period_presets(D(2025, 5, 20), years=years)
    keys = [k for k in presets if k.startswith("Quarter ")]
    assert len(keys) == quarters
    assert "Quarter 2025/26 Q2" not in presets
    assert all(start <= D(2025, 5, 20) for start, _ in presets.values())


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 3, 12), None, "12 March 2025"),
        (D(2025, 3, 12), D(2025, 3, 12), "12 March 2025"),
        (D(2025, 3, 12), D(2025, 3, 14), "12–14 March 2025"),
        (D(2025, 3, 12), D(2025, 5, 2), "March 2025 – May 2025"),
        (D(2024, 12, 30), D(2025, 1, 2), "December 2024 – January 2025"),
        (D(2025, 1, 1), D(2024, 1, 1), "1 January 2025"),
    ],
)
def test_format_span(start: date, end: date | None, expected: str) -> None:
    assert format_span(start, end) == expected


@pytest.mark.parametrize(
    ("d", "expected"), [(D(2025, 3, 1), "1 March 2025"), (D(2026, 12, 31), "31 December 2026")]
)
def test_format_date(d: date, expected: str) -> None:
    assert format_date(d) == expected


def test_format_period() -> None:
    assert format_period(D(2025, 4, 1), D(2026, 3, 31)) == "1 April 2025 to 31 March 2026"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2025, 3, 1), D(2025, 3, 1)),
        (datetime(2025, 3, 1, 23, 59), D(2025, 3, 1)),
        (pd.Timestamp("2025-03-01 10:00"), D(2025, 3, 1)),
        ("2025-03-01", D(2025, 3, 1)),
        (None, None),
        (pd.NaT, None),
        (float("nan"), None),
    ],
)
def test_as_date(value: object, expected: date | None) -> None:
    assert as_date(value) == expected
