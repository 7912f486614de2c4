"""review indexes: comment lookups by submission that cover the overview's summaries

Without it SQLite joins comment to submission through ix_comment_safeguarding (almost every row
is 0), which made the one-locality overview quadratic; with it the join is an index-only lookup.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["submission_id", "safeguarding", "question_type", "sentiment", "human_sentiment"]


def upgrade() -> None:
    """Apply this revision."""
    op.create_index("ix_comment_submission_summary", "comment", COLUMNS)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_comment_submission_summary", table_name="comment")
