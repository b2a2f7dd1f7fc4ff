"""Agencies and directory API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from liaison.accounts.deps import ApiActor, require_role
from liaison.agencies import service
from liaison.core.web import DB, RowId

router = APIRouter(prefix="/api/v1", tags=["agencies"])


class AgencyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    code: str
    name: str
    country_code: str
    kind: str
    is_spoc: bool
    channels: list[str]
    retention_days: int


class ContactOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    agency: AgencyOut
    name: str
    function: str
    crime_areas: list[str]
    languages: list[str]
    phone: str
    email: str
    available_24_7: bool


@router.get("/agencies", response_model=list[AgencyOut])
def agencies(
    session: DB, actor: ApiActor, country: Annotated[str | None, Query(min_length=2, max_length=2)] = None
) -> list[AgencyOut]:
    return [AgencyOut.model_validate(a) for a in service.list_agencies(session, country=country)]


@router.get("/directory", response_model=list[ContactOut])
def directory(
    session: DB,
    actor: ApiActor,
    q: Annotated[str, Query(max_length=200)] = "",
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    crime_area: Annotated[str | None, Query(max_length=40)] = None,
    language: Annotated[str | None, Query(max_length=10)] = None,
    available_24_7: bool = False,
) -> list[ContactOut]:
    rows = service.directory(
        session, query=q, country=country, crime_area=crime_area, language=language, only_24_7=available_24_7
    )
    return [ContactOut.model_validate(r) for r in rows]


class ContactIn(BaseModel):
    agency_id: RowId | None = Field(
        default=None, description="Defaults to the caller's agency; other agencies: admins only"
    )
    name: str = Field(min_length=1, max_length=200)
    function: str = Field(default="", max_length=200)
    crime_areas: list[str] = Field(default_factory=list, max_length=20)
    languages: list[str] = Field(default_factory=list, max_length=20)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    available_24_7: bool = False


@router.post("/directory", response_model=ContactOut, status_code=201)
def add_contact(payload: ContactIn, session: DB, actor: ApiActor) -> ContactOut:
    """Supervisors add contact points of their own agency; administrators of any agency."""
    require_role(actor, "supervisor")
    agency_id = payload.agency_id or actor.agency_id
    if agency_id != actor.agency_id:
        require_role(actor, "admin")
    contact = service.add_contact(session, actor.ctx, **{**payload.model_dump(), "agency_id": agency_id})
    return ContactOut.model_validate(contact)
