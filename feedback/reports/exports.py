"""Activities, comments (redacted text only) and actions as DataFrames, ready for analysis.exports.

Typed free text (titles, venues, outcomes, actions) comes out redacted; headcounts pass the
disclosure layer (cell keys), so an export row never pins a small count another output hides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
from sqlalchemy import Row, Select, and_, func, select
from sqlalchemy.orm import Session, selectinload

from analysis.disclosure import cell_key, publish
from analysis.params import ACTION_STATUSES, ACTIVITY_KINDS, LOCALITIES, STAKEHOLDER_GROUPS
from feedback.dates import day_after, day_start
from feedback.filters import ReviewFilter, activity_conditions, sentiment_label, submission_conditions
from feedback.models import Action, Activity, Comment, CommentTheme, Partner, Submission, Theme
from feedback.reports.published_text import redact_published

BATCH = 2000  # rows fetched, themed and written at a time
ACTIVITY_COLUMNS = [
    "id",
    "title",
    "kind",
    "locality",
    "start_date",
    "end_date",
    "venue",
    "lead_partner",
    "partners",
    "people_engaged",
    "standards",
    "outcomes",
]
COMMENT_COLUMNS = [
    "id",
    "date",
    "locality",
    "activity",
    "channel",
    "stakeholder_group",
    "question_type",
    "redacted_text",
    "sentiment",
    "themes",
    "quote_permission",
    "quote_approved",
]
ACTION_COLUMNS = [
    "id",
    "heard",
    "will_do",
    "theme",
    "locality",
    "activity",
    "owner_partner",
    "due_date",
    "status",
    "status_reason",
    "we_did",
    "created",
]


def activities_frame(*, session: Session, filters: ReviewFilter, k: int) -> pd.DataFrame:
    """Activities in the filter, one row each; text redacted, headcounts published through cell keys."""
    query = (
        select(Activity)
        .where(and_(True, *activity_conditions(filters)))
        .options(
            selectinload(Activity.partners),
            selectinload(Activity.attendance),
            selectinload(Activity.lead_partner),
        )
        .order_by(Activity.start_date, Activity.id)
    )
    rows = []
    for a in session.scalars(query):
        rows.append(
            {
                "id": a.id,
                "title": redact_published(a.title),
                "kind": ACTIVITY_KINDS.get(a.kind, a.kind),
                "locality": LOCALITIES.get(a.locality, a.locality),
                "start_date": a.start_date,
                "end_date": a.end_date,
                "venue": redact_published(a.venue),
                "lead_partner": a.lead_partner.name if a.lead_partner else "",
                "partners": "; ".join(p.name for p in a.partners),
                "people_engaged": publish(
                    sum(x.headcount for x in a.attendance), cell_key(x.record_key for x in a.attendance), k
                ),
                "standards": "; ".join(a.standards or []),
                "outcomes": redact_published(a.outcomes),
            }
        )
    return pd.DataFrame(rows, columns=ACTIVITY_COLUMNS)


def _themes_by_comment(session: Session, ids: list[int]) -> dict[int, list[str]]:
    themes: dict[int, list[str]] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        query = (
            select(CommentTheme.comment_id, Theme.name)
            .join(Theme, Theme.id == CommentTheme.theme_id)
            .where(CommentTheme.comment_id.in_(chunk), CommentTheme.rejected.is_(False))
            .order_by(CommentTheme.comment_id, Theme.name)
        )
        for comment_id, name in session.execute(query):
            themes.setdefault(comment_id, []).append(name)
    return themes


def _comment_query(filters: ReviewFilter, include_safeguarding: bool) -> Select:
    conditions = submission_conditions(filters)
    if not include_safeguarding:
        conditions.append(Comment.safeguarding.is_not(True))
    return (
        select(
            Comment.id,
            Submission.created_at,
            Submission.locality,
            Activity.title,
            Submission.channel,
            Submission.stakeholder_group,
            Comment.question_type,
            Comment.redacted_text,
            sentiment_label(),
            Submission.quote_permission,
            Comment.quote_approved,
            Comment.safeguarding,
        )
        .join(Submission, Comment.submission_id == Submission.id)
        .outerjoin(Activity, Activity.id == Submission.activity_id)
        .where(and_(True, *conditions))
    )


def count_comment_rows(*, session: Session, filters: ReviewFilter, include_safeguarding: bool = False) -> int:
    """How many rows the comments export will have."""
    found = _comment_query(filters, include_safeguarding).subquery()
    return session.scalar(select(func.count()).select_from(found)) or 0


def comment_batches(
    *, session: Session, filters: ReviewFilter, include_safeguarding: bool = False, batch_size: int = BATCH
) -> Iterator[list[dict]]:
    """The comments export as batches of row dicts, streamed from the database (``yield_per``).

    Redacted text only (the raw text is never read). Safeguarding-flagged comments are left out
    unless ``include_safeguarding`` (admins), in which case a ``safeguarding`` column says which.
    """
    query = _comment_query(filters, include_safeguarding).order_by(Submission.created_at, Comment.id)
    result = session.execute(query.execution_options(yield_per=batch_size))
    titles: dict[str | None, str] = {}  # each activity title redacted once, not once per comment
    for rows in result.partitions():
        themes = _themes_by_comment(session, [r[0] for r in rows])
        for r in rows:
            if r[3] not in titles:
                titles[r[3]] = redact_published(r[3])
        yield [_comment_record(r, themes, titles, include_safeguarding) for r in rows]


def _comment_record(
    r: Row, themes: dict[int, list[str]], titles: dict[str | None, str], include_safeguarding: bool
) -> dict:
    record = {
        "id": r[0],
        "date": _day(r[1]),
        "locality": LOCALITIES.get(r[2], r[2]),
        "activity": titles[r[3]],
        "channel": r[4],
        "stakeholder_group": STAKEHOLDER_GROUPS.get(r[5], r[5]),
        "question_type": r[6],
        "redacted_text": r[7],
        "sentiment": r[8],
        "themes": " | ".join(themes.get(r[0], [])),
        "quote_permission": bool(r[9]),
        "quote_approved": bool(r[10]),
    }
    if include_safeguarding:
        record["safeguarding"] = bool(r[11])
    return record


def comment_columns(include_safeguarding: bool) -> list[str]:
    """The comments export's columns."""
    return COMMENT_COLUMNS + (["safeguarding"] if include_safeguarding else [])


