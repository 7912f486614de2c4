"""user sso e-mail: the address a partner's single sign-on must match to open an account

Roles are still granted in the app: an OpenID Connect sign-in opens only the active account whose
e-mail (stored lower-case, unique) matches the identity provider's.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.add_column("app_user", sa.Column("email", sa.String(length=254), nullable=True))
    op.create_index("ix_app_user_email", "app_user", ["email"], unique=True)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_app_user_email", table_name="app_user")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("email")
