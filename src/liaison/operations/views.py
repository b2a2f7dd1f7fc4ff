"""Pages of the operations capability: operations, meetings (with a printable agenda and minutes), results,
migration incidents, and the action items an agency owes in its inbox and escalations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from liaison.accounts.deps import PageActor
from liaison.accounts.service import Actor
from liaison.agencies.service import list_agencies
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.core.vocab import CRIME_AREAS, EMPACT_PRIORITIES, HANDLING_CODES, TERRORISM_AFFILIATIONS
from liaison.core.web import DB, PathId, PostedForm, PostedFormData, form_id, render
from liaison.operations import service
from liaison.operations.vocab import (
    ACTION_STATUSES,
    CHECK_CATEGORIES,
    MIGRATION_KINDS,
    OPERATION_KINDS,
    READMISSION_STATUSES,
    RESULT_KINDS,
    SEIZURE_CATEGORIES,
)

router = APIRouter(include_in_schema=False)


@dataclass
class InboxPanel:
    template: str
    title: str
    items: list[Any] = field(default_factory=list)


def action_items_source(session: Session, actor: Actor, *, view: str) -> InboxPanel | None:
    """The registry's inbox source: open action items the agency owes (overdue ones in escalations)."""
    overdue = view == "escalations"
    items = service.action_items_owed(session, actor, overdue_only=overdue)
    if overdue and not items:
        return None
    title = _("Overdue action items of meetings") if overdue else _("Action items of meetings we owe")
    return InboxPanel("operations/_inbox_items.html", str(title), items)


def _vocab(session: Session) -> dict[str, Any]:
    return {
        "operation_kinds": OPERATION_KINDS,
        "crime_areas": CRIME_AREAS,
        "empact_priorities": EMPACT_PRIORITIES,
        "handling_codes": HANDLING_CODES,
        "result_kinds": RESULT_KINDS,
        "seizure_categories": SEIZURE_CATEGORIES,
        "check_categories": CHECK_CATEGORIES,
        "migration_kinds": MIGRATION_KINDS,
        "action_statuses": ACTION_STATUSES,
        "readmission_statuses": READMISSION_STATUSES,
        "affiliations": TERRORISM_AFFILIATIONS,
        "all_agencies": list_agencies(session),
    }


def _index(request: Request, session: Session, actor: Actor, **extra: Any) -> Response:
    status = 422 if extra.get("fields") else 200
    return render(
        request,
        "operations/index.html",
        {
            **_vocab(session),
            "operations": service.list_operations(session, actor),
            "meetings": service.list_meetings(session, actor),
            "owed": service.action_items_owed(session, actor),
            "fields": extra.get("fields", {}),
            "values": extra.get("values", {}),
            "error": extra.get("error", ""),
        },
        status_code=status,
    )


@router.get("/operations")
def index(request: Request, session: DB, actor: PageActor) -> Response:
    return _index(request, session, actor)


@router.post("/operations")
def create(request: Request, session: DB, actor: PageActor, form: PostedFormData) -> Response:
    values = {k: str(v) for k, v in form.items()}
    try:
        op = service.create_operation(
            session,
            actor,
            title=values.get("title", ""),
            kind=values.get("kind", ""),
            crime_area=values.get("crime_area", ""),
            empact_priority=values.get("empact_priority") or None,
            starts_on=values.get("starts_on", ""),
            ends_on=values.get("ends_on") or values.get("starts_on", ""),
            handling_code=values.get("handling_code", "H0"),
            description=values.get("description", ""),
            agency_codes=[str(a) for a in form.getlist("agencies")],
        )
    except InvalidInput as exc:
        session.rollback()
        return _index(request, session, actor, fields=exc.fields, values=values, error=exc.message)
    return RedirectResponse(f"/operations/{op.id}", status_code=303)


def _operation_page(request: Request, session: Session, actor: Actor, operation_id: int, **extra: Any) -> Response:
    op = service.get_operation(session, actor, operation_id)
    results = service.visible_results(session, actor, operation_id=op.id)
    incidents = [i for i in service.visible_incidents(session, actor) if i.operation_id == op.id]
    return render(
        request,
        "operations/operation.html",
        {
            **_vocab(session),
            "op": op,
            "results": results,
            "incidents": incidents,
            "meetings": service.list_meetings(session, actor, operation_id=op.id),
            "fields": extra.get("fields", {}),
            "values": extra.get("values", {}),
            "error": extra.get("error", ""),
        },
        status_code=422 if extra.get("fields") else 200,
    )


@router.get("/operations/{operation_id}")
def operation_page(request: Request, session: DB, actor: PageActor, operation_id: PathId) -> Response:
    return _operation_page(request, session, actor, operation_id)


