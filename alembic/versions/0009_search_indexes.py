"""search and paging indexes: trigram text search on the redacted comment text, activity order

The comments explorer searched with ``ILIKE '%...%'``, which reads every comment. SQLite gets an
FTS5 index with the trigram tokenizer over ``comment.redacted_text`` (external content: the index
holds no second copy of the text) kept in step by triggers on insert, update and delete, so an
erased or purged comment leaves the index in the same transaction. PostgreSQL gets a pg_trgm GIN
index on the same column, which serves ``ILIKE '%...%'`` directly. Both are built over the rows
already stored. The activity list pages newest first by (start_date, id), which gets an index.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE comment_fts USING fts5("
    "redacted_text, content='comment', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER comment_fts_insert AFTER INSERT ON comment BEGIN "
    "INSERT INTO comment_fts(rowid, redacted_text) VALUES (new.id, new.redacted_text); END",
    "CREATE TRIGGER comment_fts_delete AFTER DELETE ON comment BEGIN "
    "INSERT INTO comment_fts(comment_fts, rowid, redacted_text) "
    "VALUES ('delete', old.id, old.redacted_text); END",
    "CREATE TRIGGER comment_fts_update AFTER UPDATE OF redacted_text ON comment BEGIN "
    "INSERT INTO comment_fts(comment_fts, rowid, redacted_text) "
    "VALUES ('delete', old.id, old.redacted_text); "
    "INSERT INTO comment_fts(rowid, redacted_text) VALUES (new.id, new.redacted_text); END",
    "INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS comment_fts_update",
    "DROP TRIGGER IF EXISTS comment_fts_delete",
    "DROP TRIGGER IF EXISTS comment_fts_insert",
    "DROP TABLE IF EXISTS comment_fts",
)
POSTGRES_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_comment_redacted_trgm ON comment USING gin (redacted_text gin_trgm_ops)",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_comment_redacted_trgm",)


def upgrade() -> None:
    """Apply this revision."""
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP
    for statement in statements:
        op.execute(statement)
    op.create_index("ix_activity_start_date_id", "activity", ["start_date", "id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_activity_start_date_id", table_name="activity")
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN
    for statement in statements:
        op.execute(statement)
