"""Staff accounts on both databases: Argon2id hashing, old hashes upgraded, sign-in, lock-out."""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from feedback.admin import auth
from feedback.admin.auth import MAX_FAILED_ATTEMPTS, authenticate, hash_pin, pin_matches, verify_user_pin
from feedback.admin.users import is_locked
from feedback.fixtures import make_user
from feedback.models import AuditEvent, User
from feedback.validation import ValidationError

PARALLEL_GUESSES = 40


def _pbkdf2(pin: str, salt: str = "00" * 16, iterations: int = 120_000) -> str:
    """A hash as the app stored it before Argon2id."""
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def test_pin_hash_is_argon2id_and_round_trips() -> None:
    stored = hash_pin("432187")
    assert stored.startswith("$argon2id$") and "432187" not in stored
    assert pin_matches("432187", stored)
    assert not pin_matches("432188", stored)
    assert not pin_matches("432187", "garbage")
    assert hash_pin("432187") != stored  # salted


def test_old_pbkdf2_hashes_still_verify() -> None:
    assert pin_matches("2468", _pbkdf2("2468"))
    assert not pin_matches("2469", _pbkdf2("2468"))


def test_an_old_hash_is_upgraded_at_the_next_sign_in(
    session: Session, factory: sessionmaker[Session]
) -> None:
    user = make_user(session, pin="246813")
    user.pin_hash = _pbkdf2("246813")
    session.commit()
    assert authenticate(factory=factory, username="sam", pin="999999") is None
    with factory() as check:
        assert check.get(User, user.id).pin_hash.startswith("pbkdf2_sha256$")  # not on a wrong PIN
    assert authenticate(factory=factory, username="sam", pin="246813") is not None
    with factory() as check:
        stored = check.get(User, user.id).pin_hash
        assert stored.startswith("$argon2id$") and pin_matches("246813", stored)
        assert "user.pin_upgrade" in set(check.scalars(select(AuditEvent.event)))
    assert authenticate(factory=factory, username="sam", pin="246813") is not None


def test_sign_in_and_lock_out(session: Session, factory: sessionmaker[Session]) -> None:
    user = make_user(session, pin="246813")
    session.commit()
    assert authenticate(factory=factory, username=" SAM ", pin="246813").id == user.id
    for _ in range(MAX_FAILED_ATTEMPTS):
        assert authenticate(factory=factory, username="sam", pin="000000") is None
    assert authenticate(factory=factory, username="sam", pin="246813") is None  # locked
    with factory() as check:
        assert verify_user_pin(session=check, user_id=user.id, pin="246813")
        events = list(check.scalars(select(AuditEvent.event).where(AuditEvent.user_id == user.id)))
    assert events.count("signin.attempt") == MAX_FAILED_ATTEMPTS + 1 and "signin.refused" in events


def test_a_right_pin_clears_earlier_failures(session: Session, factory: sessionmaker[Session]) -> None:
    make_user(session, pin="246813")
    session.commit()
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert authenticate(factory=factory, username="sam", pin="000000") is None
    assert authenticate(factory=factory, username="sam", pin="246813") is not None
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert authenticate(factory=factory, username="sam", pin="000000") is None
    assert authenticate(factory=factory, username="sam", pin="246813") is not None


def test_unknown_and_switched_off_accounts_are_checked_against_a_dummy_hash(
    session: Session, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    off = make_user(session, username="off", pin="246813")
    off.active = False
    session.commit()
    burned: list[str] = []
    monkeypatch.setattr(auth, "burn_check", burned.append)
    assert authenticate(factory=factory, username="nobody", pin="246813") is None
    assert authenticate(factory=factory, username="off", pin="246813") is None
    assert burned == ["246813", "246813"]


def test_pin_rule_weakness_is_reported_at_sign_in(session: Session, factory: sessionmaker[Session]) -> None:
    make_user(session, username="boss", role="admin", pin="864213")  # a staff-length PIN on an admin
    make_user(session, username="sam", pin="864213")
    session.commit()
    assert authenticate(factory=factory, username="boss", pin="864213").pin_meets_rule is False
    assert authenticate(factory=factory, username="sam", pin="864213").pin_meets_rule is True


def test_parallel_guesses_get_at_most_five_checks(
    session: Session, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 wrong guesses at once, each with its own sessions: at most 5 reach the hash."""
    user = make_user(session, pin="246813")
    session.commit()
    checked: list[str] = []
    lock = threading.Lock()
    real = auth.pin_matches

    def slow_counting_check(pin: str, stored: str) -> bool:
        with lock:
            checked.append(pin)
        time.sleep(0.05)  # widen the window a read-modify-write count would lose
        return real(pin, stored)

    monkeypatch.setattr(auth, "pin_matches", slow_counting_check)
    start = threading.Barrier(PARALLEL_GUESSES)

    def guess(n: int) -> bool:
        start.wait()
        return authenticate(factory=factory, username="sam", pin=f"{n:06d}") is not None

    with ThreadPoolExecutor(max_workers=PARALLEL_GUESSES) as pool:
        results = list(pool.map(guess, range(100_000, 100_000 + PARALLEL_GUESSES)))
    assert not any(results)
    assert 1 <= len(checked) <= MAX_FAILED_ATTEMPTS
    assert authenticate(factory=factory, username="sam", pin="246813") is None  # locked, right PIN or not
    with factory() as check:
        assert is_locked(check.get(User, user.id))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"pin": ""}, "pin"),
        ({"pin": "x" * 129}, "pin"),
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
