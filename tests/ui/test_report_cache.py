"""The overview and the statement are cached by data version: a rerun counts nothing, a write recounts."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from feedback.fixtures import BIG, make_activity, make_comment
from tests.ui.conftest import sign_in_state, signed_in

PAGES = Path(__file__).resolve().parents[2] / "ui"
REPORTED = re.compile(r"\b(summary_\w+|comment|submission|activity|attendance|answer|survey|app_setting)\b")


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine runs inside the block (but the background analysis worker)."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        if threading.current_thread().name != "analysis-worker":  # its own sweeps are not the page's
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def _counting(seen: list[str]) -> list[str]:
    return [s for s in seen if REPORTED.search(s) and "data_version" not in s]


def _open(factory: sessionmaker[Session], page: str) -> AppTest:
    at = AppTest.from_file(str(PAGES / page), default_timeout=60)
    sign_in_state(at, signed_in(factory, "reviewer"))
    return at.run()


def test_overview_rerun_runs_no_count_until_a_write(seeded: sessionmaker[Session]) -> None:
    at = _open(seeded, "overview.py")
    assert not at.exception
    with statements() as seen:
        at.run()
    assert not at.exception
    assert any("data_version" in s for s in seen), "the rerun reads the data version"
    assert _counting(seen) == [], "a rerun with the same filters must not count again"
    with seeded() as session:
        make_comment(session, locality=BIG, sentiment="positive", themes=("housing",))
        session.commit()
    with statements() as seen:
        at.run()
    assert not at.exception
    assert any("summary_comment" in s for s in _counting(seen)), "a write must be seen at once"


def test_statement_rerun_runs_no_query_but_the_version(seeded: sessionmaker[Session]) -> None:
    at = _open(seeded, "statement.py")
    assert not at.exception
    with statements() as seen:
        at.run()
    assert not at.exception and _counting(seen) == []
    with seeded() as session:
        make_activity(session, title="A new event", start_date=dt.date.today())
        session.commit()
    with statements() as seen:
        at.run()
    assert any("activity" in s for s in _counting(seen))
