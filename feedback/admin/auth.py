"""Staff accounts: create one, sign in with a lock-out that holds under parallel attempts.

Every PIN check first claims one of the account's five tries with a single atomic UPDATE ...
RETURNING, committed before the (slow) hash check, so parallel guesses on any number of app
processes, on SQLite or PostgreSQL, get at most five checks before the account waits. An unknown,
switched-off or locked account is checked against a dummy hash, so it answers in the same time.
Audit events: signin.attempt (a claimed try), signin (a right PIN), signin.refused, signin.unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from analysis.params import LOCALITIES
from feedback.access import ROLES, is_scoped
from feedback.admin import audit
from feedback.admin.pins import burn_check, check_pin_policy, hash_pin, needs_rehash, pin_matches
from feedback.dates import aware
from feedback.db import transaction
from feedback.models import User, utcnow
from feedback.validation import ValidationError

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 5
MAX_SECRET_CHARS = 128


@dataclass(frozen=True)
class Account:
    """A signed-in account as the app keeps it, and whether its PIN meets today's rule."""

    id: int
    username: str
    display_name: str
    role: str
    locality: str | None
    pin_meets_rule: bool = True


@dataclass(frozen=True)
class Try:
    """One claimed PIN check: the failures counted so far, and whether this was the last try."""

    failures: int
    last: bool


def claim_try(session: Session, user_id: int, now: dt.datetime | None = None) -> Try | None:
    """Count one PIN check atomically; None when the account is switched off or waiting out a lock.

    The fifth claim locks the account at once (and restarts the count), so no sixth check can
    start, however many run in parallel; the fifth check itself still runs, and a right PIN
    lifts the lock.
    """
    now = now or utcnow()
    reaches_limit = User.failed_attempts + 1 >= MAX_FAILED_ATTEMPTS
    statement = (
        update(User)
        .where(
            User.id == user_id,
            User.active.is_(True),
            User.failed_attempts < MAX_FAILED_ATTEMPTS,
            or_(User.locked_until.is_(None), User.locked_until <= now),
        )
        .values(
            failed_attempts=case((reaches_limit, 0), else_=User.failed_attempts + 1),
            locked_until=case(
                (reaches_limit, now + dt.timedelta(minutes=LOCK_MINUTES)), else_=User.locked_until
            ),
        )
        .returning(User.failed_attempts, User.locked_until)
        .execution_options(synchronize_session=False)
    )
    row = session.execute(statement).first()
    if row is None:
        return None
    last = row.locked_until is not None and aware(row.locked_until) > now
    return Try(failures=MAX_FAILED_ATTEMPTS if last else row.failed_attempts, last=last)


def release_tries(session: Session, user_id: int) -> None:
    """A right PIN: forget the failures and lift the lock."""
    session.execute(
        update(User)
        .where(User.id == user_id)
        .values(failed_attempts=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )


def create_user(
    *,
    session: Session,
    username: str,
    display_name: str,
    role: str,
    pin: str,
    locality: str | None = None,
    user_id: int | None = None,
) -> User:
    """Validate and add an account (the PIN rule by role is checked by users.add_user)."""
    username = username.strip().lower()
    errors: dict[str, str] = {}
    if not username.replace(".", "").replace("_", "").replace("-", "").isalnum() or len(username) > 60:
        errors["username"] = "The username may use letters, digits, dots, dashes and underscores."
    elif session.scalar(select(User).where(User.username == username)):
        errors["username"] = "That username is taken. Choose another."
    if role not in ROLES:
        errors["role"] = f"Choose a role: {', '.join(ROLES)}."
    if locality is not None and locality not in LOCALITIES:
        errors["locality"] = "Choose a locality from the list."
    if is_scoped(role) and locality is None:
        errors["locality"] = "A locality lead needs a locality."
    if not pin or len(pin) > MAX_SECRET_CHARS:
        errors["pin"] = f"Type a PIN or passphrase of up to {MAX_SECRET_CHARS} characters."
    if errors:
        raise ValidationError(errors)
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        role=role,
        locality=locality,
        pin_hash=hash_pin(pin),
    )
    session.add(user)
    session.flush()
    audit.record(session=session, user_id=user_id, event="user.create", object_type="user", object_id=user.id)
    return user


def authenticate(*, factory: sessionmaker[Session], username: str, pin: str) -> Account | None:
    """The account when the PIN is right and the account open; counts failures and locks.

    Every attempt first commits one short transaction that writes one row (a claimed try and its
    audit event, or the audit event of an unknown or refused name), then checks a hash outside
    any transaction (the account's, or a dummy one), so a wrong PIN takes as long for a known
    username as for an unknown one. Only a right PIN writes again.
    """
    name = username.strip().lower()[:60]
    with transaction(factory) as session:
        row = session.execute(select(User.id, User.pin_hash).where(User.username == name)).first()
        claimed = claim_try(session, row.id) if row is not None else None
        if row is None:
            audit.record(session=session, user_id=None, event="signin.unknown")
        else:
            event = "signin.refused" if claimed is None else "signin.attempt"
            detail = {"locks": True} if claimed is not None and claimed.last else None
            audit.record(session=session, user_id=row.id, event=event, detail=detail)
    if row is None or claimed is None:
        burn_check(pin)
        return None
    if not pin_matches(pin, row.pin_hash):
        return None
    with transaction(factory) as session:
        release_tries(session, row.id)
        user = session.get(User, row.id)
        if needs_rehash(user.pin_hash):
            user.pin_hash = hash_pin(pin)
            audit.record(session=session, user_id=user.id, event="user.pin_upgrade")
        audit.record(session=session, user_id=user.id, event="signin")
        return Account(
            user.id,
            user.username,
            user.display_name,
            user.role,
            user.locality,
            pin_meets_rule=check_pin_policy(pin, user.role) is None,
        )


def verify_user_pin(*, session: Session, user_id: int, pin: str) -> bool:
    """True when the PIN belongs to this open account (used to leave kiosk mode)."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        burn_check(pin)
        return False
    return pin_matches(pin, user.pin_hash)
