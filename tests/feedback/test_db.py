"""The read/write transaction split on both databases: reads never block a writer; writes retry once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from feedback.admin import audit
from feedback.db import checkpoint, is_busy, make_engine, make_session_factory, transaction, write
from feedback.migrations import upgrade_schema
from feedback.models import AuditEvent


def count_events(factory: sessionmaker[Session]) -> int:
    """Audit events stored."""
    with factory() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def record(session: Session) -> None:
    """A small write."""
    audit.record(session=session, user_id=None, event="test.write")


def test_sqlite_reads_begin_deferred_and_writes_begin_immediate(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'split.db'}")
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    begins: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("BEGIN"):
            begins.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with factory() as session:
            session.execute(text("SELECT 1"))
        with transaction(factory) as session:
            record(session)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
        engine.dispose()
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]


def test_an_open_read_session_does_not_hold_up_a_write(factory: sessionmaker[Session]) -> None:
    with factory() as reader:
        before = reader.scalar(select(func.count()).select_from(AuditEvent))  # the read transaction is open
        started = time.monotonic()
        with transaction(factory) as session:
            record(session)
        waited = time.monotonic() - started
        if factory.kw["bind"].dialect.name == "sqlite":  # the reader keeps its WAL snapshot
            assert reader.scalar(select(func.count()).select_from(AuditEvent)) == before
    assert waited < 2.0
    assert count_events(factory) == before + 1


def test_a_write_retries_once_when_the_database_is_busy(factory: sessionmaker[Session]) -> None:
    calls: list[int] = []

    def flaky(session: Session) -> str:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
        record(session)
        return "stored"

    assert write(factory, flaky) == "stored"
    assert len(calls) == 2
    assert count_events(factory) == 1


def test_a_write_is_not_retried_for_other_errors_and_stores_nothing(factory: sessionmaker[Session]) -> None:
    calls: list[int] = []

    def broken(session: Session) -> None:
        calls.append(1)
        record(session)
        session.flush()
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    with pytest.raises(OperationalError):
        write(factory, broken)
    assert len(calls) == 1
    assert count_events(factory) == 0


def test_a_write_busy_twice_gives_up(factory: sessionmaker[Session]) -> None:
    def always_busy(_session: Session) -> None:
        raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))

    with pytest.raises(OperationalError) as caught:
        write(factory, always_busy)
    assert is_busy(caught.value)


def test_checkpoint_completes_when_nobody_reads(engine: Engine, factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        record(session)
    assert checkpoint(engine)
