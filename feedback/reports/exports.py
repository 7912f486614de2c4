"""Activities, comments (redacted text only) and actions as DataFrames, ready for analysis.exports.

Typed free text (titles, venues, outcomes, actions) comes out redacted; headcounts pass the
disclosure layer (cell keys), so an export row never pins a small count another output hides.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload

from analysis.disclosure import cell_key, publish
from analysis.params import ACTION_STATUSES, ACTIVITY_KINDS, LOCALITIES, STAKEHOLDER_GROUPS
from feedback.dates import day_after, day_start
from feedback.filters import ReviewFilter, activity_conditions, sentiment_label, submission_conditions
from feedback.models import Action, Activity, Comment, CommentTheme, Partner, Submission, Theme
from feedback.reports.published_text import redact_published

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


def comments_frame(
    *, session: Session, filters: ReviewFilter, include_safeguarding: bool = False
) -> pd.DataFrame:
    """Comments in the filter with their REDACTED text only (the raw text is never read).

    Safeguarding-flagged comments are left out unless ``include_safeguarding`` (admins), in which
    case a ``safeguarding`` column says which they are.
    """
    conditions = submission_conditions(filters)
    if not include_safeguarding:
        conditions.append(Comment.safeguarding.is_not(True))
    query = (
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
        .order_by(Submission.created_at, Comment.id)
    )
    rows = session.execute(query).all()
    themes = _themes_by_comment(session, [r[0] for r in rows])
    records = [
        {
            "id": r[0],
            "date": _day(r[1]),
            "locality": LOCALITIES.get(r[2], r[2]),
            "activity": redact_published(r[3]),
            "channel": r[4],
            "stakeholder_group": STAKEHOLDER_GROUPS.get(r[5], r[5]),
            "question_type": r[6],
            "redacted_text": r[7],
            "sentiment": r[8],
            "themes": " | ".join(themes.get(r[0], [])),
            "quote_permission": bool(r[9]),
            "quote_approved": bool(r[10]),
            "safeguarding": bool(r[11]),
        }
        for r in rows
    ]
    columns = COMMENT_COLUMNS + (["safeguarding"] if include_safeguarding else [])
    return pd.DataFrame(records, columns=[*COMMENT_COLUMNS, "safeguarding"])[columns]


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
