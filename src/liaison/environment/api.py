"""REST API of the environmental-crime capability (``/api/v1/environment``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from liaison.accounts.deps import ApiActor
from liaison.cases.models import Case
from liaison.core import limits
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.core.web import DB, PathId, RowId, attachment_disposition
from liaison.environment import nest, seizures, stats
from liaison.environment.models import Seizure, TaskForce
from liaison.environment.screening import ScreeningInputError, screen

router = APIRouter(prefix="/api/v1/environment", tags=["environment"])


def screen_or_422(payload: Any) -> dict[str, Any]:
    """The JSON of ``liaison screen --json``; input the engine cannot screen is a 422 with its reason."""
    if not isinstance(payload, dict):
        raise InvalidInput(_("Send the declaration as a JSON object with at least hs_code."))
    try:
        return screen(payload).to_public_dict()
    except ScreeningInputError as exc:
        raise InvalidInput(str(exc), fields={"declaration": str(exc)}) from None


@router.post("/screen")
def screen_declaration(actor: ApiActor, payload: Annotated[Any, Body()] = None) -> dict[str, Any]:
    """Screen a declaration. A consultation of no personal data: not audited."""
    return screen_or_422(payload)


class TaskForceIn(BaseModel):
    name: str = Field(max_length=limits.NAME)
    members: list[str] = Field(default_factory=list, description="Agency codes of the same country")
    partners: list[str] = Field(default_factory=list, description="Agency codes abroad")
    description: str = Field("", max_length=limits.DESCRIPTION)


class EnvCaseIn(BaseModel):
    title: str = Field(max_length=limits.TITLE)
    category: str
    description: str = Field("", max_length=limits.DESCRIPTION)
    handling_code: str = "H0"


def _tf_out(tf: TaskForce) -> dict[str, Any]:
    return {
        "id": tf.id,
        "name": tf.name,
        "country": tf.country_code,
        "description": tf.description,
        "members": [{"code": a.code, "kind": a.kind} for a in tf.members],
        "partners": [{"code": a.code, "country": a.country_code} for a in tf.partners],
    }


def _case_out(case: Case, category: str) -> dict[str, Any]:
    return {"id": case.id, "reference": case.reference, "title": case.title, "category": category}


@router.get("/task-forces")
def list_task_forces(session: DB, actor: ApiActor) -> list[dict[str, Any]]:
    return [_tf_out(tf) for tf in nest.list_task_forces(session, actor)]


@router.post("/task-forces", status_code=201)
def create_task_force(payload: TaskForceIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    tf = nest.create_task_force(
        session,
        actor,
        name=payload.name,
        member_codes=payload.members,
        partner_codes=payload.partners,
        description=payload.description,
    )
    return _tf_out(tf)


@router.get("/task-forces/{task_force_id}")
def get_task_force(task_force_id: PathId, session: DB, actor: ApiActor) -> dict[str, Any]:
    view = nest.view_task_force(session, actor, task_force_id)
    return {**_tf_out(view.task_force), "cases": [_case_out(c, e.category) for c, e in view.cases]}


@router.post("/task-forces/{task_force_id}/cases", status_code=201)
def open_case(task_force_id: PathId, payload: EnvCaseIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    case = nest.open_case(
        session,
        actor,
        task_force_id,
        title=payload.title,
        category=payload.category,
        description=payload.description,
        handling_code=payload.handling_code,
    )
    return _case_out(case, payload.category)


class SeizureIn(BaseModel):
    case_id: RowId
    declaration: dict[str, Any]
    seized_on: date
    place: str = Field(max_length=limits.NAME)
    agency_code: str = Field("", max_length=20)
    transport_mode: str = Field("", max_length=20)
    concealment: str = Field("", max_length=limits.NOTE)
    detection_method: str = Field("", max_length=limits.NOTE)
    persons: str = Field("", max_length=limits.NOTE)
    companies: str = Field("", max_length=limits.NOTE)
    legal_action: str = Field("", max_length=limits.NOTE)
    handling_code: str = Field("H0", max_length=2)


class SeizurePatch(BaseModel):
    """The officer's fields that may be altered. Only the fields sent change; ``null`` is accepted only
    for the quantity and its unit (the other fields always have a value), so it answers 422 elsewhere."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    agency_code: str = Field(None, max_length=20)  # type: ignore[assignment]
    seized_on: date = Field(None)  # type: ignore[assignment]
    place: str = Field(None, min_length=1, max_length=limits.NAME)  # type: ignore[assignment]
    transport_mode: str = Field(None, max_length=20)  # type: ignore[assignment]
    concealment: str = Field(None, max_length=limits.NOTE)  # type: ignore[assignment]
    detection_method: str = Field(None, max_length=limits.NOTE)  # type: ignore[assignment]
    persons: str = Field(None, max_length=limits.NOTE)  # type: ignore[assignment]
    companies: str = Field(None, max_length=limits.NOTE)  # type: ignore[assignment]
    legal_action: str = Field(None, max_length=limits.NOTE)  # type: ignore[assignment]
    handling_code: str = Field(None, max_length=2)  # type: ignore[assignment]
    quantity: float | None = Field(None, ge=0)
    unit: str | None = Field(None, max_length=20)


