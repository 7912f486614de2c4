"""Random tokens a browser holds (kiosk device, staff session), and what the database keeps of them."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """A fresh random token for a browser to hold (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token: its SHA-256 in hex, so a copy of the database opens nothing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
