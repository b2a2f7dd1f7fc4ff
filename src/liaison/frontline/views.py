"""The PCC / crossing-point desk page, a check's detail page, and the follow-up request draft.

The desk is built for a scanner and a keyboard: the MRZ field has the focus, a scanner's paste of a
complete MRZ submits by itself (``frontline.js``), Ctrl+Enter submits, Escape clears, and after each
answer the focus is back in the MRZ field for the next traveller. The verdict is one big word and a
colour: HIT (red), CHECK DOCUMENT (amber), CLEAR (green) (``frontline/verdict.py``).

An empty or repeated submit never replaces the verdict on screen: the script refuses it, and the server,
asked with an empty form, shows the verdict of the check still on screen (the form names it) again.

The crossing point is asked once per shift and put on every check: it is kept in a cookie signed by the
server and bound to the sign-in session (a new sign-in asks again), so every worker process reads it and
no browser script can change it behind the officer's back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from liaison.accounts.deps import SESSION_COOKIE, PageActor
from liaison.accounts.service import Actor
from liaison.agencies import service as agencies
from liaison.cases import service as cases
from liaison.cases.views import vocab as case_vocab
from liaison.core.config import get_settings
from liaison.core.i18n import _
from liaison.core.web import DB, PostedForm, render, rerender_on_invalid
from liaison.frontline import keys, service
from liaison.frontline.matching import CheckQuery, CheckResult
from liaison.frontline.models import ACTIONS, CATEGORY_LABELS, CHECKED, VERDICT_LABELS
from liaison.frontline.service import RecentCheck

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


#: The crossing point of this shift: ``base64url(point).signature``, the signature an HMAC of the point
#: and the sign-in session's token, so it holds for this session only and cannot be forged.
POINT_COOKIE = "liaison_desk_point"
POINT_MAX = 100


def _point_signature(session_token: str, encoded: str) -> str:
    key = get_settings().secret_key.encode()
    message = b"desk-point|" + session_token.encode() + b"|" + encoded.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def shift_point(request: Request) -> str:
    """The crossing point set for this sign-in session, or "" when it is still to be asked."""
    token = request.cookies.get(SESSION_COOKIE, "")
    encoded, _sep, signature = request.cookies.get(POINT_COOKIE, "").partition(".")
    if not (token and encoded and hmac.compare_digest(_point_signature(token, encoded), signature)):
        return ""
    try:
        return base64.urlsafe_b64decode(encoded.encode()).decode()[:POINT_MAX]
    except ValueError:
        return ""


def _remember_point(request: Request, response: Response, point: str) -> None:
    encoded = base64.urlsafe_b64encode(point.encode()).decode()
    response.set_cookie(
        POINT_COOKIE,
        f"{encoded}.{_point_signature(request.cookies.get(SESSION_COOKIE, ''), encoded)}",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" or get_settings().force_secure_cookies,
        max_age=get_settings().session_hours * 3600,
        path="/frontline",
    )


def _desk(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    values: dict[str, str],
    crossing_point: str,
    reason: str,
    result: CheckResult | None = None,
    kept: RecentCheck | None = None,
    note: str = "",
    error: str = "",
    fields: dict[str, str] | None = None,
    status_code: int = 200,
    recent: list[RecentCheck] | None = None,
) -> Response:
    return render(
        request,
        "frontline/desk.html",
        {
            "values": values,
            "crossing_point": crossing_point,
            "reason": reason,
            "result": result,
            "kept": kept,
            "note": note,
            "error": error,
            "fields": fields or {},
            "recent": recent if recent is not None else service.recent_checks(session, actor, crossing_point),
            "actions": ACTIONS,
            "categories": CATEGORY_LABELS,
            "checked": CHECKED,
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


DEFAULT_REASON = "Entry/exit border check"


@router.get("/frontline/desk")
def desk(request: Request, session: DB, actor: PageActor, reason: str = DEFAULT_REASON) -> Response:
    service.require_frontline(actor, "desk")
    return _desk(request, session, actor, values={}, crossing_point=shift_point(request), reason=reason[:300])


@router.post("/frontline/desk/point")
def set_point(request: Request, session: DB, actor: PageActor, form: PostedForm) -> Response:
    """Set (or change) the crossing point of this shift; every check of the session carries it."""
    service.require_frontline(actor, "desk")
    point = " ".join(str(form.get("crossing_point") or "").split())
    if not point or len(point) > POINT_MAX:
        message = _("Give the crossing point where you work this shift (at most 100 characters).")
        return _desk(
            request,
            session,
            actor,
            values={},
            crossing_point="",
            reason=DEFAULT_REASON,
            error=message,
            fields={"crossing_point": message},
            status_code=422,
        )
    response = RedirectResponse("/frontline/desk", status_code=303)
    _remember_point(request, response, point)
    return response


def _shown(form: Any, recent: list[RecentCheck]) -> RecentCheck | None:
    """The check whose verdict the page showed when the form was sent (the form names it), if this desk's."""
    shown = str(form.get("shown") or "")
    return next((r for r in recent if str(r.id) == shown), None) if shown.isdigit() else None


@router.post("/frontline/desk")
def desk_check(request: Request, session: DB, actor: PageActor, form: PostedForm) -> Response:
    values = {k: str(form.get(k) or "")[:400] for k in QUERY_FIELDS}
    crossing_point = shift_point(request)
    reason = str(form.get("reason") or "")[:300]
    if not crossing_point:
        service.require_frontline(actor, "desk")
        message = _("Set the crossing point of this shift first: it is recorded with every check.")
        return _desk(
            request,
            session,
            actor,
            values=values,
            crossing_point="",
            reason=reason,
            error=message,
            fields={"crossing_point": message},
            status_code=422,
        )
    if not any(keys.visible(v) for v in values.values()):
        # An empty submit (a second Enter, a double click) checks nothing and keeps the verdict on screen;
        # 422 tells a script that nothing was checked.
        service.require_frontline(actor, "desk")
        recent = service.recent_checks(session, actor, crossing_point)
        return _desk(
            request,
            session,
            actor,
            values={},
            crossing_point=crossing_point,
            reason=reason,
            kept=_shown(form, recent),
            note=_("Nothing to check: the form was empty. The verdict shown is still that of the last check."),
            recent=recent,
            status_code=422,
        )
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
            "actions": ACTIONS,
            "checked": CHECKED,
            "verdicts": VERDICT_LABELS,
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
