"""The overview's count frames read from the summary cubes (feedback.models.summaries), not the raw rows.

Same signatures and frames as feedback.reports.overview_raw. With no kind, channel, stakeholder
group or survey in the filter the lean cubes answer: whole months from the month cube, the loose
days at the ends of the period and of each trend bucket from the day cube. Otherwise the full
day cube answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import BigInteger, ColumnElement, Table, and_, case, cast, false, func, literal, or_, select
from sqlalchemy.orm import Session

from analysis.disclosure import KEY_SPACE
from feedback.filters import RATING_QUESTIONS, ReviewFilter
from feedback.models import Survey, Theme, cube_table
from feedback.summaries.spans import Range, spans, split

Buckets = Sequence[tuple[str, dt.date, dt.date]]


def _cube(source: str, filters: ReviewFilter, grain: str) -> Table:
    lean = not (filters.kinds or filters.channels or filters.stakeholder_groups or filters.survey_keys)
    name = f"summary_{source}_lean_{grain}" if lean else f"summary_{source}_day"
    return cube_table(name)


def _conditions(table: Table, filters: ReviewFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    pairs = (
        ("locality", filters.localities),
        ("kind", filters.kinds),
        ("channel", filters.channels),
        ("stakeholder_group", filters.stakeholder_groups),
    )
    conditions.extend(table.c[name].in_(values) for name, values in pairs if values)
    if filters.survey_keys:
        conditions.append(table.c.survey_id.in_(select(Survey.id).where(Survey.key.in_(filters.survey_keys))))
    if "flagged" in table.c:
        conditions.append(table.c.flagged.is_(False))
    return conditions


def _within(table: Table, part: Range, month: bool) -> ColumnElement[bool]:
    first, last = part
    period = table.c.period
    bounds = []
    if first is not None:
        bounds.append(period >= first)
    if last is not None:
        bounds.append(period < last if month else period <= last)
    return and_(True, *bounds)


def _reads(source: str, filters: ReviewFilter, buckets: Buckets) -> list[tuple[Table, list]]:
    """(table, [(condition, label)]) for each cube to read."""
    month, day = _cube(source, filters, "month"), _cube(source, filters, "day")
    by_month, by_day = [], []
    for span in spans(filters.start, filters.end, buckets):
        months, days = split(span) if month is not day else (None, [(span.first, span.last)])
        if months is not None:
            by_month.append((_within(month, months, True), span.label))
        by_day.extend((_within(day, d, False), span.label) for d in days)
    return [(t, parts) for t, parts in ((month, by_month), (day, by_day)) if parts]


def _label(parts: list) -> ColumnElement:
    if all(label is None for _, label in parts):
        return literal(None)
    if len(parts) == 1:
        return literal(parts[0][1])
    return case(*[(c, literal(label)) for c, label in parts if label is not None], else_=literal(None))


def _total(column: ColumnElement) -> ColumnElement:
    return cast(func.sum(column), BigInteger)


def _read(
    session: Session, source: str, filters: ReviewFilter, buckets: Buckets, dims: list[str], extra=None
) -> dict:
    """Sums by the dimensions and bucket label: the month cube in one query (it is small whatever
    the number of comments), the day cube one query per range of days (so each is an index range)."""
    totals: dict[tuple, list[int]] = {}
    for table, parts in _reads(source, filters, buckets):
        monthly = table.name.endswith("_month")
        for chunk in [parts] if monthly else [[p] for p in parts]:
            label = _label(chunk).label("bucket")
            columns = [table.c[d] for d in dims]
            query = select(*columns, label, _total(table.c.key_sum), _total(table.c.records)).where(
                or_(false(), *(c for c, _ in chunk)), *_conditions(table, filters)
            )
            if extra is not None:
                query = extra(query, table)
            for *key, key_sum, records in session.execute(query.group_by(*columns, label)):
                total = totals.setdefault(tuple(key), [0, 0])
                total[0] += int(key_sum or 0)
                total[1] += int(records or 0)
    return totals


def _frame(totals: dict, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame([(*k, v[0], v[1]) for k, v in totals.items()], columns=columns)
    frame[columns[-1]] = frame[columns[-1]].astype("int64")
    frame["key"] = frame["key"].fillna(0).astype("int64") % KEY_SPACE
    return frame


def comment_cube(*, session: Session, filters: ReviewFilter, buckets: Buckets = ()) -> pd.DataFrame:
    """Comments by locality, question type, sentiment and bucket (None outside every bucket)."""
    totals = _read(session, "comment", filters, buckets, ["locality", "question_type", "sentiment"])
    return _frame(totals, ["locality", "question_type", "sentiment", "period", "key", "comments"])


def theme_cube(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """Theme mentions (rejected ones left out) by locality, question type, theme and sentiment."""
    totals = _read(session, "theme", filters, (), ["locality", "question_type", "theme_id", "sentiment"])
    names = dict(session.execute(select(Theme.id, Theme.name)).all())
    rows = {(loc, qt, t, names[t], s): v for (loc, qt, t, s, _bucket), v in totals.items() if t in names}
    return _frame(rows, ["locality", "question_type", "theme_id", "theme", "sentiment", "key", "comments"])


def ratings_by_locality(
    *, session: Session, filters: ReviewFilter, questions: Sequence[str] = RATING_QUESTIONS
) -> pd.DataFrame:
    """Kiosk rating answers per locality, question and choice ("1".."5", "dont_know"), with the cell key."""
    if not set(questions) <= set(RATING_QUESTIONS):
        from feedback.reports.overview_raw import ratings_by_locality as raw

        return raw(session=session, filters=filters, questions=questions)

    def kiosk(query, table: Table):
        return query.where(table.c.channel == "kiosk", table.c.question.in_(list(questions)))

    totals = _read(session, "answer", filters, (), ["locality", "question", "choice"], kiosk)
    rows = {(loc, q, c or None): v for (loc, q, c, _bucket), v in sorted(totals.items())}
    return _frame(rows, ["locality", "question", "choice", "key", "answers"])
