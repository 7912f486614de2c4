"""Staff accounts: hashed PINs, sign-in with lock-out, roles."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.params import LOCALITIES
from feedback.access import ROLES, is_scoped
from feedback.admin import audit
from feedback.models import User, utcnow
from feedback.validation import ValidationError

PIN_ITERATIONS = 120_000
MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 5


def hash_pin(pin: str) -> str:
    """A salted PBKDF2 hash of a PIN."""
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), PIN_ITERATIONS)
    return f"pbkdf2_sha256${PIN_ITERATIONS}${salt}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """True when a PIN matches its stored hash."""
    try:
        _, iterations, salt, digest = stored.split("$")
        check = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(check.hex(), digest)


def check_pin_format(pin: str) -> str | None:
    """A message when a PIN is not 4 to 12 digits, else None."""
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        return "The PIN must be 4 to 12 digits."
    return None


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
    """Validate and add a staff account."""
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
    if (message := check_pin_format(pin)) is not None:
        errors["pin"] = message
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


def authenticate(*, session: Session, username: str, pin: str) -> User | None:
    """The user when the PIN is right and the account is open; counts failures and locks."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        return None
    now = utcnow()
    locked = user.locked_until
    if locked is not None and (locked if locked.tzinfo else locked.replace(tzinfo=dt.UTC)) > now:
        return None
    if not pin_matches(pin, user.pin_hash):
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            user.failed_attempts = 0
        audit.record(session=session, user_id=user.id, event="signin.failed")
        return None
    user.failed_attempts = 0
    user.locked_until = None
    audit.record(session=session, user_id=user.id, event="signin")
    return user


def verify_user_pin(*, session: Session, user_id: int, pin: str) -> bool:
    """True when the PIN belongs to this user (used to leave kiosk mode)."""
    user = session.get(User, user_id)
    return user is not None and user.active and pin_matches(pin, user.pin_hash)