def _float(raw: Any) -> float | None:
    text = str(raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(str(service.ERROR), fields={"quantity": _("A number.")}) from None


@router.post("/operations/{operation_id}/results")
def add_result(request: Request, session: DB, actor: PageActor, operation_id: PathId, form: PostedForm) -> Response:
    values = {k: str(v) for k, v in form.items()}
    try:
        person: dict[str, Any] | None = None
        if values.get("kind") == "arrest" and values.get("person_name", "").strip():
            person = {"names": [values["person_name"].strip()]}
            if values.get("person_birth_date", "").strip():
                person["birth_date"] = values["person_birth_date"].strip()
        service.report_result(
            session,
            actor,
            kind=values.get("kind", ""),
            occurred_on=values.get("occurred_on", ""),
            crime_area=values.get("crime_area", ""),
            operation_id=operation_id,
            case_id=form_id(values.get("case_id"), "case_id"),
            place=values.get("place", ""),
            category=values.get("category", ""),
            quantity=_float(values.get("quantity")),
            unit=values.get("unit", ""),
            grounds=values.get("grounds", ""),
            person=person,
            handling_code=values.get("handling_code", "H0"),
        )
    except InvalidInput as exc:
        session.rollback()
        return _operation_page(
            request, session, actor, operation_id, fields=exc.fields, values=values, error=exc.message
        )
    return RedirectResponse(f"/operations/{operation_id}#results", status_code=303)


@router.post("/operations/{operation_id}/meetings")
def add_meeting(request: Request, session: DB, actor: PageActor, operation_id: PathId, form: PostedForm) -> Response:
    values = {k: str(v) for k, v in form.items()}
    participants = [
        {"agency": line.split(":", 1)[0].strip(), "person_name": line.split(":", 1)[1].strip() if ":" in line else ""}
        for line in values.get("participants", "").splitlines()
        if line.strip()
    ]
    items = []
    for line in values.get("action_items", "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 3:
            items.append({"owner": parts[0], "due_on": parts[1], "title": parts[2]})
        elif line.strip():
            items.append({"owner": "", "due_on": "", "title": line.strip()})
    try:
        meeting = service.create_meeting(
            session,
            actor,
            operation_id=operation_id,
            title=values.get("title", ""),
            held_on=values.get("held_on", ""),
            place=values.get("place", ""),
            online=values.get("online") == "on",
            agenda=values.get("agenda", ""),
            minutes=values.get("minutes", ""),
            minutes_handling_code=values.get("minutes_handling_code", "H0"),
            decisions=values.get("decisions", ""),
            participants=participants,
            action_items=items,
        )
    except InvalidInput as exc:
        session.rollback()
        return _operation_page(
            request, session, actor, operation_id, fields=exc.fields, values=values, error=exc.message
        )
    return RedirectResponse(f"/operations/meetings/{meeting.id}", status_code=303)


@router.get("/operations/meetings/{meeting_id}")
def meeting_page(request: Request, session: DB, actor: PageActor, meeting_id: PathId, view: str = "") -> Response:
    meeting = service.get_meeting(session, actor, meeting_id)
    return render(
        request,
        "operations/meeting_print.html" if view == "print" else "operations/meeting.html",
        {
            "m": meeting,
            "minutes_shown": service.minutes_shown(meeting, actor),
            "actor": actor,
            "action_statuses": ACTION_STATUSES,
        },
    )


@router.post("/operations/action-items/{item_id}/status")
def action_status(session: DB, actor: PageActor, item_id: PathId, form: PostedForm) -> Response:
    item = service.set_action_status(session, actor, item_id, str(form.get("status", "")))
    return RedirectResponse(str(form.get("next") or f"/operations/meetings/{item.meeting_id}"), status_code=303)


@router.get("/operations/results/{result_id}")
def result_page(request: Request, session: DB, actor: PageActor, result_id: PathId) -> Response:
    r = service.get_result(session, actor, result_id)
    return render(
        request,
        "operations/result.html",
        {"r": r, "person": service.entity_label(session, actor, r.entity_id), **_vocab(session)},
    )


@router.get("/operations/incidents/{incident_id}")
def incident_page(request: Request, session: DB, actor: PageActor, incident_id: PathId) -> Response:
    i = service.get_incident(session, actor, incident_id)
    labels = {e.entity_id: service.entity_label(session, actor, e.entity_id) for e in i.entities}
    return render(
        request,
        "operations/incident.html",
        {"i": i, "labels": labels, "readmissions": service.readmissions_of(session, i.id), **_vocab(session)},
    )