def comments_frame(
    *, session: Session, filters: ReviewFilter, include_safeguarding: bool = False
) -> pd.DataFrame:
    """The comments export as one DataFrame (for small sets; the export page streams instead)."""
    records = [
        record
        for batch in comment_batches(
            session=session, filters=filters, include_safeguarding=include_safeguarding
        )
        for record in batch
    ]
    return pd.DataFrame(records, columns=comment_columns(include_safeguarding))


def actions_frame(*, session: Session, filters: ReviewFilter) -> pd.DataFrame:
    """Actions for the filter's localities, created in its period."""
    conditions = []
    if filters.localities:
        conditions.append(Action.locality.in_(filters.localities))
    if filters.start is not None:
        conditions.append(Action.created_at >= day_start(filters.start))
    if filters.end is not None:
        end = day_after(filters.end)
        conditions.append(Action.created_at < end)
    query = (
        select(Action, Theme.name, Activity.title, Partner.name)
        .outerjoin(Theme, Theme.id == Action.theme_id)
        .outerjoin(Activity, Activity.id == Action.activity_id)
        .outerjoin(Partner, Partner.id == Action.owner_partner_id)
        .where(and_(True, *conditions))
        .order_by(Action.created_at, Action.id)
    )
    records = [
        {
            "id": a.id,
            "heard": redact_published(a.heard),
            "will_do": redact_published(a.will_do),
            "theme": theme or "",
            "locality": LOCALITIES.get(a.locality, a.locality),
            "activity": redact_published(activity),
            "owner_partner": owner or "",
            "due_date": a.due_date,
            "status": ACTION_STATUSES.get(a.status, a.status),
            "status_reason": redact_published(a.status_reason),
            "we_did": redact_published(a.we_did),
            "created": _day(a.created_at),
        }
        for a, theme, activity, owner in session.execute(query)
    ]
    return pd.DataFrame(records, columns=ACTION_COLUMNS)


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
