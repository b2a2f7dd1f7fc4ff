"""The PCC / crossing-point desk page, a check's detail page, and the follow-up request draft.

The desk is built for a scanner and a keyboard: the MRZ field has the focus, a scanner's paste of a
complete MRZ submits by itself (``frontline.js``), Ctrl+Enter submits, Escape clears, and after each
answer the focus is back in the MRZ field for the next traveller. The verdict is one big word.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from liaison.accounts.deps import PageActor
from liaison.accounts.service import Actor
from liaison.agencies import service as agencies
from liaison.cases import service as cases
from liaison.cases.views import vocab as case_vocab
from liaison.core.web import DB, PostedForm, render, rerender_on_invalid
from liaison.frontline import service
from liaison.frontline.matching import CheckQuery, CheckResult

router = APIRouter(include_in_schema=False)

QUERY_FIELDS = (
    "mrz",
    "name",
    "birth_date",
    "nationality",
    "document",
    "document_country",
    "plate",
    "plate_country",
    "vin",
    "serial",
)
#: The crime area a follow-up case is opened under, by entry category.
CRIME_AREA = {
    "lost_document": "document_fraud",
    "stolen_document": "document_fraud",
    "stolen_blank_document": "document_fraud",
    "stolen_vehicle": "organised_property_crime",
    "wanted_person": "high_risk_networks",
    "missing_person": "trafficking_human_beings",
    "stolen_firearm": "firearms_trafficking",
}


def _desk(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    values: dict[str, str],
    crossing_point: str,
    reason: str,
    result: CheckResult | None = None,
    error: str = "",
    fields: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "frontline/desk.html",
        {
            "values": values,
            "crossing_point": crossing_point,
            "reason": reason,
            "result": result,
            "error": error,
            "fields": fields or {},
            "recent": service.recent_checks(session, actor, crossing_point),
        },
        status_code=status_code,
    )


def _hit_label(check_id: int, hit: dict[str, Any]) -> str:
    if hit.get("withheld") and not hit.get("record_id"):
        return f"restricted entry of {hit['owner']} (check {check_id})"
    return f"{hit['list']} / {hit['record_id']}"


def _your_record(check_id: int, hit: dict[str, Any]) -> str:
    """How the draft names the entry: by list and record, or only by check when they were withheld."""
    if hit.get("withheld") and not hit.get("record_id"):
        return f"your restricted entry ({hit.get('handling')}), frontline check {check_id}"
    return f"your list {hit['list']}, record {hit['record_id']}"


@router.get("/frontline/desk")
def desk(
    request: Request,
    session: DB,
    actor: PageActor,
    crossing_point: str = "",
    reason: str = "Entry/exit border check",
) -> Response:
    service.require_frontline(actor, "desk")
    return _desk(request, session, actor, values={}, crossing_point=crossing_point[:100], reason=reason[:300])


@router.post("/frontline/desk")
def desk_check(request: Request, session: DB, actor: PageActor, form: PostedForm) -> Response:
    values = {k: str(form.get(k) or "")[:400] for k in QUERY_FIELDS}
    crossing_point = str(form.get("crossing_point") or "")[:100]
    reason = str(form.get("reason") or "")[:300]
    # The next traveller starts from an empty form; the answer stays on screen.
    return rerender_on_invalid(
        session,
        lambda: service.check(session, actor, CheckQuery(**values), crossing_point=crossing_point, reason=reason),
        done=lambda result: _desk(
            request, session, actor, values={}, crossing_point=crossing_point, reason=reason, result=result
        ),
        rerender=lambda exc: _desk(
            request,
            session,
            actor,
            values=values,
            crossing_point=crossing_point,
            reason=reason,
            error=exc.message,
            fields=exc.fields,
        ),
    )


@router.get("/frontline/checks/{check_id}")
def check_page(request: Request, session: DB, actor: PageActor, check_id: int) -> Response:
    row = service.get_check(session, actor, check_id)
    agency = {a.id: a for a in agencies.list_agencies(session, active_only=False)}
    return render(
        request,
        "frontline/check.html",
        {
            "check": row,
            "hits": service.hits_for(row, actor.agency_id),
            "agencies": agency,
            "mine": row.agency_id == actor.agency_id,
        },
    )


@router.post("/frontline/checks/{check_id}/hits/{index}/case")
def open_case(session: DB, actor: PageActor, check_id: int, index: int) -> Response:
    """Open a case for a hit and go to a request to the owner, pre-filled, ready to send."""
    row, hit = service.entry_for_hit(session, actor, check_id, index)
    area = CRIME_AREA.get(str(hit.get("category")), "document_fraud")
    handling = str(hit.get("handling") or "H0")
    case = cases.create_case(
        session,
        actor,
        title=f"Frontline hit: {_hit_label(row.id, hit)}"[:300],
        crime_areas=[area],
        handling_code=handling if handling in ("H0", "H1", "H2", "H3") else "H0",
        description=f"Opened from frontline check {row.id}"
        + (f" at {row.crossing_point}" if row.crossing_point else ""),
    )
    return RedirectResponse(f"/frontline/cases/{case.id}/request?check={row.id}&hit={index}", status_code=303)


@router.get("/frontline/cases/{case_id}/request")
def request_draft(request: Request, session: DB, actor: PageActor, case_id: int, check: int, hit: int) -> Response:
    case = cases.get_case(session, actor, case_id)
    row, entry = service.entry_for_hit(session, actor, check, hit)
    where = f" at {row.crossing_point}" if row.crossing_point else ""
    values: dict[str, Any] = {
        "recipient_agency_id": entry.get("owner_id"),
        "priority": "urgent",
        "data_access": "direct",
        "legal_basis_code": "EU-2023-977",
        "handling_code": str(entry.get("handling") or "H0"),
        "subject": f"Frontline hit on {_your_record(row.id, entry)}"[:300],
        "purpose": f"Confirm the hit and the action to take ({entry['action']}) at a border check{where}.",
        "body": (
            f"A border check{where} hit {_your_record(row.id, entry)} "
            f"(matched on {entry.get('matched_on')}, score {entry.get('score')}).\n"
            f"Please confirm that the record is current and the action requested ({entry['action']}), "
            "and send any further details needed to proceed."
        ),
    }
    context: dict[str, Any] = {
        **case_vocab(session),
        "case": case,
        "values": values,
        "actor": actor,
        "fields": {},
    }
    return render(request, "frontline/request.html", context)
