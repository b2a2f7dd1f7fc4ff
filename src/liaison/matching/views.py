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
from liaison.cases import service as cases
from liaison.cases.models import Case
from liaison.cases.views import vocab as case_vocab
from liaison.core import limits
from liaison.core.errors import InvalidInput
from liaison.core.i18n import Label, _
from liaison.core.web import DB, render
from liaison.entities import service as entities
from liaison.entities.forms import FIELDS, TYPE_LABELS
from liaison.entities.models import EntityRecord
from liaison.matching import search, service

router = APIRouter(include_in_schema=False)


@router.get("/hits")
def hits(request: Request, session: DB, actor: PageActor, status: str = "") -> Response:
    views = service.hits_for(session, actor, status=status or None)
    return render(request, "matching/hits.html", {"views": views, "status": status, "type_labels": TYPE_LABELS})


@router.get("/hits/{hit_id}")
def hit(request: Request, session: DB, actor: PageActor, hit_id: int) -> Response:
    return render(
        request, "matching/hit.html", {"hv": service.get_hit(session, actor, hit_id), "type_labels": TYPE_LABELS}
    )


@router.get("/hits/{hit_id}/request")
def request_form(request: Request, session: DB, actor: PageActor, hit_id: int, case: int | None = None) -> Response:
    """The request to the holder of the other record: in the reader's own case, or in a new one."""
    return _request_page(request, session, actor, hit_id, case)


def _request_page(
    request: Request,
    session: Session,
    actor: Actor,
    hit_id: int,
    case_id: int | None,
    *,
    fields: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    draft = service.request_draft(session, actor, hit_id)
    case_id = case_id or draft.own_case_id
    case = cases.get_case(session, actor, case_id) if case_id else None
    compose = {
        "recipient_agency_id": draft.holder.id,
        "subject": draft.subject,
        "purpose": draft.purpose,
        "body": draft.body,
        "handling_code": case.handling_code if case else "H0",
    }
    return render(
        request,
        "matching/request.html",
        {
            **case_vocab(session),
            "actor": actor,
            "draft": draft,
            "case": case,
            "compose": compose,
            "fields": fields or {},
            "values": values or {"title": draft.subject},
        },
        status_code=status_code,
    )


@router.post("/hits/{hit_id}/request")
def request_new_case(
    request: Request,
    session: DB,
    actor: PageActor,
    hit_id: int,
    title: Annotated[str, Form()] = "",
    crime_areas: Annotated[list[str] | None, Form()] = None,
    handling_code: Annotated[str, Form()] = "H0",
) -> Response:
    """Open a new case for the request to the holder, then show the pre-filled request in it."""
    draft = service.request_draft(session, actor, hit_id)
    try:
        case = cases.create_case(
            session,
            actor,
            title=title,
            crime_areas=crime_areas or [],
            handling_code=handling_code,
            description=_("Opened to ask %(holder)s for the record matched by hit #%(id)s.")
            % {"holder": draft.holder.label, "id": draft.hit_id},
        )
    except InvalidInput as exc:
        session.rollback()
        values = {"title": title, "crime_areas": crime_areas or [], "handling_code": handling_code}
        return _request_page(request, session, actor, hit_id, None, fields=exc.fields, values=values, status_code=422)
    return RedirectResponse(f"/hits/{hit_id}/request?case={case.id}", status_code=303)


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
    #: Each entity's identifier warnings in the reader's language (stored in English).
    problems: dict[int, list[str]] = field(default_factory=dict)
    fields: dict[str, list[tuple[str, Label, str]]] = field(default_factory=lambda: FIELDS)
    type_labels: dict[str, Label] = field(default_factory=lambda: TYPE_LABELS)
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def entities_panel(session: Session, actor: Actor, case: Case) -> EntitiesPanel:
    rows = entities.for_case(session, actor, case.id)
    return EntitiesPanel(
        entities=rows,
        hits=service.hits_for_entities(session, actor, [r.id for r in rows]),
        problems={r.id: entities.problems_for_reader(r) for r in rows if r.problems},
    )





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
        {
            "rows": rows,
            "name": name,
            "birth_year": birth_year,
            "identifier": identifier,
            "error": error,
            "type_labels": TYPE_LABELS,
        },
    )


@router.get("/search")
def search_page(request: Request, session: DB, actor: PageActor, q: str = "") -> Response:
    """The header search box: cases, messages and people, within the reader's rights."""
    found = search.SearchResult()
    error = ""
    if q.strip():
        try:
            found = search.search_all(session, actor, q[: limits.QUERY])
        except InvalidInput as exc:
            error = exc.message
    return render(
        request,
        "search.html",
        {
            "q": q,
            "cases": found.cases,
            "messages": found.messages,
            "people": found.people,
            "case_refs": found.case_refs,
            "error": error,
            "type_labels": TYPE_LABELS,
        },
    )
