"""access rule: the originator travels with every message; seizure send authorisations; shares recomputed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 07:50:00.000000

``message.originator_agency_id`` and ``message.origin_id`` are filled from the forwarding chains. The
participants' scope is recomputed under the new rule (cases/access.py): sending a message no longer shared
the case, so only the owner and, for environmental cases, the members of the task force keep "full".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import liaison.core.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("originator_agency_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("origin_id", sa.Integer(), nullable=True))
    # New messages: their sender. Forwards: the chain walked one level per pass (chains are short).
    op.execute(
        "UPDATE message SET originator_agency_id = sender_agency_id WHERE forwarded_from_id IS NULL"
    )
    bind = op.get_bind()
    while True:
        done = bind.execute(
            sa.text(
                "UPDATE message SET "
                "originator_agency_id = (SELECT p.originator_agency_id FROM message p "
                "WHERE p.id = message.forwarded_from_id), "
                "origin_id = (SELECT COALESCE(p.origin_id, p.id) FROM message p "
                "WHERE p.id = message.forwarded_from_id) "
                "WHERE originator_agency_id IS NULL AND EXISTS (SELECT 1 FROM message p "
                "WHERE p.id = message.forwarded_from_id AND p.originator_agency_id IS NOT NULL)"
            )
        )
        if not done.rowcount:
            break
    # A forward whose chain was cut (never, short of erasure): its sender answers for it.
    op.execute("UPDATE message SET originator_agency_id = sender_agency_id WHERE originator_agency_id IS NULL")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.alter_column("originator_agency_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_message_originator_agency_id"), ["originator_agency_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_message_originator_agency_id_agency"), "agency", ["originator_agency_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_message_origin_id_message"), "message", ["origin_id"], ["id"], ondelete="SET NULL"
        )
    # Permissions are the originator's, kept on the message first sent.
    op.execute(
        "UPDATE forward_permission SET message_id = (SELECT COALESCE(m.origin_id, m.id) FROM message m "
        "WHERE m.id = forward_permission.message_id)"
    )
    op.execute(
        "UPDATE case_participant SET scope = 'message' WHERE scope = 'full' "
        "AND agency_id <> (SELECT c.owner_agency_id FROM case_file c WHERE c.id = case_participant.case_id) "
        "AND NOT EXISTS (SELECT 1 FROM env_case e JOIN env_task_force_agency t ON t.task_force_id = e.task_force_id "
        "WHERE e.case_id = case_participant.case_id AND t.agency_id = case_participant.agency_id "
        "AND t.role = 'member')"
    )
    op.create_table(
        "env_seizure_permission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seizure_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("recipient_agency_id", sa.Integer(), nullable=True),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", liaison.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_env_seizure_permission_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["user_account.id"],
            name=op.f("fk_env_seizure_permission_granted_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_agency_id"], ["agency.id"], name=op.f("fk_env_seizure_permission_recipient_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["seizure_id"],
            ["env_seizure.id"],
            name=op.f("fk_env_seizure_permission_seizure_id_env_seizure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_env_seizure_permission")),
    )
    with op.batch_alter_table("env_seizure_permission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_env_seizure_permission_seizure_id"), ["seizure_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("env_seizure_permission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_env_seizure_permission_seizure_id"))
    op.drop_table("env_seizure_permission")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_message_origin_id_message"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_message_originator_agency_id_agency"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_message_originator_agency_id"))
        batch_op.drop_column("origin_id")
        batch_op.drop_column("originator_agency_id")
