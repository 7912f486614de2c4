"""PINs and passphrases: Argon2id hashing (argon2-cffi), old PBKDF2 hashes, and the rules by role.

Production uses argon2-cffi's default profile (RFC 9106 low-memory: Argon2id, 64 MiB, 3 passes,
4 lanes). The test suite sets FEEDBACK_PIN_HASH=cheap-for-tests-only (tests/__init__.py) to use
the cheapest profile; a hash made that way is upgraded at the next sign-in under the standard one.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import logging
import os
from functools import lru_cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from feedback.access import ADMIN
from feedback.settings import PIN_HASH_PROFILES, get_settings

log = logging.getLogger(__name__)

CHEAP_FOR_TESTS = PIN_HASH_PROFILES[1]
LEGACY_PREFIX = "pbkdf2_sha256$"
MIN_STAFF_DIGITS = 6
MIN_ADMIN_DIGITS = 10
MIN_PASSPHRASE = 12
MAX_SECRET = 128
STAFF_RULE = f"A PIN is at least {MIN_STAFF_DIGITS} digits (or use a passphrase of {MIN_PASSPHRASE} or more characters)."
ADMIN_RULE = (
    f"An admin needs a passphrase of {MIN_PASSPHRASE} or more characters, or a PIN of at least "
    f"{MIN_ADMIN_DIGITS} digits."
)


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """The process's Argon2id hasher (production profile unless the test setting is on)."""
    if get_settings().pin_hash == CHEAP_FOR_TESTS:
        log.warning("PIN hashing uses the cheapest Argon2 profile: for the test suite only.")
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash of a random secret, checked when there is no account, so both answers take as long."""
    return _hasher().hash(os.urandom(16).hex())


def hash_pin(pin: str) -> str:
    """An Argon2id hash of a PIN or passphrase."""
    return _hasher().hash(pin)


def _legacy_matches(pin: str, stored: str) -> bool:
    try:
        _, iterations, salt, digest = stored.split("$")
        check = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(check.hex(), digest)


def pin_matches(pin: str, stored: str) -> bool:
    """True when a PIN matches its stored hash (Argon2id, or an old PBKDF2 one)."""
    if stored.startswith(LEGACY_PREFIX):
        return _legacy_matches(pin, stored)
    try:
        return _hasher().verify(stored, pin)
    except (VerificationError, InvalidHashError):
        return False


def burn_check(pin: str) -> None:
    """Spend the time of one check against a dummy hash (unknown, switched-off or locked account)."""
    pin_matches(pin, _dummy_hash())


def needs_rehash(stored: str) -> bool:
    """True when a stored hash is PBKDF2 or uses other Argon2 parameters than this process."""
    if stored.startswith(LEGACY_PREFIX):
        return True
    try:
        return _hasher().check_needs_rehash(stored)
    except InvalidHashError:
        return True


def is_trivial(pin: str) -> bool:
    """True for one digit repeated or a straight run (111111, 123456, 987654)."""
    if not pin.isdigit():
        return False
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    return len(steps) == 1 and steps <= {0, 1, 9}


def rule_for(role: str | None) -> str:
    """The PIN rule of a role, in plain words."""
    return ADMIN_RULE if role == ADMIN else STAFF_RULE


def check_pin_policy(pin: str, role: str | None) -> str | None:
    """A message when a PIN or passphrase breaks the rule of the role, else None."""
    if not pin:
        return "Type a PIN. " + rule_for(role)
    if len(pin) > MAX_SECRET:
        return f"Shorten it to {MAX_SECRET} characters or fewer."
    if pin != pin.strip():
        return "Remove the spaces at the start or end."
    minimum = MIN_ADMIN_DIGITS if role == ADMIN else MIN_STAFF_DIGITS
    long_enough = len(pin) >= MIN_PASSPHRASE or (pin.isdigit() and len(pin) >= minimum)
    if not long_enough:
        return "Too short. " + rule_for(role)
    if is_trivial(pin):
        return "That PIN is too easy to guess (one digit repeated or a run). Choose another."
    return None
