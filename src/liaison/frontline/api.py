"""REST API of frontline checks (``/api/v1/frontline``): what the desk page and kiosks call."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from liaison.accounts.deps import ApiActor
from liaison.core.web import DB
from liaison.frontline import service
from liaison.frontline.matching import CheckQuery

router = APIRouter(prefix="/api/v1/frontline", tags=["frontline"])


class CheckIn(BaseModel):
    mrz: str = Field("", max_length=200, description="The MRZ as a scanner pastes it (2 or 3 lines).")
    name: str = Field("", max_length=200)
    birth_date: str = Field("", max_length=10, description="YYYY-MM-DD")
    nationality: str = Field("", max_length=3)
    document: str = Field("", max_length=40)
    document_country: str = Field("", max_length=3)
    plate: str = Field("", max_length=20)
    plate_country: str = Field("", max_length=3)
    vin: str = Field("", max_length=20)
    serial: str = Field("", max_length=40, description="Firearm serial number.")
    crossing_point: str = Field("", max_length=100, description="Where the check is made (logged).")
    reason: str = Field("border check", max_length=300, description="Why (logged; LED Art. 25).")


@router.post("/checks")
def run_check(payload: CheckIn, session: DB, actor: ApiActor) -> dict[str, Any]:
    """One check; every hit across lists with score, explanation, action and the owner's contact point.

    Needs the frontline role (403 otherwise, audited). A hit on another agency's H2/H3 entry has
    ``withheld: true`` and carries only the owner, its contact point and the action.
    """
    query = CheckQuery(**payload.model_dump(exclude={"crossing_point", "reason"}))
    result = service.check(session, actor, query, crossing_point=payload.crossing_point, reason=payload.reason)
    return result.as_json()


@router.get("/checks")
def recent(
    session: DB,
    actor: ApiActor,
    crossing_point: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 15,
) -> dict[str, Any]:
    """Recent checks of this desk (the caller's agency, at one crossing point or all); frontline role only."""
    service.require_frontline(actor, "recent_checks")
    rows = service.recent_checks(session, actor, crossing_point, limit)
    return {
        "items": [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "crossing_point": r.crossing_point,
                "checked": r.kinds,
                "verdict": r.verdict,
                "hits": [{k: h.get(k) for k in ("list", "record_id", "action", "owner", "score")} for h in r.hits],
            }
            for r in rows
        ]
    }


@router.get("/watchlists")
def lists(session: DB, actor: ApiActor) -> dict[str, Any]:
    return {"items": service.watchlists(session)}
