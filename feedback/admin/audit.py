"""The audit trail: record who did what (ids and counts, never text), and list it for admins."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from feedback.dates import aware, day_after, day_start
from feedback.models import AuditEvent, User


def record(
    *,
    session: Session,
    user_id: int | None,
    event: str,
    object_type: str = "",
    object_id: object = "",
    detail: dict | None = None,
) -> None:
    """Add an audit event to the session's transaction (ids and counts only, never text)."""
    session.add(
        AuditEvent(
            user_id=user_id,
            event=event,
            object_type=object_type,
            object_id=str(object_id),
            detail=detail or {},
        )
    )


DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class AuditFilter:
    """Which events to show: an event type, one user, and a date range (inclusive, UTC days)."""

    event: str | None = None
    user_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class AuditRow:
    """One event as the log shows it; the only name in it is the username."""

    id: int
    at: dt.datetime
    username: str | None
    event: str
    object_type: str
    object_id: str
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AuditPage:
    """One page of events, newest first, with the total that matched."""

    rows: list[AuditRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages the matching events fill (at least 1)."""
        return max(1, math.ceil(self.total / self.page_size))


def _conditions(filters: AuditFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.event:
        conditions.append(AuditEvent.event == filters.event)
    if filters.user_id is not None:
        conditions.append(AuditEvent.user_id == filters.user_id)
    if filters.start is not None:
        conditions.append(AuditEvent.at >= day_start(filters.start))
    if filters.end is not None:
        conditions.append(AuditEvent.at < day_after(filters.end))
    return conditions


def query_audit_events(
    *,
    session: Session,
    filters: AuditFilter | None = None,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> AuditPage:
    """The events matching the filters, newest first, one page at a time.

    Args:
        session: an open session.
        filters: what to keep; None keeps everything.
        page: 1-based page number; a page past the end gives the last page.
        page_size: events per page, 1 to MAX_PAGE_SIZE.

    Returns:
        The page of rows, the number of matching events and the page actually shown.
    """
    conditions = _conditions(filters or AuditFilter())
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions)) or 0
    last = max(1, math.ceil(total / page_size))
    page = min(max(1, page), last)
    query = (
        select(AuditEvent, User.username)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(*conditions)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    rows = [
        AuditRow(e.id, aware(e.at), username, e.event, e.object_type, e.object_id, dict(e.detail or {}))
        for e, username in session.execute(query)
    ]
    return AuditPage(rows=rows, total=total, page=page, page_size=page_size)


def audit_event_types(*, session: Session) -> list[str]:
    """Every event type that has been recorded, in alphabetical order."""
    return list(session.scalars(select(AuditEvent.event).distinct().order_by(AuditEvent.event)))


def audit_users(*, session: Session) -> list[tuple[int, str]]:
    """(id, username) of every account that appears in the log, by username."""
    query = (
        select(User.id, User.username)
        .where(User.id.in_(select(AuditEvent.user_id).where(AuditEvent.user_id.is_not(None))))
        .order_by(User.username)
    )
    return [(user_id, username) for user_id, username in session.execute(query)]
