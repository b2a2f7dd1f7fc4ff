"""Pages of the environmental-crime capability: screening, NEST workspace, seizure records, statistics,
and the seizures panel of the case page."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.deps import PageActor
from liaison.accounts.service import Actor
from liaison.agencies.service import list_agencies
from liaison.cases.access import case_data_visible
from liaison.cases.models import Case
from liaison.core.audit import Actions, record
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.core.vocab import AGENCY_KINDS, HANDLING_CODES
from liaison.core.web import (
    DB,
    MAX_ID,
    PostedForm,
    PostedFormData,
    attachment_disposition,
    render,
    rerender_on_invalid,
)
from liaison.environment import nest, seizures, stats
from liaison.environment.models import Seizure
from liaison.environment.screening import ScreeningInputError, ScreeningResult, screen

router = APIRouter(include_in_schema=False)

LIST_FIELDS = ("cas_numbers", "transit", "documents")
TEXT_FIELDS = (
    "hs_code",
    "description",
    "species",
    "refrigerant",
    "origin",
    "export_country",
    "destination",
    "quantity",
    "unit",
    "packaging",
    "status",
)
DETAIL_FIELDS = (
    "seized_on",
    "place",
    "agency_code",
    "transport_mode",
    "concealment",
    "detection_method",
    "persons",
    "companies",
    "legal_action",
    "handling_code",
)


def _split(value: str) -> list[str]:
    """Lists are typed one per line or separated by commas (documents only by lines: names have commas)."""
    return [v.strip() for v in value.replace("\r", "").split("\n") if v.strip()]


def declaration_from_form(form: dict[str, Any]) -> dict[str, Any]:
    decl: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = str(form.get(name) or "").strip()
        if value:
            decl[name] = value
    for name in LIST_FIELDS:
        raw = str(form.get(name) or "")
        items = _split(raw) if name == "documents" else [v.strip() for v in raw.replace("\n", ",").split(",")]
        decl[name] = [v for v in items if v]
    return decl


def _environmental_cases(session: Session, actor: Actor) -> list[Case]:
    rows = session.execute(
        select(Case)
        .where(case_data_visible(actor.user), Case.status == "open")
        .order_by(Case.updated_at.desc())
        .limit(300)
    ).scalars()
    return [c for c in rows if "environmental_crime" in (c.crime_areas or [])]


def _screen_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    values: dict[str, Any],
    result: ScreeningResult | None = None,
    error: str = "",
    fields: dict[str, str] | None = None,
    details: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "environment/screen.html",
        {
            "values": values,
            "result": result,
            "declaration_json": json.dumps(result.declaration.model_dump(mode="json")) if result else "",
            "error": error,
            "fields": fields or {},
            "details": details or {},
            "cases": _environmental_cases(session, actor),
            "transport_modes": seizures.TRANSPORT_MODES,
            "handling_codes": HANDLING_CODES,
        },
        status_code=status_code,
    )


@router.get("/environment/screen")
def screen_form(request: Request, session: DB, actor: PageActor, case_id: int | None = None) -> Response:
    return _screen_page(request, session, actor, values={"case_id": case_id})


@router.post("/environment/screen")
def screen_submit(request: Request, session: DB, actor: PageActor, form: PostedForm) -> Response:
    """Screen what the form holds. A consultation of no personal data: not audited."""
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        result = screen(declaration_from_form(form))
    except ScreeningInputError as exc:
        return _screen_page(request, session, actor, values=values, error=str(exc), status_code=422)
    return _screen_page(request, session, actor, values=values, result=result)


@router.post("/environment/seizures")
def create_seizure(request: Request, session: DB, actor: PageActor, form: PostedForm) -> Response:
    """The one step from a screening result to a seizure record attached to a case."""
    details: dict[str, Any] = {k: str(form.get(k) or "") for k in DETAIL_FIELDS}
    details["handling_code"] = details["handling_code"] or "H0"
    try:
        declaration = json.loads(str(form.get("declaration_json") or "{}"))
    except ValueError:
        declaration = {}
    case_id = str(form.get("case_id") or "")

    def save() -> Seizure:
        if not (case_id.isascii() and case_id.isdigit()) or not 1 <= int(case_id) <= MAX_ID:
            raise InvalidInput(
                _("The seizure record was not saved: correct the marked fields."),
                fields={"case_id": _("Choose the case the seizure belongs to.")},
            )
        return seizures.create_from_screening(
            session, actor, int(case_id), declaration, seizures.SeizureDetails(**details)
        )

    def again(exc: InvalidInput) -> Response:
        result = None
        with contextlib.suppress(ScreeningInputError, TypeError, ValueError):
            result = screen(declaration)
        values = {k: v for k, v in declaration.items() if isinstance(v, str | int | float)}
        values.update({k: "\n".join(declaration.get(k) or []) for k in LIST_FIELDS if declaration.get(k)})
        values["case_id"] = case_id
        return _screen_page(
            request,
            session,
            actor,
            values=values,
            result=result,
            error=exc.message,
            fields=exc.fields,
            details=details,
        )

    return rerender_on_invalid(
        session,
        save,
        done=lambda row: RedirectResponse(f"/cases/{row.case_id}#seizure-{row.id}", status_code=303),
        rerender=again,
    )


@router.get("/environment/seizures/{seizure_id}")
def seizure_page(request: Request, session: DB, actor: PageActor, seizure_id: int) -> Response:
    """The printable record. Opening it consults personal data (persons, companies): audited."""
    row = seizures.get_seizure(session, actor, seizure_id)
    case = session.get(Case, row.case_id)
    record(
        session,
        actor.ctx,
        Actions.CONSULTATION,
        "env_seizure",
        row.id,
        subjects=[("case", row.case_id)],
        details={"case": row.case_id},
    )
    abroad = [a for a in list_agencies(session) if a.country_code != actor.user.agency.country_code]
    return render(
        request,
        "environment/seizure.html",
        {
            "s": row,
            "case": case,
            "abroad": abroad,
            "bases": seizures.REQUEST_BASES,
            "transport_modes": seizures.TRANSPORT_MODES,
        },
    )


def _download(body: str, content_type: str, name: str) -> Response:
    return Response(body, media_type=content_type, headers={"Content-Disposition": attachment_disposition(name)})


@router.get("/environment/seizures/{seizure_id}/export.{fmt}")
def export_one(session: DB, actor: PageActor, seizure_id: int, fmt: str) -> Response:
    row = seizures.get_seizure(session, actor, seizure_id)
    content_type, body = seizures.export(session, actor, [row], fmt)
    return _download(body, content_type, f"seizure-{row.id}.{fmt}")


@router.get("/environment/cases/{case_id}/seizures.{fmt}")
def export_case(session: DB, actor: PageActor, case_id: int, fmt: str) -> Response:
    rows = seizures.for_case(session, actor, case_id)
    if not rows:
        raise InvalidInput(_("There is no seizure record to export."))
    content_type, body = seizures.export(session, actor, rows, fmt)
    return _download(body, content_type, f"case-{case_id}-seizures.{fmt}")


@router.post("/environment/seizures/{seizure_id}/send")
def send(session: DB, actor: PageActor, seizure_id: int, form: PostedForm) -> Response:
    message = seizures.send_as_request(
        session,
        actor,
        seizure_id,
        seizures.SendRequest(
            recipient_code=str(form.get("recipient") or ""),
            purpose=str(form.get("purpose") or ""),
            legal_basis_code=str(form.get("legal_basis") or ""),
            priority=str(form.get("priority") or "normal"),
            body=str(form.get("body") or ""),
        ),
    )
    return RedirectResponse(f"/cases/{message.case_id}#m{message.id}", status_code=303)


# --- NEST workspace -------------------------------------------------------------------------------------


@router.get("/environment")
def index(request: Request, session: DB, actor: PageActor) -> Response:
    own = actor.user.agency
    return render(
        request,
        "environment/index.html",
        {
            "task_forces": nest.list_task_forces(session, actor),
            "home": [a for a in list_agencies(session, country=own.country_code) if a.id != own.id],
            "abroad": [a for a in list_agencies(session) if a.country_code != own.country_code],
            "kinds": AGENCY_KINDS,
            "own": own,
        },
    )


@router.post("/environment/task-forces")
def create_task_force(session: DB, actor: PageActor, form: PostedFormData) -> Response:
    tf = nest.create_task_force(
        session,
        actor,
        name=str(form.get("name") or ""),
        member_codes=[str(v) for v in form.getlist("members")],
        partner_codes=[str(v) for v in form.getlist("partners")],
        description=str(form.get("description") or ""),
    )
    return RedirectResponse(f"/environment/task-forces/{tf.id}", status_code=303)


@router.get("/environment/task-forces/{task_force_id}")
def task_force(request: Request, session: DB, actor: PageActor, task_force_id: int) -> Response:
    view = nest.view_task_force(session, actor, task_force_id)
    return render(
        request,
        "environment/task_force.html",
        {"view": view, "tf": view.task_force, "categories": nest.CATEGORIES, "kinds": AGENCY_KINDS},
    )


@router.post("/environment/task-forces/{task_force_id}/cases")
def open_case(session: DB, actor: PageActor, task_force_id: int, form: PostedForm) -> Response:
    case = nest.open_case(
        session,
        actor,
        task_force_id,
        title=str(form.get("title") or ""),
        category=str(form.get("category") or ""),
        description=str(form.get("description") or ""),
        handling_code=str(form.get("handling_code") or "H0"),
    )
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


# --- statistics -----------------------------------------------------------------------------------------


@router.get("/environment/stats")
def statistics(request: Request, session: DB, actor: PageActor) -> Response:
    result = stats.for_actor(session, actor)
    return render(
        request,
        "environment/stats.html",
        {"stats": result, "dimensions": stats.DIMENSIONS, "chart_data": result.as_dict()},
    )


@router.get("/environment/stats.csv")
def statistics_csv(session: DB, actor: PageActor) -> Response:
    return _download(
        stats.to_csv(stats.for_actor(session, actor)), "text/csv; charset=utf-8", "environment-statistics.csv"
    )


# --- case panel -----------------------------------------------------------------------------------------


@dataclass
class SeizuresPanel:
    template: str = "environment/_case_panel.html"
    case_id: int = 0
    category: str = ""
    task_force_id: int | None = None
    seizures: list[Seizure] = field(default_factory=list)


def seizures_panel(session: Session, actor: Actor, case: Case) -> SeizuresPanel | None:
    """Shown on environmental cases, or on any case that holds a seizure record."""
    rows = list(
        session.execute(select(Seizure).where(Seizure.case_id == case.id).order_by(Seizure.seized_on)).scalars()
    )
    link = nest.env_case(session, case.id)
    if not rows and link is None and "environmental_crime" not in (case.crime_areas or []):
        return None
    return SeizuresPanel(
        case_id=case.id,
        category=str(nest.CATEGORIES.get(link.category, "")) if link else "",
        task_force_id=link.task_force_id if link else None,
        seizures=rows,
    )

