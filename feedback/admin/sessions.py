"""Staff sessions kept server-side under a random token, so a reload keeps the sign-in.

The browser holds the token (a cookie); the database keeps its SHA-256, the user, when the
session was last used and the text of a half-typed form. A session ends at sign-out (on every tab
at once, as they share the row) or after an idle time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from feedback.dates import aware
from feedback.models import StaffSession, User, utcnow
from feedback.tokens import new_token, token_hash

MAX_DRAFT_LENGTH = 10_000
MAX_DRAFTS = 40
TOUCH_EVERY = dt.timedelta(seconds=20)


@dataclass(frozen=True)
class SessionCheck:
    """What a token is worth now: the user, or why there is none ('missing', 'idle', 'account')."""

    user: User | None
    reason: str | None = None


def start_session(*, session: Session, user_id: int, now: dt.datetime | None = None) -> str:
    """Open a session for a user who has just signed in; returns the token the browser keeps."""
    token = new_token()
    now = now or utcnow()
    session.add(
        StaffSession(token_hash=token_hash(token), user_id=user_id, drafts={}, created_at=now, last_seen=now)
    )
    session.flush()
    return token


def check_session(
    *,
    session: Session,
    token: str,
    idle_minutes: int,
    now: dt.datetime | None = None,
    touch: bool = True,
    end: bool = True,
) -> SessionCheck:
    """The signed-in user of a token; an idle session or a switched-off account ends here (unless
    end is False: a look that leaves the ending, and its message, to the next page run)."""
    row = session.get(StaffSession, token_hash(token)) if token else None
    if row is None:
        return SessionCheck(None, "missing")
    now = now or utcnow()
    if now - aware(row.last_seen) > dt.timedelta(minutes=idle_minutes):
        if end:
            session.delete(row)
        return SessionCheck(None, "idle")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        if end:
            session.delete(row)
        return SessionCheck(None, "account")
    if touch and now - aware(row.last_seen) >= TOUCH_EVERY:
        row.last_seen = now
    return SessionCheck(user)


def touch_session(
    *, session: Session, token: str, drafts: dict | None = None, now: dt.datetime | None = None
) -> bool:
    """The person is using the page (typing counts): restart the idle clock and keep their drafts."""
    row = session.get(StaffSession, token_hash(token)) if token else None
    if row is None:
        return False
    row.last_seen = now or utcnow()
    if drafts is not None:
        kept = {**(row.drafts or {}), **_clean(drafts)}
        row.drafts = dict(list(kept.items())[-MAX_DRAFTS:])
    return True


def _clean(drafts: dict) -> dict:
    return {str(k)[:120]: str(v)[:MAX_DRAFT_LENGTH] for k, v in drafts.items() if isinstance(v, str)}


def session_drafts(*, session: Session, token: str) -> dict[str, str]:
    """The half-typed text of this session's forms, by widget key."""
    row = session.get(StaffSession, token_hash(token)) if token else None
    return dict(row.drafts or {}) if row is not None else {}


def forget_drafts(*, session: Session, token: str, prefix: str) -> None:
    """Drop the drafts whose widget key starts with prefix (a saved card's fields)."""
    row = session.get(StaffSession, token_hash(token)) if token else None
    if row is not None and row.drafts:
        row.drafts = {k: v for k, v in row.drafts.items() if not k.startswith(prefix)}


def end_session(*, session: Session, token: str) -> bool:
    """Sign out: the row goes, so every tab holding the token finds no session on its next run."""
    result = session.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash(token)))
    return bool(result.rowcount)


def end_idle_sessions(*, session: Session, idle_minutes: int, now: dt.datetime | None = None) -> int:
    """Delete every session unused for idle_minutes (and the drafts in it); return how many."""
    cutoff = (now or utcnow()) - dt.timedelta(minutes=idle_minutes)
    result = session.execute(delete(StaffSession).where(StaffSession.last_seen < cutoff))
    return result.rowcount or 0
