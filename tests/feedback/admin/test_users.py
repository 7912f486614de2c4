"""Admin account management on both databases: roles, PINs, switching off, the last admin."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.admin.auth import MAX_FAILED_ATTEMPTS, Account, authenticate
from feedback.admin.users import (
    LAST_ADMIN,
    NOT_YOURSELF,
    add_user,
    change_own_pin,
    change_role,
    list_users,
    locality_label,
    reset_pin,
    role_label,
    set_user_active,
)
from feedback.db import make_session_factory
from feedback.fixtures import make_user
from feedback.models import AuditEvent, User, utcnow
from feedback.validation import ValidationError


def _sign_in(session: Session, username: str, pin: str) -> Account | None:
    """Commit what the test did, then sign in through the app's own short transactions."""
    session.commit()
    return authenticate(factory=make_session_factory(session.get_bind()), username=username, pin=pin)


def _events(session: Session, event: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.event == event)))


def test_list_users_puts_open_accounts_first_and_shows_locks(session: Session) -> None:
    make_user(session, username="zoe")
    amy = make_user(session, username="amy")
    old = make_user(session, username="bob")
    old.active = False
    amy.locked_until = utcnow() + dt.timedelta(minutes=3)
    session.commit()
    users = list_users(session=session)
    assert [u.username for u in users] == ["amy", "zoe", "bob"]
    assert [u.locked for u in users] == [True, False, False]
    assert [u.username for u in list_users(session=session, include_inactive=False)] == ["amy", "zoe"]


def _add(session: Session, **overrides: object) -> object:
    values: dict[str, object] = {
        "username": "J.Smith",
        "display_name": "Jo Smith",
        "role": "locality_lead",
        "locality": "clydesdale",
        "pin": "482613",
        "repeat_pin": "482613",
        "actor_id": None,
    }
    values.update(overrides)
    return add_user(session=session, **values)  # type: ignore[arg-type]


