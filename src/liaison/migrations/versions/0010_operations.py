"""operations: joint operations and action days, meetings and action items, results, migration incidents,
readmission deadlines per pair of countries

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import liaison.core.db

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "op_readmission_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_country", sa.String(length=2), nullable=False),
        sa.Column("to_country", sa.String(length=2), nullable=False),
        sa.Column("deadline_hours", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_readmission_rule")),
        sa.UniqueConstraint("from_country", "to_country", name="uq_op_readmission_rule_pair"),
    )
    op.create_table(
        "op_operation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("crime_area", sa.String(length=40), nullable=False),
        sa.Column("empact_priority", sa.String(length=40), nullable=True),
        sa.Column("lead_agency_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_op_operation_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["lead_agency_id"], ["agency.id"], name=op.f("fk_op_operation_lead_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_operation")),
    )
    with op.batch_alter_table("op_operation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_operation_lead_agency_id"), ["lead_agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_operation_starts_on"), ["starts_on"], unique=False)

    op.create_table(
        "op_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("organiser_agency_id", sa.Integer(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("minutes_handling_code", sa.String(length=2), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_op_meeting_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["op_operation.id"],
            name=op.f("fk_op_meeting_operation_id_op_operation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organiser_agency_id"], ["agency.id"], name=op.f("fk_op_meeting_organiser_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_meeting")),
    )
    with op.batch_alter_table("op_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_meeting_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_meeting_operation_id"), ["operation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_meeting_organiser_agency_id"), ["organiser_agency_id"], unique=False)

    op.create_table(
        "op_migration_incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occurred_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("border_section", sa.String(length=60), nullable=False),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("nationalities", sa.JSON(), nullable=False),
        sa.Column("route", sa.String(length=300), nullable=False),
        sa.Column("false_documents", sa.Integer(), nullable=False),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_op_migration_incident_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_op_migration_incident_case_id_case_file"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_op_migration_incident_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["op_operation.id"],
            name=op.f("fk_op_migration_incident_operation_id_op_operation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_migration_incident")),
    )
    with op.batch_alter_table("op_migration_incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_migration_incident_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_migration_incident_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_migration_incident_occurred_at"), ["occurred_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_migration_incident_operation_id"), ["operation_id"], unique=False)

    op.create_table(
        "op_operation_agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_op_operation_agency_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["op_operation.id"],
            name=op.f("fk_op_operation_agency_operation_id_op_operation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_operation_agency")),
        sa.UniqueConstraint("operation_id", "agency_id", name="uq_op_operation_agency"),
    )
    with op.batch_alter_table("op_operation_agency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_operation_agency_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_operation_agency_operation_id"), ["operation_id"], unique=False)

    op.create_table(
        "op_operation_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_op_operation_case_case_id_case_file"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["op_operation.id"],
            name=op.f("fk_op_operation_case_operation_id_op_operation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_operation_case")),
        sa.UniqueConstraint("operation_id", "case_id", name="uq_op_operation_case"),
    )
    with op.batch_alter_table("op_operation_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_operation_case_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_operation_case_operation_id"), ["operation_id"], unique=False)

    op.create_table(
        "op_action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_agency_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_op_action_item_case_id_case_file"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["op_meeting.id"], name=op.f("fk_op_action_item_meeting_id_op_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_agency_id"], ["agency.id"], name=op.f("fk_op_action_item_owner_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_action_item")),
    )
    with op.batch_alter_table("op_action_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_action_item_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_action_item_owner_agency_id"), ["owner_agency_id"], unique=False)

    op.create_table(
        "op_meeting_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("person_name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_op_meeting_participant_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["op_meeting.id"],
            name=op.f("fk_op_meeting_participant_meeting_id_op_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_meeting_participant")),
    )
    with op.batch_alter_table("op_meeting_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_meeting_participant_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_meeting_participant_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "op_readmission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("to_country", sa.String(length=2), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("requested_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["op_migration_incident.id"],
            name=op.f("fk_op_readmission_incident_id_op_migration_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_readmission")),
    )
    with op.batch_alter_table("op_readmission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_readmission_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "op_incident_entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_op_incident_entity_entity_id_entity"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["op_migration_incident.id"],
            name=op.f("fk_op_incident_entity_incident_id_op_migration_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_incident_entity")),
    )
    with op.batch_alter_table("op_incident_entity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_incident_entity_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_incident_entity_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "op_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("crime_area", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("affiliation", sa.String(length=40), nullable=True),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("env_seizure_id", sa.Integer(), nullable=True),
        sa.Column("handling_code", sa.String(length=2), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_op_result_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_op_result_case_id_case_file"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_op_result_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_op_result_entity_id_entity"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["env_seizure_id"],
            ["env_seizure.id"],
            name=op.f("fk_op_result_env_seizure_id_env_seizure"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["op_operation.id"],
            name=op.f("fk_op_result_operation_id_op_operation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_result")),
    )
    with op.batch_alter_table("op_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_result_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_result_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_result_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_result_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_result_occurred_on"), ["occurred_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_op_result_operation_id"), ["operation_id"], unique=False)

    op.create_table(
        "op_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_op_target_entity_id_entity"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["op_operation.id"],
            name=op.f("fk_op_target_operation_id_op_operation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_op_target")),
    )
    with op.batch_alter_table("op_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_op_target_operation_id"), ["operation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("op_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_target_operation_id"))

    op.drop_table("op_target")
    with op.batch_alter_table("op_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_result_operation_id"))
        batch_op.drop_index(batch_op.f("ix_op_result_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_op_result_kind"))
        batch_op.drop_index(batch_op.f("ix_op_result_entity_id"))
        batch_op.drop_index(batch_op.f("ix_op_result_case_id"))
        batch_op.drop_index(batch_op.f("ix_op_result_agency_id"))

    op.drop_table("op_result")
    with op.batch_alter_table("op_incident_entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_incident_entity_incident_id"))
        batch_op.drop_index(batch_op.f("ix_op_incident_entity_entity_id"))

    op.drop_table("op_incident_entity")
    with op.batch_alter_table("op_readmission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_readmission_incident_id"))

    op.drop_table("op_readmission")
    with op.batch_alter_table("op_meeting_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_meeting_participant_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_op_meeting_participant_agency_id"))

    op.drop_table("op_meeting_participant")
    with op.batch_alter_table("op_action_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_action_item_owner_agency_id"))
        batch_op.drop_index(batch_op.f("ix_op_action_item_meeting_id"))

    op.drop_table("op_action_item")
    with op.batch_alter_table("op_operation_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_operation_case_operation_id"))
        batch_op.drop_index(batch_op.f("ix_op_operation_case_case_id"))

    op.drop_table("op_operation_case")
    with op.batch_alter_table("op_operation_agency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_operation_agency_operation_id"))
        batch_op.drop_index(batch_op.f("ix_op_operation_agency_agency_id"))

    op.drop_table("op_operation_agency")
    with op.batch_alter_table("op_migration_incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_migration_incident_operation_id"))
        batch_op.drop_index(batch_op.f("ix_op_migration_incident_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_op_migration_incident_case_id"))
        batch_op.drop_index(batch_op.f("ix_op_migration_incident_agency_id"))

    op.drop_table("op_migration_incident")
    with op.batch_alter_table("op_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_meeting_organiser_agency_id"))
        batch_op.drop_index(batch_op.f("ix_op_meeting_operation_id"))
        batch_op.drop_index(batch_op.f("ix_op_meeting_held_on"))

    op.drop_table("op_meeting")
    with op.batch_alter_table("op_operation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_op_operation_starts_on"))
        batch_op.drop_index(batch_op.f("ix_op_operation_lead_agency_id"))

    op.drop_table("op_operation")
    op.drop_table("op_readmission_rule")
