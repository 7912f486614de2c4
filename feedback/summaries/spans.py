"""Split a period (and its trend buckets) into whole months and loose days, to read month cubes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

DAY = dt.timedelta(days=1)
Range = tuple[dt.date | None, dt.date | None]  # inclusive first and last day; None: open


@dataclass(frozen=True)
class Span:
    """Consecutive days counted under one trend label (None: in no bucket)."""

    first: dt.date | None
    last: dt.date | None
    label: str | None


def spans(
    start: dt.date | None, end: dt.date | None, buckets: Sequence[tuple[str, dt.date, dt.date]]
) -> list[Span]:
    """The period cut at the buckets' edges; days in no bucket get label None (buckets must not overlap)."""
    out: list[Span] = []
    cursor = start
    for label, first, last in sorted(buckets, key=lambda b: b[1]):
        first = first if start is None else max(first, start)
        last = last if end is None else min(last, end)
        if first > last:
            continue
        if cursor is None or cursor < first:
            out.append(Span(cursor, first - DAY, None))
        out.append(Span(first, last, label))
        cursor = last + DAY
    if cursor is None or end is None or cursor <= end:
        out.append(Span(cursor, end, None))
    return out


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def split(span: Span) -> tuple[Range | None, list[Range]]:
    """The whole months of a span (first month, first month after; None: none) and its other days."""
    lo, hi = span.first, span.last
    months_from = lo if lo is None or lo.day == 1 else _next_month(lo)
    months_to = None if hi is None else _month(hi + DAY)  # exclusive
    if months_from is not None and months_to is not None and months_from >= months_to:
        return None, [(lo, hi)]
    days: list[Range] = []
    if lo is not None and months_from is not None and lo < months_from:
        days.append((lo, months_from - DAY))
    if hi is not None and months_to is not None and months_to <= hi:
        days.append((months_to, hi))
    return (months_from, months_to), days