class SendIn(BaseModel):
    recipient: str = Field(description="Agency code abroad, e.g. IT-SCIP")
    purpose: str = Field(max_length=limits.NOTE)
    legal_basis: str = "EU-2023-977"
    priority: str = "normal"
    channel: str = "siena"
    body: str = Field("", max_length=limits.BODY)


def _seizure_out(s: Seizure) -> dict[str, Any]:
    return {**seizures.as_dict(s), "case_id": s.case_id}


@router.post("/seizures", status_code=201)
def create_seizure(payload: SeizureIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    details = seizures.SeizureDetails(**payload.model_dump(exclude={"case_id", "declaration"}))
    s = seizures.create_from_screening(session, actor, payload.case_id, payload.declaration, details)
    return _seizure_out(s)


@router.get("/seizures/export")
def export_seizures(
    session: DB,
    actor: ApiActor,
    case_id: Annotated[int | None, Query()] = None,
    format: Annotated[str, Query(pattern="^(csv|json)$")] = "json",
) -> Response:
    rows = seizures.for_case(session, actor, case_id) if case_id else seizures.visible(session, actor)
    if not rows:
        raise InvalidInput(_("There is no seizure record to export."))
    content_type, body = seizures.export(session, actor, rows, format)
    name = f"seizures.{format}"
    return Response(body, media_type=content_type, headers={"Content-Disposition": attachment_disposition(name)})


@router.get("/seizures/{seizure_id}")
def get_seizure(seizure_id: PathId, session: DB, actor: ApiActor) -> dict[str, Any]:
    return _seizure_out(seizures.get_seizure(session, actor, seizure_id))


@router.patch("/seizures/{seizure_id}")
def update_seizure(seizure_id: PathId, payload: SeizurePatch, session: DB, actor: ApiActor) -> dict[str, Any]:
    return _seizure_out(seizures.update(session, actor, seizure_id, payload.model_dump(exclude_unset=True)))


@router.get("/cases/{case_id}/seizures")
def case_seizures(case_id: PathId, session: DB, actor: ApiActor) -> list[dict[str, Any]]:
    return [_seizure_out(s) for s in seizures.for_case(session, actor, case_id)]


@router.post("/seizures/{seizure_id}/send", status_code=201)
def send_seizure(seizure_id: PathId, payload: SendIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    message = seizures.send_as_request(
        session,
        actor,
        seizure_id,
        seizures.SendRequest(
            recipient_code=payload.recipient,
            purpose=payload.purpose,
            legal_basis_code=payload.legal_basis,
            priority=payload.priority,
            channel=payload.channel,
            body=payload.body,
        ),
    )
    return {"message_id": message.id, "case_id": message.case_id, "deadline_at": message.deadline_at}


class AuthoriseIn(BaseModel):
    agency: str = Field(max_length=40, description="Agency code that may send the record abroad")
    recipient: str = Field("", max_length=40, description="Agency code abroad it may send to (required for H2/H3)")
    note: str = Field("", max_length=5000)


@router.post("/seizures/{seizure_id}/authorisations", status_code=201)
def authorise_seizure(seizure_id: PathId, payload: AuthoriseIn, session: DB, actor: ApiActor) -> dict[str, int]:
    """The seizing agency authorises another agency to send its record abroad."""
    grant = seizures.authorise(
        session, actor, seizure_id, payload.agency, recipient_code=payload.recipient, note=payload.note
    )
    return {"id": grant.id}


@router.get("/stats")
def statistics(session: DB, actor: ApiActor) -> dict[str, object]:
    return stats.for_actor(session, actor).as_dict()


@router.get("/stats.csv")
def statistics_csv(session: DB, actor: ApiActor) -> Response:
    body = stats.to_csv(stats.for_actor(session, actor))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="environment-statistics.csv"'},
    )
