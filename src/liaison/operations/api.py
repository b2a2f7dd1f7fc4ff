"""REST API of the operations capability: ``/api/v1/operations``, ``/meetings``, ``/action-items``,
``/results`` and ``/migration``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from liaison.accounts.deps import ApiActor
from liaison.accounts.service import Actor
from liaison.core import limits
from liaison.core.web import DB, PathId, RowId
from liaison.operations import service
from liaison.operations.models import ActionItem, Meeting, MigrationIncident, Operation, Result

router = APIRouter(prefix="/api/v1", tags=["operations"])

Code = Field(max_length=40)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class OperationIn(_In):
    title: str = Field(max_length=limits.TITLE)
    kind: str = Field(max_length=40)
    crime_area: str = Field(max_length=40)
    empact_priority: str | None = Field(None, max_length=40)
    starts_on: date
    ends_on: date | None = None
    handling_code: str = Field("H0", max_length=2)
    description: str = Field("", max_length=limits.DESCRIPTION)
    agencies: list[str] = Field(default_factory=list, max_length=200)
    case_ids: list[RowId] = Field(default_factory=list, max_length=200)


class TargetIn(_In):
    kind: str = Field(max_length=10)
    label: str = Field(max_length=limits.NAME)
    entity_id: RowId | None = None


class ParticipantIn(_In):
    agency: str = Field(max_length=40)
    person_name: str = Field("", max_length=limits.NAME)


class ActionItemIn(_In):
    title: str = Field(max_length=limits.TITLE)
    owner: str = Field(max_length=40)
    due_on: date
    case_id: RowId | None = None


class MeetingIn(_In):
    title: str = Field(max_length=limits.TITLE)
    held_on: date
    operation_id: RowId | None = None
    place: str = Field("", max_length=limits.NAME)
    online: bool = False
    agenda: str = Field("", max_length=limits.DESCRIPTION)
    minutes: str = Field("", max_length=limits.DESCRIPTION)
    minutes_handling_code: str = Field("H0", max_length=2)
    decisions: str = Field("", max_length=limits.DESCRIPTION)
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=500)
    action_items: list[ActionItemIn] = Field(default_factory=list, max_length=500)


class StatusIn(_In):
    status: str = Field(max_length=12)


class ResultIn(_In):
    kind: str = Field(max_length=20)
    occurred_on: date
    crime_area: str = Field(max_length=40)
    country: str | None = Field(None, max_length=2)
    operation_id: RowId | None = None
    case_id: RowId | None = None
    place: str = Field("", max_length=limits.NAME)
    category: str = Field("", max_length=60)
    quantity: float | None = Field(None, ge=0, le=1e12)
    unit: str = Field("", max_length=20)
    grounds: str = Field("", max_length=limits.NOTE)
    affiliation: str | None = Field(None, max_length=40)
    person: dict[str, Any] | None = None
    entity_id: RowId | None = None
    env_seizure_id: RowId | None = None
    handling_code: str = Field("H0", max_length=2)


class IncidentIn(_In):
    kind: str = Field(max_length=20)
    occurred_at: datetime
    country: str | None = Field(None, max_length=2)
    operation_id: RowId | None = None
    case_id: RowId | None = None
    place: str = Field("", max_length=limits.NAME)
    border_section: str = Field("", max_length=60)
    group_size: int = Field(1, ge=1, le=10_000)
    nationalities: list[str] = Field(default_factory=list, max_length=50)
    route: str = Field("", max_length=300)
    false_documents: int = Field(0, ge=0, le=10_000)
    facilitators: list[dict[str, Any]] = Field(default_factory=list, max_length=50)
    vehicle: dict[str, Any] | None = None
    handling_code: str = Field("H0", max_length=2)


class ReadmissionIn(_In):
    to_country: str = Field(max_length=2)
    persons: int = Field(ge=1, le=10_000)


class RuleIn(_In):
    from_country: str = Field(max_length=2)
    to_country: str = Field(max_length=2)
    deadline_hours: int = Field(ge=1, le=24 * 365)
    reference: str = Field("", max_length=300)


def operation_out(op: Operation) -> dict[str, Any]:
    return {
        "id": op.id,
        "title": op.title,
        "kind": op.kind,
        "crime_area": op.crime_area,
        "empact_priority": op.empact_priority,
        "lead_agency": op.lead_agency.code,
        "agencies": [a.agency.code for a in op.agencies],
        "countries": sorted({a.agency.country_code for a in op.agencies}),
        "starts_on": op.starts_on.isoformat(),
        "ends_on": op.ends_on.isoformat(),
        "handling_code": op.handling_code,
        "description": op.description,
        "case_ids": service.case_ids_of(op),
        "targets": [{"id": t.id, "kind": t.kind, "label": t.label, "entity_id": t.entity_id} for t in op.targets],
    }


def item_out(item: ActionItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "meeting_id": item.meeting_id,
        "title": item.title,
        "owner": item.owner_agency.code,
        "due_on": item.due_on.isoformat(),
        "status": item.status,
        "case_id": item.case_id,
    }


def meeting_out(meeting: Meeting, actor: Actor) -> dict[str, Any]:
    shown = service.minutes_shown(meeting, actor)
    return {
        "id": meeting.id,
        "operation_id": meeting.operation_id,
        "title": meeting.title,
        "held_on": meeting.held_on.isoformat(),
        "place": meeting.place,
        "online": meeting.online,
        "organiser": meeting.organiser.code,
        "participants": [
            {"agency": p.agency.code, "country": p.agency.country_code, "person_name": p.person_name}
            for p in meeting.participants
        ],
        "agenda": meeting.agenda,
        "minutes_handling_code": meeting.minutes_handling_code,
        "minutes": meeting.minutes if shown else None,
        "decisions": meeting.decisions if shown else None,
        "action_items": [item_out(i) for i in meeting.action_items],
    }


def result_out(session: Session, actor: Actor, r: Result) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "operation_id": r.operation_id,
        "case_id": r.case_id,
        "agency": r.agency.code,
        "occurred_on": r.occurred_on.isoformat(),
        "place": r.place,
        "country": r.country_code,
        "crime_area": r.crime_area,
        "category": r.category,
        "quantity": r.quantity,
        "unit": r.unit,
        "grounds": r.grounds,
        "affiliation": r.affiliation,
        "entity_id": r.entity_id,
        "person": service.entity_label(session, actor, r.entity_id) if r.entity_id else None,
        "env_seizure_id": r.env_seizure_id,
        "handling_code": r.handling_code,
    }


def incident_out(i: MigrationIncident) -> dict[str, Any]:
    return {
        "id": i.id,
        "kind": i.kind,
        "operation_id": i.operation_id,
        "case_id": i.case_id,
        "agency": i.agency.code,
        "occurred_at": i.occurred_at.isoformat(),
        "place": i.place,
        "country": i.country_code,
        "border_section": i.border_section,
        "group_size": i.group_size,
        "nationalities": i.nationalities,
        "route": i.route,
        "false_documents": i.false_documents,
        "facilitator_entity_ids": [e.entity_id for e in i.entities if e.role == "facilitator"],
        "vehicle_entity_ids": [e.entity_id for e in i.entities if e.role == "vehicle"],
        "handling_code": i.handling_code,
    }


@router.get("/operations")
def list_operations(session: DB, actor: ApiActor) -> list[dict[str, Any]]:
    return [operation_out(op) for op in service.list_operations(session, actor)]


@router.post("/operations", status_code=201)
def create_operation(payload: OperationIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    data = payload.model_dump()
    op = service.create_operation(session, actor, agency_codes=data.pop("agencies"), **data)
    return operation_out(op)


@router.get("/operations/{operation_id}")
def get_operation(operation_id: PathId, session: DB, actor: ApiActor) -> dict[str, Any]:
    return operation_out(service.get_operation(session, actor, operation_id))


@router.post("/operations/{operation_id}/targets", status_code=201)
def add_target(operation_id: PathId, payload: TargetIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    t = service.add_target(session, actor, operation_id, **payload.model_dump())
    return {"id": t.id, "kind": t.kind, "label": t.label, "entity_id": t.entity_id}


@router.get("/meetings")
def list_meetings(session: DB, actor: ApiActor, operation_id: RowId | None = None) -> list[dict[str, Any]]:
    return [meeting_out(m, actor) for m in service.list_meetings(session, actor, operation_id=operation_id)]


@router.post("/meetings", status_code=201)
def create_meeting(payload: MeetingIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    data = payload.model_dump()
    return meeting_out(service.create_meeting(session, actor, **data), actor)


@router.get("/meetings/{meeting_id}")
def get_meeting(meeting_id: PathId, session: DB, actor: ApiActor) -> dict[str, Any]:
    return meeting_out(service.get_meeting(session, actor, meeting_id), actor)


@router.post("/meetings/{meeting_id}/action-items", status_code=201)
def add_action_item(meeting_id: PathId, payload: ActionItemIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    return item_out(service.add_action_item(session, actor, meeting_id, **payload.model_dump()))


@router.get("/action-items")
def owed_action_items(session: DB, actor: ApiActor, overdue: bool = False) -> list[dict[str, Any]]:
    return [item_out(i) for i in service.action_items_owed(session, actor, overdue_only=overdue)]


@router.post("/action-items/{item_id}/status")
def set_action_status(item_id: PathId, payload: StatusIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    return item_out(service.set_action_status(session, actor, item_id, payload.status))


@router.get("/results")
def list_results(
    session: DB,
    actor: ApiActor,
    start: date | None = None,
    end: date | None = None,
    country: str | None = None,
    operation_id: RowId | None = None,
) -> list[dict[str, Any]]:
    rows = service.visible_results(session, actor, start=start, end=end, country=country, operation_id=operation_id)
    return [result_out(session, actor, r) for r in rows]


@router.post("/results", status_code=201)
def report_result(payload: ResultIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    return result_out(session, actor, service.report_result(session, actor, **payload.model_dump()))


@router.get("/results/{result_id}")
def get_result(result_id: PathId, session: DB, actor: ApiActor) -> dict[str, Any]:
    return result_out(session, actor, service.get_result(session, actor, result_id))


@router.get("/migration/incidents")
def list_incidents(
    session: DB, actor: ApiActor, start: date | None = None, end: date | None = None, country: str | None = None
) -> list[dict[str, Any]]:
    return [incident_out(i) for i in service.visible_incidents(session, actor, start=start, end=end, country=country)]


@router.post("/migration/incidents", status_code=201)
def report_incident(payload: IncidentIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    return incident_out(service.report_incident(session, actor, **payload.model_dump()))


@router.get("/migration/incidents/{incident_id}")
def get_incident(incident_id: PathId, session: DB, actor: ApiActor) -> dict[str, Any]:
    incident = service.get_incident(session, actor, incident_id)
    out = incident_out(incident)
    out["readmissions"] = [
        {
            "id": r.id,
            "to_country": r.to_country,
            "persons": r.persons,
            "deadline_at": r.deadline_at.isoformat(),
            "status": r.status,
        }
        for r in service.readmissions_of(session, incident.id)
    ]
    return out


@router.post("/migration/incidents/{incident_id}/readmission", status_code=201)
def request_readmission(incident_id: PathId, payload: ReadmissionIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    r = service.request_readmission(session, actor, incident_id, **payload.model_dump())
    return {"id": r.id, "to_country": r.to_country, "persons": r.persons, "deadline_at": r.deadline_at.isoformat()}


@router.get("/migration/readmission-rules")
def readmission_rules(session: DB, actor: ApiActor) -> list[dict[str, Any]]:
    return [
        {
            "from_country": r.from_country,
            "to_country": r.to_country,
            "deadline_hours": r.deadline_hours,
            "reference": r.reference,
        }
        for r in service.readmission_rules(session)
    ]


@router.put("/migration/readmission-rules")
def set_readmission_rule(payload: RuleIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    r = service.set_readmission_rule(session, actor, **payload.model_dump())
    return {
        "from_country": r.from_country,
        "to_country": r.to_country,
        "deadline_hours": r.deadline_hours,
        "reference": r.reference,
    }
