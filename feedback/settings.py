"""One settings object, read from the environment once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.suppression import DEFAULT_K, MIN_K

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'feedback.db'}"
PIN_HASH_PROFILES = ("standard", "cheap-for-tests-only")  # the second only ever in the test suite


class SettingsError(ValueError):
    """A setting in the environment is not usable."""


def _int_env(name: str, default: int, *, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {value}.")
    return value


@dataclass(frozen=True)
class Settings:
    """Configuration of one app or command-line process."""

    database_url: str
    suppression_k: int
    kiosk_timeout_seconds: int
    kiosk_warning_seconds: int
    receipt_seconds: int
    session_idle_minutes: int
    undo_seconds: int
    retention_days: int
    read_within_working_days: int
    flagged_read_within_hours: int
    surveys_dir: Path
    pin_hash: str = "standard"

    @property
    def is_sqlite(self) -> bool:
        """True when the database is a SQLite file."""
        return self.database_url.startswith("sqlite")


def _pin_hash_env() -> str:
    value = os.environ.get("FEEDBACK_PIN_HASH", "").strip() or PIN_HASH_PROFILES[0]
    if value not in PIN_HASH_PROFILES:
        raise SettingsError(
            f"FEEDBACK_PIN_HASH must be one of {', '.join(PIN_HASH_PROFILES)}, not {value!r}."
        )
    return value


def settings_from_env() -> Settings:
    """Build settings from FEEDBACK_* environment variables."""
    return Settings(
        database_url=os.environ.get("FEEDBACK_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
        suppression_k=_int_env("FEEDBACK_SUPPRESSION_K", DEFAULT_K, minimum=MIN_K),
        kiosk_timeout_seconds=_int_env("FEEDBACK_KIOSK_TIMEOUT", 120, minimum=15),
        kiosk_warning_seconds=_int_env("FEEDBACK_KIOSK_WARNING", 30, minimum=5),
        receipt_seconds=_int_env("FEEDBACK_RECEIPT_SECONDS", 60, minimum=10),
        session_idle_minutes=_int_env("FEEDBACK_SESSION_IDLE_MINUTES", 30, minimum=1),
        undo_seconds=_int_env("FEEDBACK_UNDO_SECONDS", 30, minimum=5),
        retention_days=_int_env("FEEDBACK_RETENTION_DAYS", 730, minimum=30),
        read_within_working_days=_int_env("FEEDBACK_READ_WITHIN_WORKING_DAYS", 3, minimum=1),
        flagged_read_within_hours=_int_env("FEEDBACK_FLAGGED_READ_WITHIN_HOURS", 4, minimum=1),
        surveys_dir=Path(os.environ.get("FEEDBACK_SURVEYS_DIR", "") or DATA_DIR / "surveys"),
        pin_hash=_pin_hash_env(),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return settings_from_env()
