"""Staff accounts for admins: list, change role and locality, reset PINs, switch off and on.

Every change is audited with ids and codes only. The last active admin can never be demoted or
switched off, and nobody may demote or switch off themselves (another admin must do it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.params import LOCALITIES
from feedback.access import ADMIN, ROLES, is_scoped
from feedback.admin import audit
from feedback.admin.auth import LOCK_MINUTES, MAX_FAILED_ATTEMPTS, claim_try, create_user, release_tries
from feedback.admin.pins import check_pin_policy, hash_pin, pin_matches
from feedback.dates import aware
from feedback.models import User, utcnow
from feedback.validation import ValidationError

LAST_ADMIN = "This is the last active admin. Make another account an admin first."
NOT_YOURSELF = "You cannot do this to your own account. Ask another admin."
GONE = "This account no longer exists. Reload the page."
MAX_DISPLAY_NAME = 120
ADD_FIELDS = ("username", "display_name", "role", "locality", "pin", "repeat_pin")


@dataclass(frozen=True)
class UserSummary:
    """One account as the admin list shows it (no PIN hash)."""

    id: int
    username: str
    display_name: str
    role: str
    locality: str | None
    active: bool
    locked: bool
    email: str | None = None  # for single sign-on


def is_locked(user: User, now: dt.datetime | None = None) -> bool:
    """True while a user waits out a lock-out after too many wrong PINs."""
    until = aware(user.locked_until)
    return until is not None and until > (now or utcnow())


def list_users(*, session: Session, include_inactive: bool = True) -> list[UserSummary]:
    """Every account (or only the open ones), open ones first, then by username."""
    query = select(User).order_by(User.active.desc(), User.username)
    if not include_inactive:
        query = query.where(User.active.is_(True))
    now = utcnow()
    return [_summary(u, now) for u in session.scalars(query)]


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise ValidationError({"user": GONE})
    return user


def _other_active_admins(session: Session, user_id: int) -> int:
    query = (
        select(func.count())
        .select_from(User)
        .where(User.role == ADMIN, User.active.is_(True), User.id != user_id)
    )
    return session.scalar(query) or 0


def _check_role_and_locality(role: str, locality: str | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if role not in ROLES:
        errors["role"] = f"Choose a role: {', '.join(ROLES.values())}."
    if locality is not None and locality not in LOCALITIES:
        errors["locality"] = "Choose a locality from the list."
    elif is_scoped(role) and locality is None:
        errors["locality"] = "A locality lead needs a locality. Choose one."
    return errors


def add_user(
    *,
    session: Session,
    username: str,
    display_name: str,
    role: str | None,
    locality: str | None,
    pin: str,
    repeat_pin: str,
    actor_id: int | None,
) -> UserSummary:
    """Validate every field at once (PIN typed twice) and add an account; audited."""
    extra: dict[str, str] = {}
    if not username.strip():
        extra["username"] = "Type a username, such as j.smith."
    if len(display_name.strip()) > MAX_DISPLAY_NAME:
        extra["display_name"] = f"Shorten the name to {MAX_DISPLAY_NAME} characters or fewer."
    if not role:
        extra["role"] = "Choose a role."
    if (message := check_pin_policy(pin, role)) is not None:
        extra["pin"] = message
    elif pin != repeat_pin:
        extra["repeat_pin"] = "The two PINs are not the same. Type the PIN again."
    savepoint = session.begin_nested()  # so a refused add leaves nothing behind in the session
    try:
        user = create_user(
            session=session,
            username=username,
            display_name=display_name.strip()[:MAX_DISPLAY_NAME],
            role=role or "",
            pin=pin,
            locality=locality,
            user_id=actor_id,
        )
        session.flush()
    except ValidationError as exc:
        savepoint.rollback()
        merged = {**exc.errors, **extra}
        raise ValidationError({k: merged[k] for k in sorted(merged, key=_field_rank)}) from None
    if extra:
        savepoint.rollback()
        raise ValidationError(extra)
    savepoint.commit()
    return _summary(user)


def _field_rank(name: str) -> int:
    return ADD_FIELDS.index(name) if name in ADD_FIELDS else len(ADD_FIELDS)


def change_role(
    *, session: Session, user_id: int, role: str, locality: str | None, actor_id: int | None
) -> UserSummary:
    """Set an account's role and locality scope (None = all localities); audited."""
    user = _get(session, user_id)
    errors = _check_role_and_locality(role, locality)
    demoting = user.role == ADMIN and role != ADMIN
    if demoting and actor_id == user_id:
        errors["role"] = NOT_YOURSELF
    elif demoting and user.active and _other_active_admins(session, user_id) == 0:
        errors["role"] = LAST_ADMIN
    if errors:
        raise ValidationError(errors)
    old_role, old_locality = user.role, user.locality
    user.role, user.locality = role, locality
    session.flush()
    if (old_role, old_locality) != (role, locality):
        audit.record(
            session=session,
            user_id=actor_id,
            event="user.role",
            object_type="user",
            object_id=user.id,
            detail={
                "old_role": old_role,
                "new_role": role,
                "old_locality": old_locality,
                "new_locality": locality,
            },
        )
    return _summary(user)


