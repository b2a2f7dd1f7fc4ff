"""The notification list of the signed-in user."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from liaison.accounts.deps import PageActor
from liaison.core.web import DB, render
from liaison.notifications import service as notifications

router = APIRouter(include_in_schema=False)


@router.get("/notifications")
def notification_list(request: Request, session: DB, actor: PageActor) -> Response:
    items = notifications.for_user(session, actor.agency_id, actor.user.id)
    notifications.mark_read(session, actor.agency_id, actor.user.id, [n.id for n in items if not n.read])
    return render(request, "notifications.html", {"items": items})
