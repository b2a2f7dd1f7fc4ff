"""frontline verdicts: a check's verdict may be "check_document" (wider column)

Revision ID: 0014
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("frontline_check", schema=None) as batch_op:
        batch_op.alter_column(
            "verdict", existing_type=sa.String(length=10), type_=sa.String(length=20), existing_nullable=False
        )


def downgrade() -> None:
    # Never "clear": the older code shows an unknown verdict as it is, which must not read as a clear check.
    op.execute("UPDATE frontline_check SET verdict = 'check_doc' WHERE verdict = 'check_document'")
    with op.batch_alter_table("frontline_check", schema=None) as batch_op:
        batch_op.alter_column(
            "verdict", existing_type=sa.String(length=20), type_=sa.String(length=10), existing_nullable=False
        )
