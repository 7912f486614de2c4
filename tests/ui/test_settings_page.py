"""AppTest of the admin settings page: the suppression threshold is stored and shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.admin.app_settings import get_suppression_k
from feedback.admin.help_contacts import DEFAULT_CONTACT, help_contacts
from tests.ui.conftest import sign_in_state, signed_in

PAGE = str(Path(__file__).resolve().parents[2] / "ui" / "settings_page.py")


def _page(factory: sessionmaker[Session], role: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    sign_in_state(at, signed_in(factory, role))
    return at.run()


@pytest.mark.parametrize("k", [5, 12, 40])
def test_admin_sets_the_threshold(db: sessionmaker[Session], k: int) -> None:
    at = _page(db, "admin")
    assert not at.exception
    at.text_input(key="settings_k").input(str(k))
    at.button[0].click().run()
    assert not at.exception
    assert at.success and "Saved" in at.success[0].value
    with db() as session:
        assert get_suppression_k(session=session) == k
    assert f"**{k}**" in at.markdown[0].value


@pytest.mark.parametrize("typed", ["4", "12.5", "ten", "-10", "0"])
def test_a_threshold_that_is_not_a_whole_number_from_five_is_refused_with_a_message(
    db: sessionmaker[Session], typed: str
) -> None:
    at = _page(db, "admin")
    assert at.text_input(key="settings_k").value == "10"
    at.text_input(key="settings_k").input(typed)
    at.button[0].click().run()
    assert not at.exception and not at.success
    assert "whole number from 5" in at.error[0].value and "(#error-suppression_k)" in at.error[0].value
    assert at.text_input(key="settings_k").value == typed  # kept as typed, not rounded or clamped
    with db() as session:
        assert get_suppression_k(session=session) == 10


@pytest.mark.parametrize("role", ["reviewer", "locality_lead", "staff"])
def test_only_admins_open_settings(db: sessionmaker[Session], role: str) -> None:
    at = _page(db, role)
    assert at.error and "cannot open" in at.error[0].value
    assert not at.number_input


def test_admin_sets_a_localitys_help_contact(db: sessionmaker[Session]) -> None:
    at = _page(db, "admin")
    at.selectbox(key="help_locality").set_value("clydesdale").run()
    at.text_area(key="help_contact_clydesdale").input("Clydesdale justice team, 01555 000 000")
    at.button(key="help_save").click().run()
    assert not at.exception
    with db() as session:
        contacts = help_contacts(session=session)
    assert contacts["clydesdale"] == "Clydesdale justice team, 01555 000 000"
    assert contacts["hamilton_blantyre_larkhall"] == DEFAULT_CONTACT
    at.text_area(key="help_contact_clydesdale").input("   ")
    at.button(key="help_save").click().run()
    assert any("Give a contact" in m.value for m in at.markdown)
