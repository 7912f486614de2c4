"""kiosk devices and staff sessions kept server-side; a client token that makes activity saves idempotent

A reload, a dropped connection or a browser Back finds the kiosk (kiosk_device) and the staff
sign-in (staff_session) again through a random token held by the browser; only the token's
SHA-256 is stored. activity.client_token is made when the form is shown, so a double tap stores
one activity.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "staff_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("drafts", sa.JSON(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_seen", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_staff_session_last_seen", "staff_session", ["last_seen"])
    op.create_index("ix_staff_session_user_id", "staff_session", ["user_id"])
    op.create_table(
        "kiosk_device",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("locality", sa.String(length=40), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("screen", sa.String(length=20), nullable=False),
        sa.Column("question_index", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("drafts", sa.JSON(), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=True),
        sa.Column("receipt_code", sa.String(length=12), nullable=True),
        sa.Column("screen_at", WHEN, nullable=False),
        sa.Column("last_activity", WHEN, nullable=False),
        sa.Column("warned_at", WHEN, nullable=True),
        sa.Column("wrong_pins", sa.Integer(), nullable=False),
        sa.Column("pin_wait_until", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["staff_user_id"], ["app_user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_kiosk_device_staff_user_id", "kiosk_device", ["staff_user_id"])
    op.add_column("activity", sa.Column("client_token", sa.String(length=36), nullable=True))
    op.create_index("ix_activity_client_token", "activity", ["client_token"], unique=True)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_activity_client_token", table_name="activity")
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_column("client_token")
    op.drop_index("ix_kiosk_device_staff_user_id", table_name="kiosk_device")
    op.drop_table("kiosk_device")
    op.drop_index("ix_staff_session_user_id", table_name="staff_session")
    op.drop_index("ix_staff_session_last_seen", table_name="staff_session")
    op.drop_table("staff_session")
