"""Apply Alembic migrations and the reference data, from code."""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy import Engine

from alembic import command
from feedback.db import make_session_factory, normalise_url, transaction
from feedback.reference_data import seed_reference_data
from feedback.settings import REPO_ROOT, Settings


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at this repository's migrations and the given database."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema to the newest revision over the engine's connection."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def migrate(engine: Engine, settings: Settings) -> dict[str, int]:
    """Upgrade the schema, then add reference data; return what was added."""
    upgrade_schema(engine)
    with transaction(make_session_factory(engine)) as session:
        return seed_reference_data(session, settings.surveys_dir)
