"""Agencies and directory API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from liaison.accounts.deps import ApiActor
from liaison.agencies import service
from liaison.core.web import DB

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
