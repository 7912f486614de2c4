"""Shared fixtures: a migrated database per backend (SQLite and PostgreSQL), emptied per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from feedback.db import make_engine, make_session_factory, transaction
from feedback.migrations import upgrade_schema
from feedback.models import Base
from feedback.reference_data import seed_reference_data
from feedback.settings import DATA_DIR

BACKENDS = ("sqlite", "postgresql")
# The app's setting: one encoder thread per call, whatever an in-process `analysis score` test
# would otherwise choose for a batch job.
os.environ.setdefault("FEEDBACK_ENCODER_THREADS", "1")
REQUIRE_ALL = os.environ.get("FEEDBACK_REQUIRE_ALL_TESTS") == "1" or os.environ.get("CI") == "true"


def postgres_url() -> str | None:
    """The throwaway PostgreSQL database `make test` starts, if any."""
    return os.environ.get("FEEDBACK_TEST_POSTGRES_URL") or None


def missing_service(what: str) -> None:
    """Fail in CI and under `make test`; skip, saying why, in a bare local run."""
    message = f"{what} is not available: run the suite with `make test`, which starts it."
    if REQUIRE_ALL:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def migrated_engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Engine]]:
    """One migrated engine per backend, made lazily."""
    engines: dict[str, Engine] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


def _engine_for(backend: str, engines: dict[str, Engine], tmp: Path) -> Engine:
    if backend not in engines:
        if backend == "sqlite":
            url = f"sqlite:///{tmp / 'test.db'}"
        else:
            url = postgres_url()
            if url is None:
                missing_service("PostgreSQL")
        engine = make_engine(url)
        if backend == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade_schema(engine)
        engines[backend] = engine
    return engines[backend]


def empty_database(engine: Engine) -> None:
    """Delete every row from every table, children first.

    An app's analysis worker started by an earlier test may still sweep the same database; if
    PostgreSQL picks the emptying as the loser of a deadlock with it, empty it again.
    """
    for attempt in range(3):
        try:
            _empty_once(engine)
            return
        except OperationalError as exc:
            if "deadlock" not in str(exc.orig).lower() or attempt == 2:
                raise


def _empty_once(engine: Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture(params=BACKENDS)
def engine(
    request: pytest.FixtureRequest,
    migrated_engines: dict[str, Engine],
    tmp_path_factory: pytest.TempPathFactory,
) -> Engine:
    """A migrated, empty database with reference data, on each backend in turn."""
    engine = _engine_for(request.param, migrated_engines, tmp_path_factory.mktemp(request.param))
    empty_database(engine)
    with transaction(make_session_factory(engine)) as session:
        seed_reference_data(session, DATA_DIR / "surveys")
    return engine


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory on the test database."""
    return make_session_factory(engine)


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session on the test database; tests commit what they need."""
    with factory() as session:
        yield session
