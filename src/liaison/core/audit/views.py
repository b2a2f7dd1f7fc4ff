"""The data-protection officer's audit page: who consulted this case, message or person, when, and why;
the latest events of the DPO's scope; filters by user, agency, action and dates; CSV export."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from liaison.accounts.deps import PageActor, require_role
from liaison.core.audit import filters
from liaison.core.audit.scope import DPO_ROLES, events
from liaison.core.audit.service import Actions, verify_chain
from liaison.core.errors import InvalidInput
from liaison.core.web import DB, render

router = APIRouter(include_in_schema=False)

OBJECT_TYPES = ("message", "case", "person", "entity", "attachment", "user", "agency", "hit", "watchlist_entry")


@router.get("/audit")
def audit_page(
    request: Request,
    session: DB,
    actor: PageActor,
    reference: str = "",
    object_type: str = "message",
    object_id: str = "",
    user: str = "",
    agency: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
    verify: bool = False,
) -> Response:
    require_role(actor, *DPO_ROLES)
    asked = {
        "reference": reference[:80],
        "object_type": object_type[:40],
        "object_id": object_id[:80],
        "user": user[:200],
        "agency": agency[:40],
        "action": action[:40],
        "since": since[:10],
        "until": until[:10],
    }
    filtered = any(v.strip() for k, v in asked.items() if k != "object_type")
    fields: dict[str, str] = {}
    rows = []
    try:
        query = filters.build_query(session, actor.ctx, **asked)
        limit = filters.MAX_EVENTS if filtered else filters.RECENT
        rows = events(session, actor.user.role, actor.agency_id, actor.ctx, query, limit=limit)
    except InvalidInput as exc:
        fields = exc.fields
    result = verify_chain(session) if verify else None
    return render(
        request,
        "audit.html",
        {
            **asked,
            "rows": rows,
            "filtered": filtered,
            "fields": fields,
            "object_types": OBJECT_TYPES,
            "actions": Actions.ALL,
            "recent": filters.RECENT,
            "verify": result,
            "export_query": request.url.query,
        },
        status_code=422 if fields else 200,
    )


@router.get("/audit/export.csv")
def audit_export(
    session: DB,
    actor: PageActor,
    reference: str = "",
    object_type: str = "message",
    object_id: str = "",
    user: str = "",
    agency: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
) -> Response:
    """The filtered records as CSV; the export is audited."""
    require_role(actor, *DPO_ROLES)
    query = filters.build_query(
        session,
        actor.ctx,
        reference=reference[:80],
        object_type=object_type[:40],
        object_id=object_id[:80],
        user=user[:200],
        agency=agency[:40],
        action=action[:40],
        since=since[:10],
        until=until[:10],
    )
    rows = events(session, actor.user.role, actor.agency_id, actor.ctx, query, limit=filters.MAX_EVENTS)
    filters.audit_export(session, actor.ctx, query, len(rows))
    return Response(
        filters.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
