"""Migration 0008 creates the summary cubes and counts the comments already stored into them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from alembic import command
from feedback.fixtures import CLYDESDALE, make_comment
from feedback.migrations import alembic_config, upgrade_schema
from feedback.summaries.store import data_version
from tests.feedback.summaries.summary_checks import recount, stored


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_upgrade_from_0007_backfills_the_summaries(engine: Engine, factory: sessionmaker[Session]) -> None:
    with factory() as session:
        for i, sentiment in enumerate(("positive", "negative", "neutral", "positive")):
            make_comment(
                session,
                sentiment=sentiment,
                themes=("housing", "staff")[: i % 3],
                created_at=dt.datetime(2025, 10, 26, 0, 30 + i, tzinfo=dt.UTC),
                rating="3" if i % 2 else None,
                locality=CLYDESDALE if i == 3 else "hamilton_blantyre_larkhall",
            )
        session.commit()
    expected = recount(engine)
    assert expected == stored(engine) and expected["summary_comment_day"]
    try:
        _downgrade(engine, "0007")
        assert "summary_comment_day" not in inspect(engine).get_table_names()
        upgrade_schema(engine)
        assert stored(engine) == expected
        with engine.connect() as conn:
            assert data_version(conn) == 1
    finally:
        upgrade_schema(engine)
