"""Database engines and sessions: SQLite with safe pragmas, or PostgreSQL.

On SQLite, read sessions open a plain deferred ``BEGIN`` (WAL lets them run beside a writer); only
``transaction(factory)`` takes ``BEGIN IMMEDIATE``, so a write waits for the lock at its start
rather than failing half-way. Keep slow work (the analysis) outside ``transaction``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from feedback.summaries.upkeep import install as install_summary_upkeep
from feedback.write_queue import write_turn

SQLITE_BUSY_TIMEOUT_MS = 10_000
IMMEDIATE = "feedback_immediate"  # execution option: this transaction writes
T = TypeVar("T")
log = logging.getLogger(__name__)
install_summary_upkeep()  # every session keeps the summaries and the data version (feedback.summaries)


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _on_sqlite_begin) so writes take the lock early.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # erased and purged text is overwritten, not left in free pages
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _on_sqlite_begin(connection) -> None:
    immediate = connection.get_execution_options().get(IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_sqlite(engine: Engine) -> bool:
    """True when the engine is SQLite."""
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, synchronous=FULL, foreign keys and secure delete.

    Statement parameters are hidden from errors, so a logged database failure never carries what
    people wrote.
    """
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit (reads use a deferred BEGIN)."""
    return sessionmaker(engine, expire_on_commit=False)


def sqlite_file(engine: Engine) -> str | None:
    """The path of an SQLite database file; None for PostgreSQL or an in-memory database."""
    database = engine.url.database if is_sqlite(engine) else None
    return str(Path(database).resolve()) if database and database != ":memory:" else None


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A write session in one transaction (BEGIN IMMEDIATE on SQLite): committed, or rolled back on error.

    SQLite writers first take their turn in the fair write queue (feedback.write_queue).
    """
    bind = factory.kw.get("bind")
    path = sqlite_file(bind) if isinstance(bind, Engine) else None
    turn = write_turn(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000) if path else nullcontext()
    with turn, factory() as session, session.begin():
        session.connection(execution_options={IMMEDIATE: True})
        yield session


def is_busy(exc: BaseException) -> bool:
    """True for a database that was busy or locked (worth one retry), never for bad data."""
    if not isinstance(exc, OperationalError):
        return False
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message or "deadlock" in message


def write(factory: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    """Run work in one write transaction; if the database was busy, run it once more."""
    try:
        with transaction(factory) as session:
            return work(session)
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        log.warning("database busy; retrying the write once")
    with transaction(factory) as session:
        return work(session)


def checkpoint(engine: Engine) -> bool:
    """Fold SQLite's write-ahead log into the database and empty it; True when it completed.

    Run after an erasure or a purge so deleted text does not linger in the -wal file.
    PostgreSQL needs nothing here.
    """
    if not is_sqlite(engine):
        return True
    try:
        raw = engine.raw_connection()  # autocommit (isolation_level None): no BEGIN around it
        try:
            cursor = raw.cursor()
            busy, _log_pages, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            cursor.close()
        finally:
            raw.close()
    except (
        sqlite3.Error,
        SQLAlchemyError,
    ) as exc:  # what was asked for is done; SQLite checkpoints again later
        log.warning("the SQLite checkpoint failed (%s)", type(exc).__name__)
        return False
    if busy:
        log.warning("the SQLite checkpoint could not finish while readers were active")
    return not busy
