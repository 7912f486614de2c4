"""Where a respondent can get help: the partnership's contact per locality (set by admins) and national lines."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.params import LOCALITIES
from feedback.admin import audit
from feedback.models import AppSetting
from feedback.validation import ValidationError, check_text

PREFIX = "help_contact:"
MAX_CONTACT = 200  # app_setting.value holds 200 characters
NATIONAL_LINES: tuple[tuple[str, str, str], ...] = (  # who, number, when to call
    ("Police Scotland", "999", "if you or someone else is in danger now"),
    ("Police Scotland", "101", "to report something that is not an emergency"),
    ("Samaritans", "116 123", "free, day or night, if you need someone to talk to"),
    ("Breathing Space", "0800 83 85 87", "free, if you are feeling low, anxious or stressed"),
    (
        "Scotland's Domestic Abuse and Forced Marriage Helpline",
        "0800 027 1234",
        "free, day or night, if someone is hurting or controlling you",
    ),
)
DEFAULT_CONTACT = (
    "Ask the member of staff who gave you this tablet, or call South Lanarkshire Council on 0303 123 1015."
)


def help_contacts(*, session: Session) -> dict[str, str]:
    """The local contact for each locality (the default where an admin has set none)."""
    stored = {
        row.key.removeprefix(PREFIX): row.value
        for row in session.scalars(select(AppSetting).where(AppSetting.key.startswith(PREFIX)))
    }
    return {locality: stored.get(locality) or DEFAULT_CONTACT for locality in LOCALITIES}


def set_help_contact(*, session: Session, locality: str, text: str, user_id: int | None) -> str:
    """Store the local contact shown to respondents in a locality; audited (the locality, not the text)."""
    text = " ".join(text.split())
    errors: dict[str, str] = {}
    if locality not in LOCALITIES:
        errors["locality"] = "Choose a locality."
    if not text:
        errors["contact"] = "Give a contact respondents can use (a service name and a phone number)."
    check_text(errors, "contact", "The contact", text, MAX_CONTACT)
    if errors:
        raise ValidationError(errors)
    key = PREFIX + locality
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=text))
    else:
        row.value = text
    session.flush()
    audit.record(
        session=session, user_id=user_id, event="setting.update", object_type="app_setting", object_id=key
    )
    return text
