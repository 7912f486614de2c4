"""summaries: pre-aggregated count cubes for the dashboards and the data version caches key on

Creates the summary tables (feedback/models/summaries.py) and the one-row data_version table, then
counts every existing comment, theme mention and rating answer into them (the same code as
`python -m feedback summaries rebuild`), so an upgraded database reads the same numbers as before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    from feedback.models.summaries import CUBES, cube_columns
    from feedback.summaries.store import rebuild

    for cube in CUBES:
        op.create_table(cube.name, *cube_columns(cube))
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")
    rebuild(op.get_bind())


def downgrade() -> None:
    """Revert this revision."""
    from feedback.models.summaries import CUBES

    op.drop_table("data_version")
    for cube in CUBES:
        op.drop_table(cube.name)
