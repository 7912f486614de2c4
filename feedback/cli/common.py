"""What every command shares: one clear-line error and a session factory on the configured database."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from feedback.db import make_engine, make_session_factory
from feedback.settings import Settings, get_settings


class CommandError(RuntimeError):
    """A failure to report as one clear line."""


def settings_and_factory() -> tuple[Settings, sessionmaker[Session]]:
    """The settings and a session factory on the configured database."""
    settings = get_settings()
    return settings, make_session_factory(make_engine(settings.database_url))