def set_user_active(*, session: Session, user_id: int, active: bool, actor_id: int | None) -> UserSummary:
    """Switch an account off (it can no longer sign in) or back on; audited."""
    user = _get(session, user_id)
    if not active and user.active:
        if actor_id == user_id:
            raise ValidationError({"user": NOT_YOURSELF})
        if user.role == ADMIN and _other_active_admins(session, user_id) == 0:
            raise ValidationError({"user": LAST_ADMIN})
    if user.active != active:
        user.active = active
        session.flush()
        audit.record(
            session=session,
            user_id=actor_id,
            event="user.reactivate" if active else "user.deactivate",
            object_type="user",
            object_id=user.id,
        )
    return _summary(user)


def reset_pin(*, session: Session, user_id: int, new_pin: str, repeat_pin: str, actor_id: int | None) -> None:
    """Give an account a new PIN chosen by an admin, and lift any lock-out; audited."""
    user = _get(session, user_id)
    errors = _check_new_pin(new_pin, repeat_pin, user.role)
    if errors:
        raise ValidationError(errors)
    _store_pin(user, new_pin)
    session.flush()
    audit.record(
        session=session, user_id=actor_id, event="user.pin_reset", object_type="user", object_id=user.id
    )


def change_own_pin(
    *, session: Session, user_id: int, current_pin: str, new_pin: str, repeat_pin: str
) -> dict[str, str]:
    """Change a signed-in user's PIN; returns the problems by field (empty when changed).

    A wrong current PIN counts towards the sign-in lock-out, so this form cannot be used to guess
    PINs; the count is kept, which is why problems are returned rather than raised.
    """
    user = _get(session, user_id)
    errors = _check_new_pin(new_pin, repeat_pin, user.role)
    if not current_pin:
        errors["current_pin"] = "Type your current PIN."
        return errors
    claimed = claim_try(session, user.id)
    if claimed is None:
        if not user.active:
            return {"current_pin": "This account is switched off. Ask an admin."}
        return {"current_pin": f"Too many wrong PINs. Wait {LOCK_MINUTES} minutes and try again."}
    if not pin_matches(current_pin, user.pin_hash):
        audit.record(
            session=session,
            user_id=user.id,
            event="user.pin_change_failed",
            object_type="user",
            object_id=user.id,
        )
        errors["current_pin"] = _wrong_pin_message(claimed.failures, claimed.last)
        return errors
    release_tries(session, user.id)
    if not errors and new_pin == current_pin:
        errors["new_pin"] = "The new PIN is the same as the current one. Choose a different PIN."
    if errors:
        return errors
    _store_pin(user, new_pin)
    session.flush()
    audit.record(
        session=session, user_id=user.id, event="user.pin_change", object_type="user", object_id=user.id
    )
    return {}


def _wrong_pin_message(failures: int, last: bool) -> str:
    if last:
        return (
            f"That is not your current PIN. Too many wrong PINs: wait {LOCK_MINUTES} minutes and try again."
        )
    left = MAX_FAILED_ATTEMPTS - failures
    return f"That is not your current PIN. Check it and try again ({left} tries left before a {LOCK_MINUTES}-minute wait)."


def _check_new_pin(new_pin: str, repeat_pin: str, role: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if (message := check_pin_policy(new_pin, role)) is not None:
        errors["new_pin"] = message + " Type a new one."
    elif new_pin != repeat_pin:
        errors["repeat_pin"] = "The two new PINs are not the same. Type the new PIN again."
    return errors


def _store_pin(user: User, pin: str) -> None:
    user.pin_hash = hash_pin(pin)
    user.failed_attempts = 0
    user.locked_until = None


def _summary(user: User, now: dt.datetime | None = None) -> UserSummary:
    u = user
    return UserSummary(
        u.id, u.username, u.display_name, u.role, u.locality, u.active, is_locked(u, now), u.email
    )


def role_label(role: str) -> str:
    """The plain name of a role."""
    return ROLES.get(role, role)


def locality_label(locality: str | None, labels: Mapping[str, str] = LOCALITIES) -> str:
    """The plain name of a locality scope (None means every locality)."""
    return "All localities" if locality is None else labels.get(locality, locality)
