"""user roles: additional roles besides the primary one

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 07:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing users hold only their primary role: the server default fills the new column with an empty
    # list, and stays so that rows written by older code (or by hand) are never NULL.
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("extra_roles", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("extra_roles")
