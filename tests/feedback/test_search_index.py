"""The comment search index on both databases: built by the migration, kept in step with every change."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from alembic import command
from feedback.admin.erasure import erase_now, find_submission
from feedback.db import transaction
from feedback.fixtures import ADMIN, lead, make_comment
from feedback.migrations import alembic_config, upgrade_schema
from feedback.models import Comment, Submission
from feedback.review.comments import CommentFilter, count_comments, list_comments
from feedback.search_index import POSTGRES_INDEX, SQLITE_TABLE, contains_text, fts_phrase

SECRET = "zebracrossing by Quillfeather"


def found(session: Session, search: str, viewer=ADMIN) -> set[int]:
    """Ids the explorer finds for a search."""
    page = list_comments(session=session, filters=CommentFilter(search=search), viewer=viewer, page_size=200)
    return {r.id for r in page.rows}


def indexed(session: Session, search: str) -> set[int]:
    """Ids the search index itself holds for a search (SQLite: the FTS5 table directly)."""
    if session.get_bind().dialect.name != "sqlite":
        return set(session.scalars(select(Comment.id).where(contains_text(search))))
    query = text(f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH :q")
    return set(session.scalars(query, {"q": fts_phrase(search)}))


@pytest.mark.parametrize(
    ("search", "hit"),
    [
        ("zebra", True),
        ("ZEBRACROSS", True),
        ("g by q", True),  # spaces are part of the substring
        ("quill", True),
        ("crossing by q", True),
        ("zebras", False),
        ('"zeb', False),  # a quote is searched for, not a syntax error
        ("ze", True),  # shorter than a trigram: read from the column
        ("%", False),
    ],
)
def test_search_is_a_case_insensitive_substring(session: Session, search: str, hit: bool) -> None:
    comment = make_comment(session, text=SECRET)
    make_comment(session, text="Nothing to see")
    session.commit()
    assert found(session, search) == ({comment.id} if hit else set())


def test_the_index_follows_inserts_updates_and_deletes(session: Session) -> None:
    comment = make_comment(session, text=SECRET)
    session.commit()
    assert indexed(session, "zebra") == {comment.id}
    session.execute(
        update(Comment).where(Comment.id == comment.id).values(redacted_text="A warm [NAME]"),
        execution_options={"summaries": "unchanged"},  # new wording, same counts
    )
    session.commit()
    assert indexed(session, "zebra") == set() and indexed(session, "warm") == {comment.id}
    session.delete(session.get(Submission, comment.submission_id))  # the card and its comments
    session.commit()
    assert indexed(session, "warm") == set()


def test_erased_and_withdrawn_text_leaves_the_index(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        card = make_comment(session, text=SECRET)
        kiosk = make_comment(session, text="zebra at the kiosk", channel="kiosk")
        kept = make_comment(session, text="zebra kept")
        card_sub, kiosk_sub = card.submission_id, kiosk.submission_id
        ids = (card.id, kiosk.id, kept.id)
    with factory() as session:
        assert indexed(session, "zebra") == set(ids)
        code = session.get(Submission, kiosk_sub).receipt_code
    erase_now(factory=factory, viewer=ADMIN, submission_id=card_sub, reason="subject_request")
    with factory() as session:
        target = find_submission(session=session, viewer=ADMIN, receipt_code=code)
    assert target is not None
    erase_now(factory=factory, viewer=ADMIN, submission_id=target.submission_id, reason="subject_request")
    with factory() as session:
        assert indexed(session, "zebra") == {ids[2]}
        assert indexed(session, "quillfeather") == set() and found(session, "kiosk") == set()


# SQLite only: PostgreSQL's index drops dead rows with the table at (auto)vacuum.
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_sqlite_index_keeps_no_trace_of_erased_text(engine: Engine, factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        make_comment(session, text="Nothing to see")
        gone = make_comment(session, text=SECRET).submission_id
    erase_now(factory=factory, viewer=ADMIN, submission_id=gone, reason="subject_request")
    after_erasure = index_pages(engine)
    with engine.begin() as conn:
        conn.execute(text(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')"))
    assert after_erasure == index_pages(engine)  # the same pages as an index of the remaining rows alone


def index_pages(engine: Engine) -> list[bytes]:
    """The FTS5 index's leaf pages (the terms), not its segment layout or row counts."""
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, block FROM {SQLITE_TABLE}_data WHERE id NOT IN (1, 10)")).all()
    return sorted(block for _, block in rows)


def test_search_keeps_to_the_viewers_scope(session: Session) -> None:
    mine = make_comment(session, text="zebra here", locality="hamilton_blantyre_larkhall").id
    make_comment(session, text="zebra there", locality="clydesdale")
    flagged = make_comment(session, text="zebra flagged", safeguarding=True).id
    session.commit()
    assert found(session, "zebra", lead()) == {mine, flagged}
    reviewer = ADMIN.__class__(user_id=None, role="reviewer")
    assert flagged not in found(session, "zebra", reviewer)
    assert count_comments(session=session, filters=CommentFilter(search="zebra"), viewer=lead()) == 2


def test_the_migration_indexes_comments_already_stored(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        config = alembic_config(url)
        config.attributes["connection"] = conn
        command.downgrade(config, "0008")  # before the search index
    try:
        with transaction(factory) as session:
            before = make_comment(session, text=SECRET, created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).id
    finally:
        upgrade_schema(engine)
    with factory() as session:
        assert indexed(session, "zebra") == {before} == found(session, "quill")
        if engine.dialect.name == "postgresql":
            names = session.scalars(text("SELECT indexname FROM pg_indexes WHERE tablename = 'comment'"))
            assert POSTGRES_INDEX in set(names)
