"""The data-protection officer's view of the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict

from liaison.accounts.deps import ApiActor, require_role
from liaison.core.audit import filters
from liaison.core.audit.scope import DPO_ROLES, events, visible_trail
from liaison.core.audit.service import verify_chain
from liaison.core.web import DB

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


class AuditOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    #: None while the record is committed but not yet chained (the sequencer's window, milliseconds).
    seq: int | None
    at: datetime
    actor_id: int | None
    actor_name: str
    actor_agency_id: int | None
    action: str
    object_type: str
    object_id: str
    justification: str
    recipient: str
    details: dict[str, Any]


class VerifyOut(BaseModel):
    ok: bool
    checked: int
    first_broken_seq: int | None
    reason: str
    #: Committed records the sequencer has not chained yet, and the age of the oldest (seconds).
    pending: int = 0
    pending_oldest_s: float = 0.0


@router.get("", response_model=list[AuditOut])
def trail(
    session: DB,
    actor: ApiActor,
    object_type: Annotated[str, Query(min_length=1, max_length=40)],
    object_id: Annotated[str, Query(min_length=1, max_length=80)],
) -> list[AuditOut]:
    require_role(actor, *DPO_ROLES)
    rows = visible_trail(session, actor.user.role, actor.agency_id, actor.ctx, object_type, object_id)
    return [AuditOut.model_validate(r) for r in rows]


@router.get("/verify", response_model=VerifyOut)
def verify(session: DB, actor: ApiActor) -> VerifyOut:
    require_role(actor, *DPO_ROLES)
    result = verify_chain(session)
    return VerifyOut(
        ok=result.ok,
        checked=result.checked,
        first_broken_seq=result.first_broken_seq,
        reason=result.reason,
        pending=result.pending,
        pending_oldest_s=result.pending_oldest_s,
    )


Text = Annotated[str, Query(max_length=80)]


def _query(
    session: DB,
    actor: ApiActor,
    reference: Text = "",
    object_type: Annotated[str, Query(max_length=40)] = "",
    object_id: Text = "",
    user: Annotated[str, Query(max_length=200)] = "",
    agency: Annotated[str, Query(max_length=40)] = "",
    action: Annotated[str, Query(max_length=40)] = "",
    since: Annotated[str, Query(max_length=10, description="YYYY-MM-DD, display time zone")] = "",
    until: Annotated[str, Query(max_length=10, description="YYYY-MM-DD, inclusive")] = "",
) -> filters.EventQuery:
    require_role(actor, *DPO_ROLES)
    return filters.build_query(
        session,
        actor.ctx,
        reference=reference,
        object_type=object_type,
        object_id=object_id,
        user=user,
        agency=agency,
        action=action,
        since=since,
        until=until,
    )


EventFilter = Annotated[filters.EventQuery, Depends(_query)]


@router.get("/events", response_model=list[AuditOut])
def find_events(
    session: DB,
    actor: ApiActor,
    query: EventFilter,
    limit: Annotated[int, Query(ge=1, le=filters.MAX_EVENTS)] = filters.RECENT,
) -> list[AuditOut]:
    """Records within the DPO's scope, newest first: by case or message reference (``ME-2026-00001``,
    ``ME-2026-00001/12``) or record number, user, agency code, action and dates; none: the latest."""
    rows = events(session, actor.user.role, actor.agency_id, actor.ctx, query, limit=limit)
    return [AuditOut.model_validate(r) for r in rows]


@router.get("/events.csv", response_class=Response)
def export_events(session: DB, actor: ApiActor, query: EventFilter) -> Response:
    """The same records as CSV (at most ``MAX_EVENTS``); the export itself is audited."""
    rows = events(session, actor.user.role, actor.agency_id, actor.ctx, query, limit=filters.MAX_EVENTS)
    filters.audit_export(session, actor.ctx, query, len(rows))
    return Response(
        filters.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