def test_add_user_stores_and_audits(session: Session) -> None:
    admin = make_user(session, username="boss", role="admin")
    added = _add(session, actor_id=admin.id)
    session.commit()
    assert (added.username, added.role, added.locality, added.active) == (
        "j.smith",
        "locality_lead",
        "clydesdale",
        True,
    )
    assert _sign_in(session, "j.smith", "482613") is not None
    (event,) = [e for e in _events(session, "user.create") if e.user_id == admin.id]
    assert event.object_id == str(added.id) and "smith" not in str(event.detail).lower()


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"username": "  "}, ["username"]),
        ({"username": "jo smith"}, ["username"]),
        ({"display_name": "x" * 121}, ["display_name"]),
        ({"role": None}, ["role"]),
        ({"role": "locality_lead", "locality": None}, ["locality"]),
        ({"pin": "12", "repeat_pin": "12"}, ["pin"]),
        ({"repeat_pin": "482614"}, ["repeat_pin"]),
        (
            {"username": "", "role": None, "locality": "mars", "pin": "x", "repeat_pin": ""},
            ["username", "role", "locality", "pin"],
        ),
        ({"username": "bad name", "repeat_pin": "0000"}, ["username", "repeat_pin"]),
    ],
)
def test_add_user_names_every_problem_in_form_order(
    session: Session, overrides: dict, fields: list[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        _add(session, **overrides)
    assert list(caught.value.errors) == fields
    assert all(message.endswith(".") for message in caught.value.errors.values())
    session.commit()  # a refused add leaves nothing to commit
    assert session.scalars(select(User.username)).all() == []
    assert _events(session, "user.create") == []


def test_add_user_refuses_a_taken_username(session: Session) -> None:
    make_user(session, username="j.smith")
    with pytest.raises(ValidationError) as caught:
        _add(session)
    assert "taken" in caught.value.errors["username"]


def test_change_role_and_locality_is_audited_with_ids_only(session: Session) -> None:
    admin = make_user(session, username="boss", role="admin")
    sam = make_user(session, username="sam.smith")
    session.commit()
    changed = change_role(
        session=session, user_id=sam.id, role="locality_lead", locality="clydesdale", actor_id=admin.id
    )
    session.commit()
    assert (changed.role, changed.locality) == ("locality_lead", "clydesdale")
    (event,) = _events(session, "user.role")
    assert (event.user_id, event.object_id) == (admin.id, str(sam.id))
    assert event.detail["new_role"] == "locality_lead" and event.detail["old_role"] == "staff"
    assert "sam" not in str(event.detail).lower()
    change_role(
        session=session, user_id=sam.id, role="locality_lead", locality="clydesdale", actor_id=admin.id
    )
    assert len(_events(session, "user.role")) == 1  # no change, no event


@pytest.mark.parametrize(
    ("role", "locality", "field", "words"),
    [
        ("boss", None, "role", "Choose a role"),
        ("locality_lead", None, "locality", "needs a locality"),
        ("staff", "glasgow", "locality", "from the list"),
    ],
)
def test_change_role_refuses_bad_input(
    session: Session, role: str, locality: str | None, field: str, words: str
) -> None:
    sam = make_user(session)
    with pytest.raises(ValidationError) as caught:
        change_role(session=session, user_id=sam.id, role=role, locality=locality, actor_id=None)
    assert words in caught.value.errors[field]


def test_the_last_active_admin_cannot_be_demoted_or_switched_off(session: Session) -> None:
    admin = make_user(session, username="boss", role="admin")
    spare = make_user(session, username="spare", role="admin")
    spare.active = False
    session.commit()
    with pytest.raises(ValidationError) as caught:
        change_role(session=session, user_id=admin.id, role="staff", locality=None, actor_id=None)
    assert caught.value.errors["role"] == LAST_ADMIN
    with pytest.raises(ValidationError) as caught:
        set_user_active(session=session, user_id=admin.id, active=False, actor_id=None)
    assert caught.value.errors["user"] == LAST_ADMIN
    session.rollback()
    assert session.get(User, admin.id).role == "admin" and session.get(User, admin.id).active


def test_an_admin_can_be_demoted_when_another_is_active(session: Session) -> None:
    first = make_user(session, username="first", role="admin")
    second = make_user(session, username="second", role="admin")
    session.commit()
    change_role(session=session, user_id=first.id, role="reviewer", locality=None, actor_id=second.id)
    session.commit()
    assert session.get(User, first.id).role == "reviewer"
    with pytest.raises(ValidationError) as caught:  # now the last one
        set_user_active(session=session, user_id=second.id, active=False, actor_id=first.id)
    assert caught.value.errors["user"] == LAST_ADMIN


def test_nobody_demotes_or_switches_off_themselves(session: Session) -> None:
    first = make_user(session, username="first", role="admin")
    make_user(session, username="second", role="admin")
    session.commit()
    with pytest.raises(ValidationError) as caught:
        change_role(session=session, user_id=first.id, role="staff", locality=None, actor_id=first.id)
    assert caught.value.errors["role"] == NOT_YOURSELF
    with pytest.raises(ValidationError) as caught:
        set_user_active(session=session, user_id=first.id, active=False, actor_id=first.id)
    assert caught.value.errors["user"] == NOT_YOURSELF


def test_switching_off_stops_sign_in_and_switching_on_restores_it(session: Session) -> None:
    admin = make_user(session, username="boss", role="admin")
    sam = make_user(session, pin="2468")
    session.commit()
    assert not set_user_active(session=session, user_id=sam.id, active=False, actor_id=admin.id).active
    session.commit()
    assert _sign_in(session, "sam", "2468") is None
    assert set_user_active(session=session, user_id=sam.id, active=True, actor_id=admin.id).active
    session.commit()
    assert _sign_in(session, "sam", "2468") is not None
    assert [len(_events(session, e)) for e in ("user.deactivate", "user.reactivate")] == [1, 1]


def test_reset_pin_replaces_the_pin_and_lifts_a_lock(session: Session) -> None:
    sam = make_user(session, pin="2468")
    sam.locked_until = utcnow() + dt.timedelta(minutes=5)
    session.commit()
    reset_pin(session=session, user_id=sam.id, new_pin="975310", repeat_pin="975310", actor_id=None)
    session.commit()
    assert _sign_in(session, "sam", "2468") is None
    assert _sign_in(session, "sam", "975310") is not None
    (event,) = _events(session, "user.pin_reset")
    assert "975310" not in str(event.detail) and event.object_id == str(sam.id)


@pytest.mark.parametrize(
    ("new", "repeat", "field"),
    [
        ("12", "12", "new_pin"),
        ("abcd", "abcd", "new_pin"),
        ("432187", "432188", "repeat_pin"),
        ("4321", "4321", "new_pin"),
        ("", "", "new_pin"),
    ],
)
def test_reset_pin_refuses_bad_pins(session: Session, new: str, repeat: str, field: str) -> None:
    sam = make_user(session)
    with pytest.raises(ValidationError) as caught:
        reset_pin(session=session, user_id=sam.id, new_pin=new, repeat_pin=repeat, actor_id=None)
    assert list(caught.value.errors) == [field]


def test_a_missing_account_is_named(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        set_user_active(session=session, user_id=999_999, active=False, actor_id=None)
    assert "no longer exists" in caught.value.errors["user"]


def test_change_own_pin(session: Session) -> None:
    sam = make_user(session, pin="2468")
    session.commit()
    assert (
        change_own_pin(
            session=session, user_id=sam.id, current_pin="2468", new_pin="864213", repeat_pin="864213"
        )
        == {}
    )
    session.commit()
    assert _sign_in(session, "sam", "864213") is not None
    assert len(_events(session, "user.pin_change")) == 1


@pytest.mark.parametrize(
    ("current", "new", "repeat", "fields"),
    [
        ("0000", "864213", "864213", {"current_pin"}),
        ("", "864213", "864213", {"current_pin"}),
        ("2468", "2468", "2468", {"new_pin"}),
        ("2468", "86", "86", {"new_pin"}),
        ("2468", "864213", "864214", {"repeat_pin"}),
        ("0000", "86", "", {"current_pin", "new_pin"}),
    ],
)
def test_change_own_pin_names_each_problem(
    session: Session, current: str, new: str, repeat: str, fields: set[str]
) -> None:
    sam = make_user(session, pin="2468")
    session.commit()
    errors = change_own_pin(
        session=session, user_id=sam.id, current_pin=current, new_pin=new, repeat_pin=repeat
    )
    assert set(errors) == fields
    session.commit()
    assert _sign_in(session, "sam", "2468") is not None


def test_wrong_current_pins_lock_the_account(session: Session) -> None:
    sam = make_user(session, pin="2468")
    session.commit()
    for _ in range(MAX_FAILED_ATTEMPTS):
        errors = change_own_pin(
            session=session, user_id=sam.id, current_pin="0000", new_pin="864213", repeat_pin="864213"
        )
        session.commit()
    assert "wait" in errors["current_pin"]
    errors = change_own_pin(
        session=session, user_id=sam.id, current_pin="2468", new_pin="864213", repeat_pin="864213"
    )
    assert "Too many wrong PINs" in errors["current_pin"]
    assert _sign_in(session, "sam", "2468") is None  # locked for sign-in too


@pytest.mark.parametrize(
    ("value", "label"),
    [(None, "All localities"), ("clydesdale", "Clydesdale"), ("mars", "mars")],
)
def test_locality_label(value: str | None, label: str) -> None:
    assert locality_label(value) == label


@pytest.mark.parametrize(
    ("role", "label"), [("admin", "Admin"), ("reviewer", "Partnership reviewer"), ("x", "x")]
)
def test_role_label(role: str, label: str) -> None:
    assert role_label(role) == label
