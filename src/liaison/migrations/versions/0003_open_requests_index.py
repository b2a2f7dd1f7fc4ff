"""partial index of open requests, in inbox order

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OPEN_REQUESTS_SQL = "kind = 'request' AND status IN ('open', 'assigned', 'clarification_requested')"


def upgrade() -> None:
    op.create_index(
        "ix_message_open_requests",
        "message",
        ["recipient_agency_id", "deadline_at", "id"],
        unique=False,
        postgresql_where=sa.text(OPEN_REQUESTS_SQL),
        sqlite_where=sa.text(OPEN_REQUESTS_SQL),
    )


def downgrade() -> None:
    op.drop_index("ix_message_open_requests", table_name="message")
