"""link analysis: the edge projection (analysis_edge), indexed by both ends, filled from the capabilities' tables

Revision ID: 0018
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import liaison.core.db

revision = "0018"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analysis_edge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("src", sa.String(length=40), nullable=False),
        sa.Column("dst", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("ref", sa.String(length=300), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("on_time", liaison.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("evaluation", sa.String(length=2), nullable=False),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("src_case_id", sa.Integer(), nullable=True),
        sa.Column("src_message_id", sa.Integer(), nullable=True),
        sa.Column("src_agency_id", sa.Integer(), nullable=True),
        sa.Column("dst_case_id", sa.Integer(), nullable=True),
        sa.Column("dst_message_id", sa.Integer(), nullable=True),
        sa.Column("dst_agency_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_edge")),
        sa.UniqueConstraint("key", name=op.f("uq_analysis_edge_key")),
    )
    op.create_index(op.f("ix_analysis_edge_src"), "analysis_edge", ["src"], unique=False)
    op.create_index(op.f("ix_analysis_edge_dst"), "analysis_edge", ["dst"], unique=False)
    op.create_index(op.f("ix_analysis_edge_case_id"), "analysis_edge", ["case_id"], unique=False)
    # Existing databases: fill the projection from the capabilities' tables (``liaison graph rebuild``
    # does the same at any time).
    from liaison.analysis.projection import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index(op.f("ix_analysis_edge_case_id"), table_name="analysis_edge")
    op.drop_index(op.f("ix_analysis_edge_dst"), table_name="analysis_edge")
    op.drop_index(op.f("ix_analysis_edge_src"), table_name="analysis_edge")
    op.drop_table("analysis_edge")
