"""case workflow: deadline pause while a clarification is awaited, closing with an outcome, case history

Revision ID: 0017
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import liaison.core.db

revision = "0017"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("paused_at", liaison.core.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("case_file") as batch:
        batch.add_column(sa.Column("closed_at", liaison.core.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=40), nullable=False, server_default=""))
    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_case_event_case_id_case_file"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_case_event_user_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_case_event_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
    )
    op.create_index(op.f("ix_case_event_case_id"), "case_event", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_case_event_case_id"), table_name="case_event")
    op.drop_table("case_event")
    with op.batch_alter_table("case_file") as batch:
        batch.drop_column("outcome")
        batch.drop_column("closed_at")
    with op.batch_alter_table("message") as batch:
        batch.drop_column("paused_at")
