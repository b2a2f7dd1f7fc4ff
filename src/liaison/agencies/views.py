"""Directory of contact points and agency administration pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from liaison.accounts.deps import PageActor, require_role
from liaison.agencies import service
from liaison.core.vocab import AGENCY_KINDS, CHANNELS, CRIME_AREAS, LANGUAGES
from liaison.core.web import DB, render

router = APIRouter(include_in_schema=False)


@router.get("/directory")
def directory(
    request: Request,
    session: DB,
    actor: PageActor,
    q: str = "",
    country: str = "",
    crime_area: str = "",
    language: str = "",
    only_24_7: bool = False,
) -> Response:
    rows = service.directory(
        session,
        query=q,
        country=country or None,
        crime_area=crime_area or None,
        language=language or None,
        only_24_7=only_24_7,
    )
    return render(
        request,
        "directory.html",
        {
            "rows": rows,
            "q": q,
            "country": country,
            "crime_area": crime_area,
            "language": language,
            "only_24_7": only_24_7,
            "countries": service.countries(session),
            "crime_areas": CRIME_AREAS,
            "languages": LANGUAGES,
        },
    )


@router.get("/admin/agencies")
def agencies_page(request: Request, session: DB, actor: PageActor) -> Response:
    require_role(actor, "admin")
    return render(
        request,
        "admin_agencies.html",
        {
            "agencies": service.list_agencies(session, active_only=False),
            "countries": service.countries(session),
            "kinds": AGENCY_KINDS,
            "channels": CHANNELS,
        },
    )


@router.post("/admin/agencies")
def agencies_create(
    request: Request,
    session: DB,
    actor: PageActor,
    code: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    country_code: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "police",
    is_spoc: Annotated[bool, Form()] = False,
    channels: Annotated[list[str] | None, Form()] = None,
    retention_days: Annotated[int, Form()] = 1095,
) -> Response:
    require_role(actor, "admin")
    service.create_agency(
        session,
        actor.ctx,
        code=code,
        name=name,
        country_code=country_code,
        kind=kind,
        is_spoc=is_spoc,
        channels=channels or [],
        retention_days=retention_days,
    )
    return RedirectResponse("/admin/agencies", status_code=303)
