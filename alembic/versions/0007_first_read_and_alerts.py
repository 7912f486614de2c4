"""first read and alerts: every comment read by a person, disclosures and help requests routed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision; comments stored before it count as already read (no backlog)."""
    with op.batch_alter_table("submission") as batch:
        batch.add_column(sa.Column("help_requested", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("comment") as batch:
        # The analysis version now names the linear model, the encoder, both heads and the codebook.
        batch.alter_column("analysis_version", type_=sa.String(200), existing_type=sa.String(80))
        batch.add_column(sa.Column("safeguarding_risk", sa.Float(), nullable=True))
        batch.add_column(sa.Column("flag_decided_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("flag_decided_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("read_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key("fk_comment_flag_decided_by", "app_user", ["flag_decided_by"], ["id"])
        batch.create_foreign_key("fk_comment_read_by", "app_user", ["read_by"], ["id"])
        batch.create_index("ix_comment_read_at", ["read_at"])
    op.execute("UPDATE comment SET read_at = created_at")
    op.create_table(
        "safeguarding_alert",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "submission_id", sa.String(36), sa.ForeignKey("submission.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("comment_id", sa.Integer(), sa.ForeignKey("comment.id", ondelete="CASCADE"), nullable=True),
        sa.Column("reason", sa.String(10), nullable=False),
        sa.Column("raised_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(30), nullable=True),
        sa.Column("referred_to", sa.String(200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_safeguarding_alert_submission_id", "safeguarding_alert", ["submission_id"])
    op.create_index("ix_safeguarding_alert_comment_id", "safeguarding_alert", ["comment_id"])
    op.create_index("ix_safeguarding_alert_reviewed_at", "safeguarding_alert", ["reviewed_at"])
    # Flags already reviewed under the old single-note review become reviewed alerts; open ones stay open.
    op.execute(
        "INSERT INTO safeguarding_alert (submission_id, comment_id, reason, raised_at, reviewed_by, "
        "reviewed_at, outcome, note) SELECT submission_id, id, 'flag', created_at, safeguarding_reviewed_by, "
        "safeguarding_reviewed_at, CASE WHEN safeguarding_reviewed_at IS NULL THEN NULL ELSE 'recorded' END, "
        "safeguarding_note FROM comment WHERE safeguarding = true"
    )
    with op.batch_alter_table("comment") as batch:
        for column in ("safeguarding_note", "safeguarding_reviewed_at", "safeguarding_reviewed_by"):
            batch.drop_column(column)


def downgrade() -> None:
    """Revert this revision (reviews go back onto their comments; help requests are lost)."""
    with op.batch_alter_table("comment") as batch:
        batch.add_column(sa.Column("safeguarding_reviewed_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("safeguarding_reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("safeguarding_note", sa.Text(), nullable=True))
        batch.create_foreign_key(
            "fk_comment_safeguarding_reviewed_by", "app_user", ["safeguarding_reviewed_by"], ["id"]
        )
    op.execute(
        "UPDATE comment SET safeguarding_reviewed_by = a.reviewed_by, safeguarding_reviewed_at = a.reviewed_at, "
        "safeguarding_note = a.note FROM safeguarding_alert a WHERE a.comment_id = comment.id "
        "AND a.reviewed_at IS NOT NULL"
    )
    op.drop_table("safeguarding_alert")
    with op.batch_alter_table("comment") as batch:
        batch.drop_index("ix_comment_read_at")
        batch.drop_constraint("fk_comment_read_by", type_="foreignkey")
        batch.drop_constraint("fk_comment_flag_decided_by", type_="foreignkey")
        for column in ("read_at", "read_by", "flag_decided_at", "flag_decided_by", "safeguarding_risk"):
            batch.drop_column(column)
        batch.alter_column("analysis_version", type_=sa.String(80), existing_type=sa.String(200))
    with op.batch_alter_table("submission") as batch:
        batch.drop_column("help_requested")
