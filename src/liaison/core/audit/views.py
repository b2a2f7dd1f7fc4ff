"""The data-protection officer's audit page: who consulted this person or message, when, and why."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from liaison.accounts.deps import PageActor, require_role
from liaison.core.audit.scope import DPO_ROLES, visible_trail
from liaison.core.audit.service import verify_chain
from liaison.core.web import DB, render

router = APIRouter(include_in_schema=False)

OBJECT_TYPES = ("message", "case", "person", "entity", "attachment", "user", "agency", "hit", "watchlist_entry")


@router.get("/audit")
def audit_page(
    request: Request,
    session: DB,
    actor: PageActor,
    object_type: str = "message",
    object_id: str = "",
    verify: bool = False,
) -> Response:
    require_role(actor, *DPO_ROLES)
    wanted = object_id.strip()
    rows = visible_trail(session, actor.user.role, actor.agency_id, actor.ctx, object_type, wanted) if wanted else []
    result = verify_chain(session) if verify else None
    return render(
        request,
        "audit.html",
        {
            "rows": rows,
            "object_type": object_type,
            "object_id": object_id,
            "object_types": OBJECT_TYPES,
            "verify": result,
        },
    )
