"""link analysis: relationship links imported from FtM, saved charts with versions and shares

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import liaison.core.db

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "analysis_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("owner_agency_id", sa.Integer(), nullable=False),
        sa.Column("source_entity_id", sa.Integer(), nullable=False),
        sa.Column("target_entity_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("ftm_id", sa.String(length=200), nullable=False),
        sa.Column("on", sa.Date(), nullable=True),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("created_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        _fk("analysis_link", "case_id", "case_file", "CASCADE"),
        _fk("analysis_link", "message_id", "message", "CASCADE"),
        _fk("analysis_link", "owner_agency_id", "agency"),
        _fk("analysis_link", "source_entity_id", "entity", "CASCADE"),
        _fk("analysis_link", "target_entity_id", "entity", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_link")),
    )
    for col in ("case_id", "message_id", "source_entity_id", "target_entity_id"):
        op.create_index(op.f(f"ix_analysis_link_{col}"), "analysis_link", [col], unique=False)
    op.create_table(
        "analysis_chart",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner_agency_id", sa.Integer(), nullable=False),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("analysis_chart", "owner_agency_id", "agency"),
        _fk("analysis_chart", "created_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_chart")),
    )
    op.create_index(op.f("ix_analysis_chart_owner_agency_id"), "analysis_chart", ["owner_agency_id"], unique=False)
    op.create_table(
        "analysis_chart_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chart_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("layout", sa.JSON(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        _fk("analysis_chart_version", "chart_id", "analysis_chart", "CASCADE"),
        _fk("analysis_chart_version", "saved_by_id", "user_account", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_chart_version")),
        sa.UniqueConstraint("chart_id", "version", name="uq_analysis_chart_version"),
    )
    op.create_index(op.f("ix_analysis_chart_version_chart_id"), "analysis_chart_version", ["chart_id"], unique=False)
    op.create_table(
        "analysis_chart_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chart_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("shared_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        _fk("analysis_chart_share", "chart_id", "analysis_chart", "CASCADE"),
        _fk("analysis_chart_share", "agency_id", "agency"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_chart_share")),
        sa.UniqueConstraint("chart_id", "agency_id", name="uq_analysis_chart_share"),
    )
    op.create_index(op.f("ix_analysis_chart_share_chart_id"), "analysis_chart_share", ["chart_id"], unique=False)
    op.create_index(op.f("ix_analysis_chart_share_agency_id"), "analysis_chart_share", ["agency_id"], unique=False)


def downgrade() -> None:
    op.drop_table("analysis_chart_share")
    op.drop_table("analysis_chart_version")
    op.drop_table("analysis_chart")
    op.drop_table("analysis_link")
