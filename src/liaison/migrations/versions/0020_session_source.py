"""signed-in sessions show where they came from: source address and browser of each session

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_session") as batch:
        batch.add_column(sa.Column("ip", sa.String(length=64), nullable=False, server_default=""))
        batch.add_column(sa.Column("user_agent", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("user_session") as batch:
        batch.drop_column("user_agent")
        batch.drop_column("ip")
