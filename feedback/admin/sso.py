"""Single sign-on for partner staff: which account an OpenID Connect identity opens.

The identity provider proves who someone is; the app still decides what they may do. An identity
opens only the active account whose single sign-on e-mail matches, and only when the provider has
not said the address is unverified. Nothing here logs or stores the address beyond the account.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback.admin import audit
from feedback.admin.auth import Account
from feedback.models import User
from feedback.validation import ValidationError

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254
NO_ACCOUNT = (
    "You signed in with your organisation, but no account here is linked to that e-mail address. "
    "Ask an admin to add you (they need the address you signed in with)."
)


def normalise_email(raw: object) -> str | None:
    """The address in lower case, or None when it is missing or not an e-mail address."""
    if not isinstance(raw, str):
        return None
    email = raw.strip().lower()
    return email if EMAIL.match(email) and len(email) <= MAX_EMAIL else None


def identity_email(claims: Mapping[str, object]) -> str | None:
    """The usable e-mail of an OIDC identity; None when absent or marked unverified by the provider."""
    if "email_verified" in claims and claims["email_verified"] not in (True, "true", "True"):
        return None
    return normalise_email(claims.get("email"))


def account_for_identity(*, session: Session, claims: Mapping[str, object]) -> Account | None:
    """The open account an OIDC identity (st.user's claims) signs in to, or None; audited."""
    email = identity_email(claims)
    user = (
        session.scalar(select(User).where(func.lower(User.email) == email, User.active.is_(True)))
        if email
        else None
    )
    if user is None:
        audit.record(session=session, user_id=None, event="signin.sso_unknown")
        return None
    audit.record(session=session, user_id=user.id, event="signin.sso")
    return Account(user.id, user.username, user.display_name, user.role, user.locality)


def set_sso_email(*, session: Session, user_id: int, email: str, actor_id: int | None) -> None:
    """Link an account to a single sign-on e-mail (blank removes the link); audited."""
    user = session.get(User, user_id)
    if user is None:
        raise ValidationError({"email": "This account no longer exists. Reload the page."})
    cleaned = normalise_email(email) if email.strip() else None
    if email.strip() and cleaned is None:
        raise ValidationError({"email": "Type a whole e-mail address, such as jo.smith@partner.org.uk."})
    if cleaned is not None:
        taken = session.scalar(select(User.id).where(User.email == cleaned, User.id != user_id))
        if taken is not None:
            raise ValidationError({"email": "Another account already uses that e-mail address."})
    if user.email == cleaned:
        return
    user.email = cleaned
    session.flush()
    audit.record(
        session=session,
        user_id=actor_id,
        event="user.sso_email",
        object_type="user",
        object_id=user.id,
        detail={"linked": cleaned is not None},
    )
