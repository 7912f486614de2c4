"""What submissions add to the summary cubes, counted from the raw rows.

Rows are grouped in SQL by UTC hour and every dimension, then each hour is given its calendar day
in Scotland (feedback.dates; the offset from UTC is always whole hours), so a cube's days are
the days the review filters mean.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterator

from sqlalchemy import (
    Boolean,
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    String,
    bindparam,
    func,
    literal,
    null,
    select,
    union_all,
)

from feedback.dates import LOCAL_ZONE
from feedback.filters import RATING_QUESTIONS, sentiment_label
from feedback.models import CUBES, Activity, Answer, Comment, CommentTheme, Submission
from feedback.models.summaries import SOURCE_DIMENSIONS

Cells = dict[tuple, list[int]]  # (source, day, *the source's dimensions) -> [records, key sum]
CHUNK = 500


def _hour(dialect: str) -> ColumnElement[str]:
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", Submission.created_at), "YYYY-MM-DD HH24")
    return func.strftime("%Y-%m-%d %H", Submission.created_at)


@functools.lru_cache(maxsize=65536)
def local_day(hour: str) -> dt.date:
    """The day in Scotland of a UTC hour written "YYYY-MM-DD HH"."""
    moment = dt.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL_ZONE).date()


def _shared(dialect: str) -> list[ColumnElement]:
    return [
        _hour(dialect),
        Submission.locality,
        func.coalesce(Activity.kind, literal("")),
        Submission.channel,
        Submission.stakeholder_group,
        func.coalesce(Submission.survey_id, literal(0)),
    ]


def _grouped(dims: list[ColumnElement], count: ColumnElement, key: ColumnElement, base: type) -> Select:
    return select(*dims, func.count(count), func.sum(key)).select_from(base).group_by(*dims)


def _tagged(source: str, shared: list[ColumnElement], own: list[ColumnElement], blanks: list) -> list:
    """A source's columns in the one query's shape: its name, the shared ones, its own, typed blanks."""
    return [literal(source).label("source"), *shared, *own, *blanks[len(own) :]]


@functools.cache
def contributions_query(dialect: str, some: bool) -> CompoundSelect:
    """Every source's cells grouped in one statement (UNION ALL, built once); ``some``: only the
    submissions in the "ids" list. Each row: the source, the UTC hour, its dimensions, then
    records and the key sum; a source with fewer dimensions is padded with NULLs."""
    shared = _shared(dialect)
    comment = [Comment.question_type, sentiment_label(), Comment.safeguarding]
    blanks = [
        null().cast(String),
        null().cast(String),
        null().cast(Boolean),
        null().cast(CommentTheme.theme_id.type),
    ]
    by_submission = Submission.id == Comment.submission_id
    with_activity = Activity.id == Submission.activity_id
    answer = [Answer.question, func.coalesce(Answer.choice, literal(""))]
    parts = [
        _grouped(_tagged("comment", shared, comment, blanks), Comment.id, Comment.record_key, Comment)
        .join(Submission, by_submission)
        .outerjoin(Activity, with_activity),
        _grouped(
            _tagged("theme", shared, [*comment, CommentTheme.theme_id], blanks),
            Comment.id,
            Comment.record_key,
            Comment,
        )
        .join(CommentTheme, CommentTheme.comment_id == Comment.id)
        .join(Submission, by_submission)
        .outerjoin(Activity, with_activity)
        .where(CommentTheme.rejected.is_(False)),
        _grouped(_tagged("answer", shared, answer, blanks), Answer.id, Answer.record_key, Answer)
        .join(Submission, Submission.id == Answer.submission_id)
        .outerjoin(Activity, with_activity)
        .where(Answer.question.in_(RATING_QUESTIONS)),
    ]
    if some:
        ids = bindparam("ids", expanding=True)
        parts = [part.where(Submission.id.in_(ids)) for part in parts]
    return union_all(*parts)


def _chunks(ids: Collection[str] | None) -> Iterator[list[str] | None]:
    if ids is None:
        yield None
        return
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def contributions(connection: Connection, submission_ids: Collection[str] | None) -> Cells:
    """The cells the given submissions (None: every submission) count in, with records and key sums."""
    cells: Cells = {}
    if submission_ids is not None and not submission_ids:
        return cells
    query = contributions_query(connection.dialect.name, submission_ids is not None)
    for chunk in _chunks(submission_ids):
        for source, hour, *dims, records, key_sum in connection.execute(
            query, {"ids": chunk} if chunk is not None else {}
        ):
            rest = dims[: len(SOURCE_DIMENSIONS[source])]  # without the padding
            if source != "answer":  # the flag is the last comment dimension before the theme
                flag_at = SOURCE_DIMENSIONS[source].index("flagged")
                rest[flag_at] = bool(rest[flag_at])
            cell = (source, local_day(hour), *rest)
            total = cells.setdefault(cell, [0, 0])
            total[0] += int(records)
            total[1] += int(key_sum or 0)
    return cells


def difference(after: Cells, before: Cells) -> Cells:
    """after - before, cell by cell, without the cells that did not change."""
    delta: Cells = {cell: list(v) for cell, v in after.items()}
    for cell, (records, key_sum) in before.items():
        total = delta.setdefault(cell, [0, 0])
        total[0] -= records
        total[1] -= key_sum
    return {cell: v for cell, v in delta.items() if v != [0, 0]}


def by_cube(cells: Cells) -> dict[str, Cells]:
    """Cells projected on every cube: (period, *the cube's dimensions) -> [records, key sum]."""
    plans = [(cube, [SOURCE_DIMENSIONS[cube.source].index(d) for d in cube.dimensions]) for cube in CUBES]
    out: dict[str, Cells] = {cube.name: {} for cube in CUBES}
    for (source, day, *dims), (records, key_sum) in cells.items():
        for cube, picks in plans:
            if cube.source != source:
                continue
            period = day if cube.grain == "day" else day.replace(day=1)
            total = out[cube.name].setdefault((period, *(dims[i] for i in picks)), [0, 0])
            total[0] += records
            total[1] += key_sum
    return out
