"""The activities of a period and the actions that came from them, as analysis.statement expects."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from analysis.statement import Statement, build_statement
from feedback.admin.app_settings import get_suppression_k
from feedback.models import Action, Activity
from feedback.reports.published_text import redact_published

STATEMENT_FORMATS = (".docx", ".csv", ".md")
STATEMENT_INPUT_COLUMNS = [
    "id",
    "kind",
    "title",
    "locality",
    "start_date",
    "end_date",
    "venue",
    "lead_partner",
    "lead_sector",
    "partners",
    "partner_sectors",
    "attendance",
    "attendance_keys",
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
                    "will_do": redact_published(action.will_do),
                    "status": action.status,
                    "we_did": redact_published(action.we_did),
                }
            )
    return found


def statement_input(
    *, session: Session, start: dt.date, end: dt.date, localities: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per activity overlapping [start, end]: who came, partners, outcomes and its actions.

    Free text that will be published (title, outcomes, actions) comes back redacted.
    """
    query = (
        select(Activity)
        .where(Activity.start_date <= end, func.coalesce(Activity.end_date, Activity.start_date) >= start)
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
            "id": a.id,
            "kind": a.kind,
            "title": redact_published(a.title),
            "locality": a.locality,
            "start_date": a.start_date,
            "end_date": a.end_date,
            "venue": a.venue,
            "lead_partner": a.lead_partner.name if a.lead_partner else "",
            "lead_sector": a.lead_partner.sector if a.lead_partner else "",
            "partners": [p.name for p in a.partners],
            "partner_sectors": [p.sector for p in a.partners],
            "attendance": {x.stakeholder_group: x.headcount for x in a.attendance},
            "attendance_keys": {x.stakeholder_group: x.record_key for x in a.attendance},
            "outcomes": redact_published(a.outcomes),
            "actions": actions.get(a.id, []),
        }
        for a in activities
    ]
    return pd.DataFrame(rows, columns=STATEMENT_INPUT_COLUMNS)


def period_statement(
    *, session: Session, start: dt.date, end: dt.date, grouping: str = "activity", k: int | None = None
) -> Statement:
    """The participation statement for a period, people counts suppressed with the admin's k."""
    frame = statement_input(session=session, start=start, end=end)
    threshold = k if k is not None else get_suppression_k(session=session)
    return build_statement(frame, start=start, end=end, grouping=grouping, k=threshold)


def redact_statement(statement: Statement) -> Statement:
    """The statement with its free text (activities, outcomes) redacted, edits by staff included."""
    rows = [
        dataclasses.replace(r, activity=redact_published(r.activity), outcomes=redact_published(r.outcomes))
        for r in statement.rows
    ]
    return dataclasses.replace(statement, rows=rows)


def render_statement(statement: Statement, suffix: str) -> bytes:
    """The statement as the bytes of a .docx, .csv or .md file (free text redacted once more)."""
    statement = redact_statement(statement)
    from analysis.docx_export import statement_to_docx_bytes
    from analysis.exports import statement_to_csv_bytes, statement_to_markdown

    if suffix == ".docx":
        return statement_to_docx_bytes(statement)
    if suffix == ".csv":
        return statement_to_csv_bytes(statement)
    return statement_to_markdown(statement).encode("utf-8")
