"""Whose trail a data-protection officer may read.

A DPO supervises the processing of one controller. An agency DPO (role ``dpo``) therefore sees the trail
of the agency's own records (messages it sent or received, its cases, entities, hits, watchlists) and of
its own users' actions; a national DPO (``dpo_national``) the same for every agency of the country; a
system DPO (``dpo_system``) everything. A record outside the scope is answered exactly like an absent one
(404, the attempt audited), so the trail page cannot be used to learn what other agencies hold.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from liaison.core.audit.models import AuditRecord
from liaison.core.audit.service import AuditContext, not_found, trail_for
from liaison.core.db import Base

#: Every role that may open the audit trail (administrators too, with an agency DPO's scope).
DPO_ROLES = ("dpo", "dpo_national", "dpo_system")

#: object type -> (table, columns naming the agencies the record belongs to).
OWNER_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "message": ("message", ("sender_agency_id", "recipient_agency_id")),
    "case": ("case_file", ("owner_agency_id",)),
    "entity": ("entity", ("owner_agency_id",)),
    "person": ("entity", ("owner_agency_id",)),
    "hit": ("hit", ("agency_a_id", "agency_b_id")),
    "user": ("user_account", ("agency_id",)),
    "agency": ("agency", ("id",)),
    "watchlist": ("watchlist", ("owner_agency_id",)),
    "watchlist_entry": ("watchlist_entry", ("owner_agency_id",)),
    "frontline_check": ("frontline_check", ("agency_id",)),
}


def scope_agencies(session: Session, role: str, agency_id: int) -> set[int] | None:
    """The agency ids whose trail the caller sees; None for all (system DPO)."""
    agency = cast(Table, Base.metadata.tables["agency"])
    if role == "dpo_system":
        return None
    if role == "dpo_national":
        country = select(agency.c.country_code).where(agency.c.id == agency_id).scalar_subquery()
        return set(session.execute(select(agency.c.id).where(agency.c.country_code == country)).scalars())
    return {agency_id}


def owners_of(session: Session, object_type: str, object_id: str) -> set[int]:
    """The agencies an audited object belongs to; empty when unknown, absent or erased."""
    if not object_id.isdigit():
        return set()
    ident = int(object_id)
    if object_type == "attachment":
        attachment = cast(Table, Base.metadata.tables["attachment"])
        row = session.execute(select(attachment.c.message_id).where(attachment.c.id == ident)).first()
        return owners_of(session, "message", str(row.message_id)) if row else set()
    spec = OWNER_COLUMNS.get(object_type)
    if spec is None or spec[0] not in Base.metadata.tables:
        return set()
    table = cast(Table, Base.metadata.tables[spec[0]])
    row = session.execute(select(*(table.c[c] for c in spec[1])).where(table.c.id == ident)).first()
    return {int(v) for v in row if v is not None} if row else set()


def visible_trail(
    session: Session, role: str, agency_id: int, ctx: AuditContext, object_type: str, object_id: str
) -> list[AuditRecord]:
    """The trail of one object as this DPO may see it, or NotFound (audited) when it is out of scope.

    In scope: the whole trail. Out of scope (or absent, or erased): only the actions of the DPO's own
    users, if any; with none, the answer is the one for an object that does not exist.
    """
    rows = trail_for(session, object_type, object_id)
    agencies = scope_agencies(session, role, agency_id)
    if agencies is None or owners_of(session, object_type, object_id) & agencies:
        return rows
    own = [r for r in rows if r.actor_agency_id in agencies]
    if not own:
        raise not_found(ctx, object_type, object_id)
    return own
