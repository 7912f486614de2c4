"""Single sign-on on both databases: which account an OpenID Connect identity opens."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.admin.sso import account_for_identity, identity_email, set_sso_email
from feedback.fixtures import make_user
from feedback.models import AuditEvent, User
from feedback.validation import ValidationError


@pytest.mark.parametrize(
    ("claims", "email"),
    [
        ({"email": " Jo.Smith@Partner.org.uk ", "email_verified": True}, "jo.smith@partner.org.uk"),
        ({"email": "jo@partner.org"}, "jo@partner.org"),  # providers that do not send the claim
        ({"email": "jo@partner.org", "email_verified": False}, None),
        ({"email": "jo@partner.org", "email_verified": "false"}, None),
        ({"email": "not an address"}, None),
        ({"email": None}, None),
        ({}, None),
    ],
)
def test_identity_email(claims: dict, email: str | None) -> None:
    assert identity_email(claims) == email


def test_an_identity_opens_only_the_active_account_with_its_email(session: Session) -> None:
    jo = make_user(session, username="jo", role="locality_lead", locality="clydesdale")
    off = make_user(session, username="off")
    set_sso_email(session=session, user_id=jo.id, email="Jo.Smith@Partner.org.uk", actor_id=None)
    set_sso_email(session=session, user_id=off.id, email="off@partner.org.uk", actor_id=None)
    off.active = False
    session.commit()
    account = account_for_identity(
        session=session,
        claims={"is_logged_in": True, "email": "jo.smith@PARTNER.org.uk", "email_verified": True},
    )
    assert account is not None and (account.id, account.role, account.locality) == (
        jo.id,
        "locality_lead",
        "clydesdale",
    )
    assert account_for_identity(session=session, claims={"email": "off@partner.org.uk"}) is None
    assert account_for_identity(session=session, claims={"email": "stranger@partner.org.uk"}) is None
    unverified = {"email": "jo.smith@partner.org.uk", "email_verified": False}
    assert account_for_identity(session=session, claims=unverified) is None
    session.commit()
    events = list(session.scalars(select(AuditEvent.event).where(AuditEvent.event.like("signin.sso%"))))
    assert sorted(events) == ["signin.sso", "signin.sso_unknown", "signin.sso_unknown", "signin.sso_unknown"]


def test_setting_an_email_checks_it_and_keeps_it_unique(session: Session) -> None:
    jo = make_user(session, username="jo")
    al = make_user(session, username="al")
    set_sso_email(session=session, user_id=jo.id, email="jo@partner.org", actor_id=None)
    with pytest.raises(ValidationError) as caught:
        set_sso_email(session=session, user_id=al.id, email="JO@partner.org", actor_id=None)
    assert "Another account" in caught.value.errors["email"]
    with pytest.raises(ValidationError) as caught:
        set_sso_email(session=session, user_id=al.id, email="jo at partner", actor_id=None)
    assert "whole e-mail address" in caught.value.errors["email"]
    set_sso_email(session=session, user_id=jo.id, email="  ", actor_id=None)
    session.commit()
    assert session.get(User, jo.id).email is None
    assert account_for_identity(session=session, claims={"email": "jo@partner.org"}) is None
