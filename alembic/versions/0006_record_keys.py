"""record keys: a fixed random key per comment, kiosk answer and headcount line (cell-key method)

Every published count of people or comments is perturbed by the sum of its records' keys
(analysis/disclosure.py), so the same records read the same in every table and period. Rows that
exist already get a random key here.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("comment", "answer", "attendance")
KEY_SPACE = 1 << 24


def _random_key() -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"floor(random() * {KEY_SPACE})::integer"
    return f"abs(random()) % {KEY_SPACE}"


def upgrade() -> None:
    """Apply this revision."""
    for table in TABLES:
        op.add_column(table, sa.Column("record_key", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET record_key = {_random_key()}")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("record_key", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    """Revert this revision."""
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("record_key")
