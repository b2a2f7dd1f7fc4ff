"""Whose trail a data-protection officer may read.

A DPO supervises the processing of one controller. An agency DPO (role ``dpo``) therefore sees the trail
of the agency's own records (messages it sent or received, its cases, entities, hits, watchlists) and of
its own users' actions; a national DPO (``dpo_national``) the same for every agency of the country; a
system DPO (``dpo_system``) everything. A record outside the scope is answered exactly like an absent one
(404, the attempt audited), so the trail page cannot be used to learn what other agencies hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, String, Table, and_, func, or_, select
from sqlalchemy import cast as sa_cast
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


@dataclass(frozen=True)
class EventQuery:
    """The DPO's filters: one object (or none), who acted (user name, agency id), what, and when (UTC)."""

    object_type: str = ""
    object_id: str = ""
    user: str = ""
    agency_id: int | None = None
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None

    def keeps(self, row: AuditRecord) -> bool:
        """The filters other than the object, applied to a record already in scope."""
        return (
            (not self.user or row.actor_name.lower() == self.user.lower())
            and (self.agency_id is None or row.actor_agency_id == self.agency_id)
            and (not self.action or row.action == self.action)
            and (self.since is None or row.at >= self.since)
            and (self.until is None or row.at < self.until)
        )


def _in_scope(agencies: set[int]) -> ColumnElement[bool]:
    """Records of the DPO's scope: acted by its agencies' users, or about a record its agencies hold."""
    owned = []
    for object_type, (table_name, columns) in OWNER_COLUMNS.items():
        if table_name not in Base.metadata.tables:
            continue
        table = cast(Table, Base.metadata.tables[table_name])
        ids = select(sa_cast(table.c.id, String)).where(or_(*(table.c[c].in_(agencies) for c in columns)))
        owned.append(and_(AuditRecord.object_type == object_type, AuditRecord.object_id.in_(ids)))
    return or_(AuditRecord.actor_agency_id.in_(agencies), *owned)


def events(
    session: Session, role: str, agency_id: int, ctx: AuditContext, query: EventQuery, *, limit: int = 100
) -> list[AuditRecord]:
    """The records matching ``query`` that this DPO may read, newest first.

    With an object, its trail as :func:`visible_trail` gives it (out of scope: NotFound, audited);
    without one, the latest records of the scope (:func:`_in_scope`) that pass the filters.
    """
    if query.object_id:
        rows = visible_trail(session, role, agency_id, ctx, query.object_type, query.object_id)
        return [r for r in rows if query.keeps(r)][:limit]
    stmt = select(AuditRecord)
    agencies = scope_agencies(session, role, agency_id)
    if agencies is not None:
        stmt = stmt.where(_in_scope(agencies))
    if query.user:
        stmt = stmt.where(func.lower(AuditRecord.actor_name) == query.user.lower())
    if query.agency_id is not None:
        stmt = stmt.where(AuditRecord.actor_agency_id == query.agency_id)
    if query.action:
        stmt = stmt.where(AuditRecord.action == query.action)
    if query.since is not None:
        stmt = stmt.where(AuditRecord.at >= query.since)
    if query.until is not None:
        stmt = stmt.where(AuditRecord.at < query.until)
    return list(session.execute(stmt.order_by(AuditRecord.seq.desc()).limit(limit)).scalars())


def agency_by_code(session: Session, code: str) -> int | None:
    """The id of the agency with this code (the DPO types codes, the trail stores ids)."""
    agency = cast(Table, Base.metadata.tables["agency"])
    row = session.execute(select(agency.c.id).where(func.upper(agency.c.code) == code.strip().upper())).first()
    return int(row.id) if row else None
