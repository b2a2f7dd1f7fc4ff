"""Entity pages: the case panel (people and identifiers, with what the system already holds),
the entry form, and entity search."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from liaison.accounts.deps import PageActor
from liaison.accounts.service import Actor
from liaison.cases.models import Case
from liaison.cases.views import CASE_PANELS, _case_page
from liaison.core.errors import InvalidInput
from liaison.core.web import DB, PostedForm, form_id, render
from liaison.entities import search, service
from liaison.entities.forms import FIELDS, TYPE_LABELS, payload_from_form
from liaison.entities.models import EntityRecord
from liaison.matching import service as matching

router = APIRouter(include_in_schema=False)


@dataclass
class EntitiesPanel:
    template: str = "entities/_panel.html"
    entities: list[EntityRecord] = field(default_factory=list)
    hits: dict[int, list[Any]] = field(default_factory=dict)
    fields: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: FIELDS)
    type_labels: dict[str, str] = field(default_factory=lambda: TYPE_LABELS)
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def entities_panel(session: Session, actor: Actor, case: Case) -> EntitiesPanel:
    rows = service.for_case(session, actor, case.id)
    return EntitiesPanel(entities=rows, hits=matching.hits_for_entities(session, actor, [r.id for r in rows]))


CASE_PANELS.append(entities_panel)


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
    try:
        row = service.add_entity(
            session, actor, case_id, payload, message_id=form_id(message_id, "message_id")
        )
    except InvalidInput as exc:
        session.rollback()
        return _case_page(
            request,
            session,
            actor,
            case_id,
            status_code=422,
            fields=exc.fields,
            values={"entity": form},
            error=exc.message,
        )
    return RedirectResponse(f"/cases/{case_id}#e{row.id}", status_code=303)


@router.get("/entities/search")
def find(
    request: Request, session: DB, actor: PageActor, name: str = "", birth_year: str = "", identifier: str = ""
) -> Response:
    rows: list[EntityRecord] = []
    error = ""
    if name.strip() or identifier.strip():
        try:
            rows = search.find(
                session,
                actor,
                name=name,
                identifier=identifier,
                birth_year=int(birth_year) if birth_year.isascii() and birth_year.isdigit() else None,
            )
        except InvalidInput as exc:
            error = exc.message
    return render(
        request,
        "entities/search.html",
        {"rows": rows, "name": name, "birth_year": birth_year, "identifier": identifier, "error": error},
    )
