"""Staff accounts: hashing, sign-in, lock-out."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from feedback.admin.auth import authenticate, hash_pin, pin_matches, verify_user_pin
from feedback.fixtures import make_user
from feedback.validation import ValidationError


def test_pin_hash_round_trip() -> None:
    stored = hash_pin("4321")
    assert "4321" not in stored
    assert pin_matches("4321", stored)
    assert not pin_matches("4322", stored)
    assert not pin_matches("4321", "garbage")


def test_sign_in_and_lock_out(session: Session) -> None:
    user = make_user(session, pin="2468")
    session.commit()
    assert authenticate(session=session, username="SAM", pin="2468").id == user.id
    for _ in range(5):
        assert authenticate(session=session, username="sam", pin="0000") is None
    assert authenticate(session=session, username="sam", pin="2468") is None  # locked
    assert verify_user_pin(session=session, user_id=user.id, pin="2468")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"pin": "12"}, "pin"),
        ({"pin": "abcd"}, "pin"),
        ({"role": "boss"}, "role"),
        ({"role": "locality_lead"}, "locality"),
        ({"username": "no spaces"}, "username"),
    ],
)
def test_create_user_refuses_bad_input(session: Session, kwargs: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make_user(session, **kwargs)
    assert field in caught.value.errors


def test_duplicate_username_refused(session: Session) -> None:
    make_user(session)
    with pytest.raises(ValidationError) as caught:
        make_user(session)
    assert "taken" in caught.value.errors["username"]
