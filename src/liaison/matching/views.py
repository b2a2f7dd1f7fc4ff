"""Hit pages: the agency's hits, one hit with its explanation, confirm or reject."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from liaison.accounts.deps import PageActor
from liaison.core.web import DB, render
from liaison.matching import service

router = APIRouter(include_in_schema=False)


@router.get("/hits")
def hits(request: Request, session: DB, actor: PageActor, status: str = "") -> Response:
    views = service.hits_for(session, actor, status=status or None)
    return render(request, "matching/hits.html", {"views": views, "status": status})


@router.get("/hits/{hit_id}")
def hit(request: Request, session: DB, actor: PageActor, hit_id: int) -> Response:
    return render(request, "matching/hit.html", {"hv": service.get_hit(session, actor, hit_id)})


@router.post("/hits/{hit_id}/decision")
def decide(
    session: DB, actor: PageActor, hit_id: int, status: Annotated[str, Form()], note: Annotated[str, Form()] = ""
) -> Response:
    service.decide(session, actor, hit_id, status, note)
    return RedirectResponse(f"/hits/{hit_id}", status_code=303)
