"""capture count indexes: submissions per activity and channel, and per survey

The activity list, the card page and the kiosk page count submissions by activity (and channel)
and by survey; without these indexes each count scans the submission table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_index("ix_submission_activity_channel", "submission", ["activity_id", "channel"])
    op.create_index("ix_submission_survey", "submission", ["survey_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_submission_survey", table_name="submission")
    op.drop_index("ix_submission_activity_channel", table_name="submission")
