"""AppTest: admins add partners (duplicates refused) and switch them off and on."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.models import Partner

PAGE = "ui/partners.py"


def _add(at: AppTest, name: str, sector: str | None) -> AppTest:
    at.text_input(key="partner_name").input(name)
    if sector:
        at.selectbox(key="partner_sector").set_value(sector)
    return at.button(key="partner_add").click().run()


def _partner(db: sessionmaker[Session], name: str) -> Partner | None:
    with db() as session:
        return session.scalars(select(Partner).where(Partner.name == name)).first()


def test_an_admin_adds_a_partner(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    at = _add(open_page(PAGE, username="admin"), "  Lanarkshire  Recovery   Café ", "third_sector")
    assert not at.exception
    stored = _partner(db, "Lanarkshire Recovery Café")
    assert stored is not None and stored.sector == "third_sector" and stored.active
    assert "Added Lanarkshire Recovery Café." in [s.value for s in at.success]
    assert at.text_input(key="partner_name").value == ""


def test_a_duplicate_or_incomplete_partner_is_refused(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = _add(open_page(PAGE, username="admin"), "police scotland", None)
    assert not at.exception
    assert "Please fix 2 things" in at.error[0].value
    messages = [m.value for m in at.markdown]
    assert any("already in the list" in m for m in messages)
    assert any("Choose the partner's sector" in m for m in messages)
    assert at.text_input(key="partner_name").value == "police scotland"
    with db() as session:
        assert len(session.scalars(select(Partner).where(Partner.name.ilike("police scotland"))).all()) == 1


def test_a_partner_can_be_switched_off_and_on(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE, username="admin")
    partner_id = _partner(db, "Police Scotland").id
    at.button(key=f"partner_toggle_{partner_id}").click().run()
    assert not at.exception
    assert _partner(db, "Police Scotland").active is False
    assert at.button(key=f"partner_toggle_{partner_id}").label == "Switch on"
    at.button(key=f"partner_toggle_{partner_id}").click().run()
    assert _partner(db, "Police Scotland").active is True
