"""Hit pages (the agency's hits, one hit with its explanation, confirm or reject), the case panel of people
and identifiers with what the system already holds, and entity search."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from liaison.accounts.deps import PageActor
from liaison.accounts.service import Actor
from liaison.cases.models import Case
from liaison.core.errors import InvalidInput
from liaison.core.i18n import Label
from liaison.core.web import DB, render
from liaison.entities import service as entities
from liaison.entities.forms import FIELDS, TYPE_LABELS
from liaison.entities.models import EntityRecord
from liaison.matching import search, service

router = APIRouter(include_in_schema=False)


@router.get("/hits")
def hits(request: Request, session: DB, actor: PageActor, status: str = "") -> Response:
    views = service.hits_for(session, actor, status=status or None)
    return render(request, "matching/hits.html", {"views": views, "status": status})


@router.get("/hits/{hit_id}")
def hit(request: Request, session: DB, actor: PageActor, hit_id: int) -> Response:
    return render(request, "matching/hit.html", {"hv": service.get_hit(session, actor, hit_id)})


@router.post("/hits/{hit_id}/decision")
def decide(
    session: DB, actor: PageActor, hit_id: int, status: Annotated[str, Form()], note: Annotated[str, Form()] = ""
) -> Response:
    service.decide(session, actor, hit_id, status, note)
    return RedirectResponse(f"/hits/{hit_id}", status_code=303)


@dataclass
class EntitiesPanel:
    template: str = "entities/_panel.html"
    entities: list[EntityRecord] = field(default_factory=list)
    hits: dict[int, list[Any]] = field(default_factory=dict)
    fields: dict[str, list[tuple[str, Label, str]]] = field(default_factory=lambda: FIELDS)
    type_labels: dict[str, Label] = field(default_factory=lambda: TYPE_LABELS)
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def entities_panel(session: Session, actor: Actor, case: Case) -> EntitiesPanel:
    rows = entities.for_case(session, actor, case.id)
    return EntitiesPanel(entities=rows, hits=service.hits_for_entities(session, actor, [r.id for r in rows]))





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
