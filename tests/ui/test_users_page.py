"""AppTest: admins add accounts (every problem named), change roles, reset PINs and switch accounts off."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.access import ALL_ROLES, may_open
from feedback.admin.auth import authenticate
from feedback.models import AuditEvent, User
from ui.navigation import PAGES

PAGE = "ui/users.py"


def _user(db: sessionmaker[Session], username: str) -> User | None:
    with db() as session:
        return session.scalars(select(User).where(User.username == username)).first()


def _fill_add_form(at: AppTest, **values: str | None) -> AppTest:
    for name, value in values.items():
        if name in ("role", "locality"):
            at.selectbox(key=f"users_new_{name}").set_value(value)
        else:
            at.text_input(key=f"users_new_{name}").input(value)
    return at.button(key="users_add").click().run()


def _messages(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_an_admin_adds_a_locality_lead(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    at = _fill_add_form(
        open_page(PAGE, username="admin"),
        username="J.Smith",
        display="Jo Smith",
        role="locality_lead",
        locality="clydesdale",
        pin="482613",
        repeat="482613",
    )
    assert not at.exception
    stored = _user(db, "j.smith")
    assert stored is not None and (stored.role, stored.locality) == ("locality_lead", "clydesdale")
    # Escaped for markdown (the page shows "j.smith"): a username is never read as formatting.
    assert any("Added j\\.smith" in s.value for s in at.success)
    assert at.text_input(key="users_new_username").value == ""
    assert authenticate(factory=db, username="j.smith", pin="482613") is not None


def test_bad_input_is_named_at_each_field_and_kept(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = _fill_add_form(
        open_page(PAGE, username="admin"),
        username="jo smith",
        display="Jo",
        role="locality_lead",
        pin="12",
        repeat="12",
    )
    assert not at.exception
    assert "Please fix 3 things" in at.error[0].value
    messages = _messages(at)
    assert any("letters, digits" in m for m in messages)
    assert any("needs a locality" in m for m in messages)
    assert any("at least 6 digits" in m for m in messages)
    assert at.text_input(key="users_new_username").value == "jo smith"
    assert at.text_input(key="users_new_display").value == "Jo"
    assert at.selectbox(key="users_new_role").value == "locality_lead"
    assert _user(db, "jo smith") is None


def test_pins_that_differ_are_refused(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    at = _fill_add_form(
        open_page(PAGE, username="admin"), username="amy", role="staff", pin="482613", repeat="482631"
    )
    assert not at.exception
    assert any("not the same" in m for m in _messages(at))
    assert _user(db, "amy") is None


def test_change_role_and_reset_pin(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    at = open_page(PAGE, username="admin")
    staff_id = _user(db, "staff").id
    at.selectbox(key="users_pick").set_value(staff_id).run()
    at.selectbox(key=f"users_role_{staff_id}").set_value("locality_lead")
    at.selectbox(key=f"users_locality_{staff_id}").set_value("rutherglen_cambuslang")
    at.button(key=f"users_role_save_{staff_id}").click().run()
    assert not at.exception
    stored = _user(db, "staff")
    assert (stored.role, stored.locality) == ("locality_lead", "rutherglen_cambuslang")
    at.text_input(key=f"users_pin_{staff_id}").input("975310")
    at.text_input(key=f"users_pin_repeat_{staff_id}").input("975310")
    at.button(key=f"users_pin_save_{staff_id}").click().run()
    assert not at.exception
    assert any("has a new PIN" in s.value for s in at.success)
    with db() as session:
        assert authenticate(factory=db, username="staff", pin="975310") is not None
        events = set(session.scalars(select(AuditEvent.event)))
    assert {"user.role", "user.pin_reset"} <= events


def test_a_bad_reset_pin_is_named(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    at = open_page(PAGE, username="admin")
    staff_id = _user(db, "staff").id
    at.selectbox(key="users_pick").set_value(staff_id).run()
    at.text_input(key=f"users_pin_{staff_id}").input("975310")
    at.text_input(key=f"users_pin_repeat_{staff_id}").input("975320")
    at.button(key=f"users_pin_save_{staff_id}").click().run()
    assert not at.exception
    assert any("not the same" in m for m in _messages(at))
    assert at.text_input(key=f"users_pin_{staff_id}").value == "975310"
    assert authenticate(factory=db, username="staff", pin="111333") is not None


def test_switch_an_account_off_and_on(db: sessionmaker[Session], open_page: Callable[..., AppTest]) -> None:
    at = open_page(PAGE, username="admin")
    staff_id = _user(db, "staff").id
    at.selectbox(key="users_pick").set_value(staff_id).run()
    at.button(key=f"users_active_{staff_id}").click().run()
    assert not at.exception
    assert _user(db, "staff").active is False
    assert at.button(key=f"users_active_{staff_id}").label == "Switch this account on"
    at.button(key=f"users_active_{staff_id}").click().run()
    assert _user(db, "staff").active is True


def test_the_only_admin_cannot_demote_or_switch_off_themselves(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE, username="admin")
    admin_id = _user(db, "admin").id
    at.selectbox(key="users_pick").set_value(admin_id).run()
    at.selectbox(key=f"users_role_{admin_id}").set_value("staff")
    at.button(key=f"users_role_save_{admin_id}").click().run()
    assert not at.exception
    assert any("your own account" in m for m in _messages(at))
    at.button(key=f"users_active_{admin_id}").click().run()
    assert any("your own account" in e.value for e in at.error)
    stored = _user(db, "admin")
    assert (stored.role, stored.active) == ("admin", True)


@pytest.mark.parametrize(
    ("path", "section", "roles"),
    [
        ("ui/users.py", "Admin", ("admin",)),
        ("ui/audit_log.py", "Admin", ("admin",)),
        ("ui/privacy.py", "Admin", ("admin",)),
        ("ui/account.py", "Account", ALL_ROLES),
    ],
)
def test_navigation_offers_each_page_to_its_roles(path: str, section: str, roles: tuple[str, ...]) -> None:
    (spec,) = [p for p in PAGES if p.path == path]
    assert (spec.section, tuple(r for r in ALL_ROLES if may_open(r, spec.page_id))) == (section, roles)


def test_change_my_pin_comes_just_before_sign_out() -> None:
    paths = [p.path for p in PAGES]
    assert paths.index("ui/account.py") + 1 == paths.index("ui/sign_out.py")


def test_a_reviewer_is_not_offered_the_page(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page(PAGE, username="reviewer")


def test_a_database_failure_is_a_plain_message(
    db: sessionmaker[Session], open_page: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> None:
        raise OperationalError("UPDATE app_user", {}, Exception("database is locked"))

    monkeypatch.setattr("feedback.admin.users.change_role", broken)
    at = open_page(PAGE, username="admin")
    staff_id = _user(db, "staff").id
    at.selectbox(key="users_pick").set_value(staff_id).run()
    at.selectbox(key=f"users_role_{staff_id}").set_value("reviewer")
    at.button(key=f"users_role_save_{staff_id}").click().run()
    assert not at.exception
    assert any("could not change the role" in e.value for e in at.error)
    assert at.selectbox(key=f"users_role_{staff_id}").value == "reviewer"
    assert _user(db, "staff").role == "staff"


def test_an_admin_account_needs_a_passphrase(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = _fill_add_form(
        open_page(PAGE, username="admin"), username="boss", role="admin", pin="482613", repeat="482613"
    )
    assert not at.exception
    assert any("passphrase of 12" in m for m in _messages(at))
    assert _user(db, "boss") is None
    at.text_input(key="users_new_pin").input("a long admin passphrase")
    at.text_input(key="users_new_repeat").input("a long admin passphrase")
    at.button(key="users_add").click().run()
    assert not at.exception
    assert authenticate(factory=db, username="boss", pin="a long admin passphrase") is not None


def test_an_admin_links_an_account_for_single_sign_on(
    db: sessionmaker[Session], open_page: Callable[..., AppTest]
) -> None:
    at = open_page(PAGE, username="admin")
    staff_id = _user(db, "staff").id
    at.selectbox(key="users_pick").set_value(staff_id).run()
    at.text_input(key=f"users_email_{staff_id}").input("not an address")
    at.button(key=f"users_email_save_{staff_id}").click().run()
    assert not at.exception
    assert "whole e-mail address" in at.error[0].value
    assert _user(db, "staff").email is None
    at.text_input(key=f"users_email_{staff_id}").input("Sam@Partner.org")
    at.button(key=f"users_email_save_{staff_id}").click().run()
    assert not at.exception
    assert _user(db, "staff").email == "sam@partner.org"
    assert any("Single sign-on for staff is on" in s.value for s in at.success)
