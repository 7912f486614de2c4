"""The activities of a period and the actions that came from them, as analysis.statement expects."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from feedback.models import Action, Activity

STATEMENT_INPUT_COLUMNS = [
    "activity_id",
    "title",
    "kind",
    "locality",
    "start_date",
    "end_date",
    "venue",
    "lead_partner",
    "lead_partner_sector",
    "partners",
    "partner_sectors",
    "attendance",
    "outcomes",
    "actions",
]


def _actions_by_activity(session: Session, ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for start in range(0, len(ids), 1000):
        query = (
            select(Action)
            .where(Action.activity_id.in_(ids[start : start + 1000]))
            .order_by(Action.activity_id, Action.id)
        )
        for action in session.scalars(query):
            found.setdefault(action.activity_id, []).append(
                {
                    "heard": action.heard,
                    "will_do": action.will_do,
                    "status": action.status,
                    "we_did": action.we_did,
                    "due_date": action.due_date,
                }
            )
    return found


def statement_input(
    *, session: Session, start: dt.date, end: dt.date, localities: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per activity starting in [start, end]: who came, partners, outcomes and its actions."""
    query = (
        select(Activity)
        .where(Activity.start_date >= start, Activity.start_date <= end)
        .options(
            selectinload(Activity.partners),
            selectinload(Activity.attendance),
            selectinload(Activity.lead_partner),
        )
        .order_by(Activity.start_date, Activity.id)
    )
    if localities:
        query = query.where(Activity.locality.in_(localities))
    activities = list(session.scalars(query))
    actions = _actions_by_activity(session, [a.id for a in activities])
    rows = [
        {
            "activity_id": a.id,
            "title": a.title,
            "kind": a.kind,
            "locality": a.locality,
            "start_date": a.start_date,
            "end_date": a.end_date,
            "venue": a.venue,
            "lead_partner": a.lead_partner.name if a.lead_partner else "",
            "lead_partner_sector": a.lead_partner.sector if a.lead_partner else "",
            "partners": [p.name for p in a.partners],
            "partner_sectors": sorted({p.sector for p in a.partners}),
            "attendance": {x.stakeholder_group: x.headcount for x in a.attendance if x.headcount > 0},
            "outcomes": a.outcomes,
            "actions": actions.get(a.id, []),
        }
        for a in activities
    ]
    return pd.DataFrame(rows, columns=STATEMENT_INPUT_COLUMNS)
