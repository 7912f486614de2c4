"""Record who did what, without personal data."""

from __future__ import annotations

from sqlalchemy.orm import Session

from feedback.models import AuditEvent


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
