"""The PIN rules by role, and what the hasher keeps."""

from __future__ import annotations

import pytest

from feedback.admin.pins import check_pin_policy, hash_pin, is_trivial, needs_rehash
from feedback.settings import SettingsError, settings_from_env


@pytest.mark.parametrize(
    ("pin", "role", "words"),
    [
        ("482613", "staff", None),
        ("48261", "staff", "at least 6 digits"),
        ("4826", "locality_lead", "at least 6 digits"),
        ("482613", "reviewer", None),
        ("abcdef", "staff", "Too short"),
        ("a long passphrase", "staff", None),
        ("482613", "admin", "passphrase of 12"),
        ("482613579", "admin", "at least 10 digits"),
        ("4826135790", "admin", None),
        ("correct horse battery", "admin", None),
        ("short words", "admin", "Too short"),
        ("111111", "staff", "too easy"),
        ("123456", "staff", "too easy"),
        ("987654", "staff", "too easy"),
        ("8901234567", "admin", "too easy"),
        ("", "staff", "Type a PIN"),
        (" 482613", "staff", "spaces"),
        ("x" * 129, "admin", "128 characters"),
    ],
)
def test_pin_policy(pin: str, role: str, words: str | None) -> None:
    message = check_pin_policy(pin, role)
    if words is None:
        assert message is None
    else:
        assert message is not None and words in message


@pytest.mark.parametrize(("pin", "trivial"), [("000000", True), ("135790", False), ("112233", False)])
def test_trivial_pins(pin: str, trivial: bool) -> None:
    assert is_trivial(pin) is trivial


def test_old_and_other_cost_hashes_need_rehashing() -> None:
    assert needs_rehash("pbkdf2_sha256$120000$00$00")
    other_cost = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"
    assert needs_rehash(other_cost)  # the suite hashes with the cheapest profile
    assert not needs_rehash(hash_pin("482613"))


def test_the_hash_profile_setting_accepts_only_the_known_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDBACK_PIN_HASH", "fast")
    with pytest.raises(SettingsError, match="FEEDBACK_PIN_HASH must be one of"):
        settings_from_env()
    monkeypatch.delenv("FEEDBACK_PIN_HASH")
    assert settings_from_env().pin_hash == "standard"
