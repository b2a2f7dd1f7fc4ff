"""Entities API: record, validate, list, search, and FollowTheMoney import/export."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from liaison.accounts.deps import ApiActor
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.core.web import DB, PathId, RowId
from liaison.entities import interchange, service

router = APIRouter(prefix="/api/v1", tags=["entities"])


class EntityIn(BaseModel):
    message_id: RowId | None = None
    entity: dict[str, Any] = Field(description="An entity: {'type': 'person', 'names': [...], ...}")


class EntityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    case_id: int
    message_id: int | None
    owner_agency_id: int
    type: str
    label: str
    data: dict[str, Any]
    problems: list[str]
    handling_code: str


class ValidationOut(BaseModel):
    valid: bool
    problems: list[str] = []
    fields: dict[str, str] = {}
    label: str = ""
    normalised: list[dict[str, Any]] = []


@router.post("/cases/{case_id}/entities", response_model=EntityOut, status_code=201)
def add(case_id: PathId, payload: EntityIn, session: DB, actor: ApiActor) -> EntityOut:
    row = service.add_entity(session, actor, case_id, payload.entity, message_id=payload.message_id)
    return EntityOut.model_validate(row)


@router.get("/cases/{case_id}/entities", response_model=list[EntityOut])
def for_case(case_id: PathId, session: DB, actor: ApiActor) -> list[EntityOut]:
    return [EntityOut.model_validate(r) for r in service.for_case(session, actor, case_id)]


@router.get("/entities/{entity_id}", response_model=EntityOut)
def get(
    entity_id: PathId, session: DB, actor: ApiActor, justification: Annotated[str, Query(max_length=500)] = ""
) -> EntityOut:
    return EntityOut.model_validate(service.get_entity(session, actor, entity_id, justification=justification))


@router.post("/entities/validate", response_model=ValidationOut)
def validate(actor: ApiActor, entity: Annotated[dict[str, Any], Body(embed=True)]) -> ValidationOut:
    """Check an entity as it is typed: field errors and identifier warnings, nothing stored."""
    try:
        model = service.validate(entity)
    except InvalidInput as exc:
        return ValidationOut(valid=False, fields=exc.fields)
    return ValidationOut(
        valid=True,
        problems=model.problems(),
        label=service.label_of(model),
        normalised=[{"kind": n.kind, "value": n.value, "valid": n.valid} for n in model.normalised()],
    )


@router.get("/cases/{case_id}/entities.ftm.jsonl", response_class=Response)
def export(case_id: PathId, session: DB, actor: ApiActor) -> Response:
    text = interchange.export_case(session, actor, case_id)
    return Response(
        text,
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="case-{case_id}.ftm.jsonl"'},
    )


class ImportOut(BaseModel):
    imported: int
    relations: int = 0
    errors: list[dict[str, Any]]


@router.post("/cases/{case_id}/entities/import", response_model=ImportOut)
def import_ftm(
    case_id: PathId,
    session: DB,
    actor: ApiActor,
    body: Annotated[str, Body(media_type="application/x-ndjson")],
    message_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    accept_valid: Annotated[bool, Query()] = False,
) -> ImportOut:
    result = interchange.import_case(
        session, actor, case_id, io.StringIO(body), message_id=message_id, accept_valid=accept_valid
    )
    if result.errors and not accept_valid:
        raise InvalidInput(
            _("Nothing was imported: fix the rejected lines or ask to import the valid ones."),
            fields={f"line {e['line']}": e["reason"] for e in result.errors},
        )
    return ImportOut(imported=result.imported, relations=result.relations, errors=result.errors)
