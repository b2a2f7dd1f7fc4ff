"""The notification list, as a page and as ``/api/v1/notifications``.

Reading changes nothing: a GET that marked notifications read could be triggered by any link or
prefetch, and would hide them from the user. Marking read is a POST (CSRF token on the page, or a
bearer token / X-CSRF-Token header on the API).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from liaison.accounts.deps import ApiActor, PageActor
from liaison.core.web import DB, RowId, form_id, render
from liaison.notifications import service

router = APIRouter()


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    kind: str
    text: str
    link: str
    created_at: datetime
    read: bool


class MarkReadIn(BaseModel):
    ids: list[RowId] | None = Field(
        default=None, max_length=500, description="Notifications to mark read; omitted: every one listed now."
    )


@router.get("/notifications", include_in_schema=False)
def notification_page(request: Request, session: DB, actor: PageActor) -> Response:
    items = service.for_user(session, actor.agency_id, actor.user.id)
    return render(request, "notifications.html", {"items": items})


@router.post("/notifications/read", include_in_schema=False)
def notification_mark_read(
    session: DB, actor: PageActor, notification_id: Annotated[str, Form()] = ""
) -> Response:
    """Mark one notification (``notification_id``) or every listed one read."""
    one = form_id(notification_id, "notification_id")
    ids = [one] if one else [n.id for n in service.for_user(session, actor.agency_id, actor.user.id, unread_only=True)]
    service.mark_read(session, actor.agency_id, actor.user.id, ids)
    return RedirectResponse("/notifications", status_code=303)


@router.get("/api/v1/notifications", response_model=list[NotificationOut], tags=["notifications"])
def notification_list(session: DB, actor: ApiActor, unread: bool = False) -> list[NotificationOut]:
    """The caller's (and its agency's) latest notifications. Reading them marks nothing."""
    items = service.for_user(session, actor.agency_id, actor.user.id, unread_only=unread)
    return [NotificationOut.model_validate(n) for n in items]


@router.post("/api/v1/notifications/read", response_model=list[NotificationOut], tags=["notifications"])
def notification_read(payload: MarkReadIn, session: DB, actor: ApiActor) -> list[NotificationOut]:
    """Mark notifications read; answers the list as it now stands."""
    ids = payload.ids
    if ids is None:
        ids = [n.id for n in service.for_user(session, actor.agency_id, actor.user.id, unread_only=True)]
    service.mark_read(session, actor.agency_id, actor.user.id, ids)
    session.flush()
    session.expire_all()
    return [NotificationOut.model_validate(n) for n in service.for_user(session, actor.agency_id, actor.user.id)]
