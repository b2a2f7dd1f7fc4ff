"""audit records are stored with the business write and chained after commit by one sequencer:
seq, prev_hash and hash may be NULL until then (a partial index finds the unchained ones)

Revision ID: 0012
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0014"
branch_labels = None
depends_on = None

PENDING = sa.text("seq IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("audit_record", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=True)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.create_index(
            "ix_audit_record_pending", ["id"], unique=False, postgresql_where=PENDING, sqlite_where=PENDING
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_record", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_record_pending")
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
