"""Text search on the redacted comment text, served by an index on each database.

SQLite: an FTS5 table ``comment_fts`` with the trigram tokenizer over ``comment.redacted_text``
(external content, kept in step by triggers; alembic 0009). A search of three characters or more
is a phrase query on it, which matches the same rows as a case-insensitive substring search.
PostgreSQL: a pg_trgm GIN index on the column serves ``ILIKE '%...%'`` as it is. Searches shorter
than three characters cannot use a trigram index and read the column on both databases.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ColumnElement, bindparam, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from feedback.models import Comment

TRIGRAM = 3
SQLITE_TABLE = "comment_fts"
POSTGRES_INDEX = "ix_comment_redacted_trgm"
# Made by the migration, not by the models: schema comparisons leave them alone.
SEARCH_OBJECTS = frozenset(
    {
        SQLITE_TABLE,
        *(f"{SQLITE_TABLE}_{part}" for part in ("data", "idx", "docsize", "config", "content")),
        POSTGRES_INDEX,
    }
)


def escape_like(text: str) -> str:
    """Escape LIKE wildcards (``%``, ``_``) and the escape character itself."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts_phrase(text: str) -> str:
    """An FTS5 query matching the text as one phrase (a substring, with the trigram tokenizer)."""
    return '"' + text.replace('"', '""') + '"'


class _ContainsText(FunctionElement):
    """Comment.redacted_text contains a text: (FTS5 phrase, ILIKE pattern), one used per database."""

    type = Boolean()
    inherit_cache = True
    name = "contains_text"


@compiles(_ContainsText, "sqlite")
def _sqlite_contains(element: _ContainsText, compiler, **kw) -> str:
    phrase, _ = element.clauses
    match = compiler.process(phrase, **kw)
    return f"comment.id IN (SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH {match})"


@compiles(_ContainsText)
def _ilike_contains(element: _ContainsText, compiler, **kw) -> str:
    _, pattern = element.clauses
    return compiler.process(Comment.redacted_text.ilike(pattern, escape="\\"), **kw)


def contains_text(search: str) -> ColumnElement[bool]:
    """Comments whose redacted text contains ``search``, case-insensitively, using the search index."""
    pattern = f"%{escape_like(search)}%"
    if len(search) < TRIGRAM:  # a trigram index cannot serve it: read the column
        return Comment.redacted_text.ilike(pattern, escape="\\")
    return _ContainsText(bindparam(None, fts_phrase(search)), bindparam(None, pattern))  # type: ignore[return-value]


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's name filter: leave the search index objects (made by a migration) out of comparisons."""
    return name not in SEARCH_OBJECTS


def scrub_search_index(session: Session) -> None:
    """Rewrite SQLite's search index so deleted comments leave no trace in its pages.

    The delete trigger takes a comment out of every search at once, but FTS5 (before SQLite
    3.42's secure-delete) only marks old entries deleted until segments merge; ``optimize``
    merges them now. Run after an erasure or a withdrawal. PostgreSQL's index entries go with
    the table's dead rows at the next (auto)vacuum.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('optimize')"))
