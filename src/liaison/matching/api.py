"""Hits API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from liaison.accounts.deps import ApiActor
from liaison.cases.api import cases_out, message_out
from liaison.cases.schemas import SearchOut
from liaison.core import limits
from liaison.core.web import DB, PathId
from liaison.entities.api import EntityOut
from liaison.matching import search, service

router = APIRouter(prefix="/api/v1", tags=["matching"])


class SideOut(BaseModel):
    agency_code: str
    agency_name: str
    visible: bool
    entity_id: int | None = None
    label: str | None = None
    type: str | None = None
    case_id: int | None = None


class HitOut(BaseModel):
    id: int
    kind: str
    score: float
    status: str
    created_at: datetime
    explanation: list[dict[str, Any]]
    mine: SideOut
    other: SideOut
    how_to_ask: str
    owned: bool
    holder_code: str | None = None


def _side(side: service.HitSide) -> SideOut:
    if not side.visible:
        return SideOut(agency_code=side.agency.code, agency_name=side.agency.name, visible=False)
    return SideOut(
        agency_code=side.agency.code,
        agency_name=side.agency.name,
        visible=True,
        entity_id=side.entity_id,
        label=side.label,
        type=side.type,
        case_id=side.case_id,
    )


def hit_out(hv: service.HitView) -> HitOut:
    # The explanation names fields and how they compared, never the other record's values, unless visible.
    explanation = (
        hv.hit.explanation
        if hv.other.visible
        else [{"field": e.get("field"), "outcome": e.get("outcome")} for e in hv.hit.explanation]
    )
    return HitOut(
        id=hv.hit.id,
        kind=hv.hit.kind,
        score=hv.hit.score,
        status=hv.hit.status,
        created_at=hv.hit.created_at,
        explanation=explanation,
        mine=_side(hv.mine),
        other=_side(hv.other),
        how_to_ask=hv.how_to_ask,
        owned=hv.owned,
        holder_code=hv.holder.code if hv.holder else None,
    )


@router.get("/hits", response_model=list[HitOut])
def hits(
    session: DB, actor: ApiActor, status: Annotated[Literal["new", "confirmed", "rejected"] | None, Query()] = None
) -> list[HitOut]:
    return [hit_out(v) for v in service.hits_for(session, actor, status=status)]


@router.get("/hits/{hit_id}", response_model=HitOut)
def hit(hit_id: PathId, session: DB, actor: ApiActor) -> HitOut:
    return hit_out(service.get_hit(session, actor, hit_id))


class DecisionIn(BaseModel):
    status: Literal["confirmed", "rejected"]
    note: str = Field(default="", max_length=limits.NOTE)


@router.post("/hits/{hit_id}/decision", response_model=HitOut)
def decide(hit_id: PathId, payload: DecisionIn, session: DB, actor: ApiActor) -> HitOut:
    return hit_out(service.decide(session, actor, hit_id, payload.status, payload.note))


@router.get("/entities", response_model=list[EntityOut])
def find(
    session: DB,
    actor: ApiActor,
    name: Annotated[str, Query(max_length=200)] = "",
    birth_year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    identifier: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[str | None, Query(max_length=30)] = None,
) -> list[EntityOut]:
    """Fuzzy name search (with birth year) or exact identifier search, within what the user may see."""
    rows = search.find(session, actor, name=name, birth_year=birth_year, identifier=identifier, kind=kind)
    return [EntityOut.model_validate(r) for r in rows]


class EverythingOut(SearchOut):
    people: list[EntityOut]


@router.get("/search", response_model=EverythingOut)
def search_everything(
    session: DB, actor: ApiActor, q: Annotated[str, Query(min_length=2, max_length=limits.QUERY)]
) -> EverythingOut:
    """The one search: cases, messages and people or identifiers (any script, national phone formats)."""
    found = search.search_all(session, actor, q)
    return EverythingOut(
        cases=cases_out(session, actor, found.cases),
        messages=[message_out(m) for m in found.messages],
        people=[EntityOut.model_validate(r) for r in found.people],
    )
