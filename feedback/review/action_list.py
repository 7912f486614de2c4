"""Lists of 'you said, we did' actions: filters, overdue ones first, actions live in a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from feedback.access import Viewer
from feedback.dates import day_after, day_start
from feedback.models import Action, ActionComment, Partner, Theme

CLOSED_STATUSES = ("done", "not_taken_forward")
WIDE = "south_lanarkshire_wide"


@dataclass(frozen=True)
class ActionFilter:
    """What the action list is narrowed to; empty tuples mean all."""

    localities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    theme_ids: tuple[str, ...] = ()
    overdue_only: bool = False


@dataclass(frozen=True)
class ActionRow:
    """An action as the list shows it."""

    id: int
    heard: str
    will_do: str
    locality: str
    theme_id: str | None
    theme_name: str | None
    owner: str | None
    due_date: dt.date | None
    status: str
    status_reason: str
    we_did: str
    overdue: bool
    comment_ids: tuple[int, ...] = field(default=())


def is_overdue(due_date: dt.date | None, status: str, today: dt.date) -> bool:
    """True when the due date has passed and the action is neither done nor not taken forward."""
    return due_date is not None and due_date < today and status not in CLOSED_STATUSES


def overdue_condition(today: dt.date) -> ColumnElement[bool]:
    """The SQL form of :func:`is_overdue`."""
    return and_(Action.due_date.is_not(None), Action.due_date < today, Action.status.not_in(CLOSED_STATUSES))


def list_actions(
    *,
    session: Session,
    viewer: Viewer,
    filters: ActionFilter = ActionFilter(),
    today: dt.date | None = None,
    limit: int = 200,
) -> list[ActionRow]:
    """Actions matching the filters, overdue first, then by due date; leads see theirs and area-wide ones."""
    today = today or dt.date.today()
    conditions: list[ColumnElement[bool]] = []
    if viewer.locality_scope is not None:
        conditions.append(Action.locality.in_((viewer.locality_scope, WIDE)))
    if filters.localities:
        conditions.append(Action.locality.in_(filters.localities))
    if filters.statuses:
        conditions.append(Action.status.in_(filters.statuses))
    if filters.theme_ids:
        conditions.append(Action.theme_id.in_(filters.theme_ids))
    if filters.overdue_only:
        conditions.append(overdue_condition(today))
    query = (
        select(Action, Theme.name, Partner.name)
        .outerjoin(Theme, Theme.id == Action.theme_id)
        .outerjoin(Partner, Partner.id == Action.owner_partner_id)
        .where(and_(True, *conditions))
        .order_by(Action.due_date.is_(None), Action.due_date, Action.id)
        .limit(limit)
    )
    found = session.execute(query).all()
    links: dict[int, list[int]] = {}
    if found:
        ids = [a.id for a, _, _ in found]
        for action_id, comment_id in session.execute(
            select(ActionComment.action_id, ActionComment.comment_id).where(ActionComment.action_id.in_(ids))
        ):
            links.setdefault(action_id, []).append(comment_id)
    rows = [
        ActionRow(
            id=a.id,
            heard=a.heard,
            will_do=a.will_do,
            locality=a.locality,
            theme_id=a.theme_id,
            theme_name=theme,
            owner=owner,
            due_date=a.due_date,
            status=a.status,
            status_reason=a.status_reason,
            we_did=a.we_did,
            overdue=is_overdue(a.due_date, a.status, today),
            comment_ids=tuple(sorted(links.get(a.id, []))),
        )
        for a, theme, owner in found
    ]
    return sorted(rows, key=lambda r: not r.overdue)


def actions_in_period(
    *,
    session: Session,
    localities: tuple[str, ...],
    start: dt.date,
    end: dt.date,
) -> list[Action]:
    """Actions of these localities live in a period: created by its end and open, or changed in it."""
    end_at = day_after(end)
    start_at = day_start(start)
    query = (
        select(Action)
        .where(
            Action.locality.in_(localities),
            Action.created_at < end_at,
            or_(Action.status.not_in(CLOSED_STATUSES), Action.updated_at >= start_at),
        )
        .order_by(Action.status, Action.due_date, Action.id)
    )
    return list(session.scalars(query))
