"""Entity pages: the entry form on the case page. (The case panel that shows what the system already
holds for each entity, and entity search, belong to matching.)"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from liaison.accounts.deps import PageActor
from liaison.cases.views import _case_page
from liaison.core.web import DB, PostedForm, form_id, rerender_on_invalid
from liaison.entities import service
from liaison.entities.forms import payload_from_form

router = APIRouter(include_in_schema=False)


@router.post("/cases/{case_id}/entities")
def add(
    request: Request,
    session: DB,
    actor: PageActor,
    case_id: int,
    form: PostedForm,
) -> Response:
    payload = payload_from_form(form)
    message_id = str(form.get("message_id") or "")
    return rerender_on_invalid(
        session,
        lambda: service.add_entity(session, actor, case_id, payload, message_id=form_id(message_id, "message_id")),
        done=lambda row: RedirectResponse(f"/cases/{case_id}#e{row.id}", status_code=303),
        rerender=lambda exc: _case_page(
            request, session, actor, case_id, fields=exc.fields, values={"entity": form}, error=exc.message
        ),
    )
