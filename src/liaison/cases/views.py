"""Pages of the case system: inbox, cases, the thread of a case, compose forms, escalations, reviews."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.deps import PageActor
from liaison.accounts.models import User
from liaison.accounts.service import Actor
from liaison.agencies import service as agencies
from liaison.cases import service
from liaison.cases.models import LegalBasis
from liaison.core import limits
from liaison.core.flash import flash_redirect
from liaison.core.i18n import _
from liaison.core.registry import installed
from liaison.core.vocab import (
    CHANNELS,
    CRIME_AREAS,
    HANDLING_CODES,
    INFORMATION_EVALUATION,
    LANGUAGES,
    SOURCE_EVALUATION,
)
from liaison.core.web import DB, attachment_disposition, form_id, render, rerender_on_invalid

router = APIRouter(include_in_schema=False)

def agencies_by_country(session: Session, actor: Actor, query: str = "") -> list[tuple[str, list[Any]]]:
    """Agencies the actor may write to, grouped by country (the compose form's ``<optgroup>``s), narrowed to
    those whose name, code or country contains ``query`` (the filter box; without JavaScript it reloads)."""
    needle = query.strip().lower()[: limits.QUERY]
    groups: dict[str, list[Any]] = {}
    for a in agencies.list_agencies(session):
        if a.id == actor.agency_id:
            continue
        country = a.country.name if a.country else a.country_code
        if needle and needle not in f"{a.name} {a.code} {a.country_code} {country}".lower():
            continue
        groups.setdefault(f"{country} ({a.country_code})", []).append(a)
    return sorted(groups.items())


def vocab(session: Session) -> dict[str, Any]:
    return {
        "crime_areas": CRIME_AREAS,
        "handling_codes": HANDLING_CODES,
        "channels": CHANNELS,
        "languages": LANGUAGES,
        "source_codes": SOURCE_EVALUATION,
        "information_codes": INFORMATION_EVALUATION,
        "legal_bases": session.execute(select(LegalBasis).order_by(LegalBasis.code)).scalars().all(),
        "all_agencies": agencies.list_agencies(session),
    }


@router.get("/")
def home(actor: PageActor) -> Response:
    return RedirectResponse("/inbox", status_code=303)


@router.get("/inbox")
def inbox(request: Request, session: DB, actor: PageActor, state: str = "open", page: int = 1) -> Response:
    state = state if state in ("open", "mine", "all") else "open"
    result = service.inbox(session, actor, state=state, page=max(page, 1), per_page=50)
    return render(request, "inbox.html", {"page": result, "state": state, "sources": _sources(session, actor, "inbox")})


def _sources(session: Session, actor: Actor, view: str) -> list[Any]:
    """What other capabilities put in the inbox or escalations (meetings' action items), without cases
    importing them: the registry's inbox sources."""
    found = [source(session, actor, view=view) for source in installed().inbox_sources]
    return [f for f in found if f]


@router.get("/outbox")
def outbox(request: Request, session: DB, actor: PageActor, page: int = 1) -> Response:
    return render(request, "outbox.html", {"page": service.outbox(session, actor, page=max(page, 1))})


@router.get("/cases")
def cases(request: Request, session: DB, actor: PageActor, q: str = "", page: int = 1) -> Response:
    result = service.list_cases(session, actor, query=q, page=max(page, 1))
    return render(request, "cases.html", {"page": result, "q": q})


@router.get("/cases/new")
def new_case_form(request: Request, session: DB, actor: PageActor) -> Response:
    return render(request, "case_new.html", {**vocab(session), "fields": {}, "values": {}})


@router.post("/cases/new")
def new_case(
    request: Request,
    session: DB,
    actor: PageActor,
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    crime_areas: Annotated[list[str] | None, Form()] = None,
    handling_code: Annotated[str, Form()] = "H0",
) -> Response:
    values = {
        "title": title,
        "description": description,
        "crime_areas": crime_areas or [],
        "handling_code": handling_code,
    }
    return rerender_on_invalid(
        session,
        lambda: service.create_case(
            session,
            actor,
            title=title,
            crime_areas=crime_areas or [],
            handling_code=handling_code,
            description=description,
        ),
        done=lambda case: RedirectResponse(f"/cases/{case.id}", status_code=303),
        rerender=lambda exc: render(
            request,
            "case_new.html",
            {**vocab(session), "fields": exc.fields, "values": values, "error": exc.message},
        ),
    )


def _case_page(
    request: Request,
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    status_code: int = 200,
    fields: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    error: str = "",
    to_q: str = "",
) -> Response:
    case, messages, events = service.consult_case(session, actor, case_id)
    colleagues = (
        session.execute(
            select(User).where(User.agency_id == actor.agency_id, User.active.is_(True)).order_by(User.full_name)
        )
        .scalars()
        .all()
    )
    by_message: dict[int, list[Any]] = {}
    for ev in events:
        by_message.setdefault(ev.message_id, []).append(ev)
    # Panels other capabilities add (people and hits, seizures), without cases importing them.
    panels = [panel(session, actor, case) for panel in installed().case_panels]
    shared = case.id in service.case_data_shown(session, actor, [case.id])
    return render(
        request,
        "case.html",
        {
            **vocab(session),
            "actor": actor,
            "case": case,
            "messages": messages,
            "events": by_message,
            "colleagues": colleagues,
            "fields": fields or {},
            "values": values or {},
            "error": error,
            "panels": [p for p in panels if p],
            "case_data_shared": shared,
            "history": service.case_history(session, actor, case),
            "outcomes": service.OUTCOMES,
            "recipient_groups": agencies_by_country(session, actor, to_q),
            "to_q": to_q,
            "handling_floor": service.handling_floor,
            "handling_ranks": list(HANDLING_CODES),
        },
        status_code=status_code,
    )


@router.get("/cases/{case_id}")
def case_page(request: Request, session: DB, actor: PageActor, case_id: int, to_q: str = "") -> Response:
    return _case_page(request, session, actor, case_id, to_q=to_q)


@router.post("/cases/{case_id}/messages")
def compose(
    request: Request,
    session: DB,
    actor: PageActor,
    case_id: int,
    kind: Annotated[str, Form()] = "request",
    recipient_agency_id: Annotated[str, Form()] = "",
    subject: Annotated[str, Form()] = "",
    body: Annotated[str, Form()] = "",
    priority: Annotated[str, Form()] = "normal",
    data_access: Annotated[str, Form()] = "indirect",
    legal_basis_code: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "siena",
    handling_code: Annotated[str, Form()] = "",
    handling_note: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "X",
    information: Annotated[str, Form()] = "4",
    purpose: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "en",
    in_reply_to_id: Annotated[str, Form()] = "",
    delay_reason: Annotated[str, Form()] = "",
    attachments: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    files = [(f.filename or "attachment", f.file.read()) for f in attachments or [] if f.filename]
    new = service.NewMessage(
        kind=kind,
        recipient_agency_id=form_id(recipient_agency_id, "recipient_agency_id"),
        subject=subject,
        body=body,
        priority=priority,
        data_access=data_access,
        legal_basis_code=legal_basis_code or None,
        channel=channel,
        handling_code=handling_code or None,
        handling_note=handling_note,
        evaluation=f"{source}{information}",
        purpose=purpose,
        language=language,
        in_reply_to_id=form_id(in_reply_to_id, "in_reply_to_id"),
        delay_reason=delay_reason,
        attachments=files,
    )
    values = {k: v for k, v in new.__dict__.items() if k != "attachments"}
    return rerender_on_invalid(
        session,
        lambda: service.send_message(session, actor, case_id, new),
        done=lambda message: flash_redirect(
            request,
            f"/cases/{case_id}#m{message.id}",
            _("Sent to {agency}: {subject}").format(agency=message.recipient_agency.label, subject=message.subject),
        ),
        rerender=lambda exc: _case_page(
            request, session, actor, case_id, fields=exc.fields, values=values, error=exc.message
        ),
    )


@router.post("/cases/{case_id}/share")
def share(
    session: DB,
    actor: PageActor,
    case_id: int,
    agency_id: Annotated[int, Form()],
    justification: Annotated[str, Form()] = "",
) -> Response:
    service.share_case(session, actor, case_id, agency_id, justification)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/messages/{message_id}/assign")
def assign(
    request: Request, session: DB, actor: PageActor, message_id: int, assignee_id: Annotated[int, Form()]
) -> Response:
    message = service.assign(session, actor, message_id, assignee_id)
    assignee = message.assignee.full_name if message.assignee else ""
    return flash_redirect(
        request,
        f"/cases/{message.case_id}#m{message.id}",
        _("{reference}: request assigned to {name}").format(reference=message.case.reference, name=assignee),
    )


def _case_form(
    request: Request, session: Session, actor: Actor, case_id: int, action: Any, done_words: str
) -> Response:
    """Close, reopen or edit: the case page again with a confirmation, or with the refusal and its fields."""
    return rerender_on_invalid(
        session,
        action,
        done=lambda case: flash_redirect(request, f"/cases/{case.id}", done_words.format(reference=case.reference)),
        rerender=lambda exc: _case_page(request, session, actor, case_id, fields=exc.fields, error=exc.message),
    )


@router.post("/cases/{case_id}/close")
def close(
    request: Request,
    session: DB,
    actor: PageActor,
    case_id: int,
    outcome: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    return _case_form(
        request,
        session,
        actor,
        case_id,
        lambda: service.close_case(session, actor, case_id, outcome, note),
        _("{reference} closed."),
    )


@router.post("/cases/{case_id}/reopen")
def reopen(
    request: Request, session: DB, actor: PageActor, case_id: int, justification: Annotated[str, Form()] = ""
) -> Response:
    return _case_form(
        request,
        session,
        actor,
        case_id,
        lambda: service.reopen_case(session, actor, case_id, justification),
        _("{reference} reopened."),
    )


@router.post("/cases/{case_id}/edit")
def edit(
    request: Request,
    session: DB,
    actor: PageActor,
    case_id: int,
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    crime_areas: Annotated[list[str] | None, Form()] = None,
    handling_code: Annotated[str, Form()] = "",
) -> Response:
    changes = {
        "title": title,
        "description": description,
        "crime_areas": crime_areas or [],
        "handling_code": handling_code or None,
    }
    return _case_form(
        request,
        session,
        actor,
        case_id,
        lambda: service.edit_case(session, actor, case_id, changes),
        _("{reference} saved; the change is in the case's history."),
    )


@router.post("/messages/{message_id}/forward")
def forward(
    session: DB,
    actor: PageActor,
    message_id: int,
    to_agency_id: Annotated[int, Form()],
    justification: Annotated[str, Form()] = "",
) -> Response:
    copy = service.forward(session, actor, message_id, to_agency_id, justification)
    return RedirectResponse(f"/cases/{copy.case_id}#m{copy.id}", status_code=303)


@router.post("/messages/{message_id}/permissions")
def permission(
    session: DB,
    actor: PageActor,
    message_id: int,
    to_agency_id: Annotated[int, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    service.grant_forward_permission(session, actor, message_id, to_agency_id, note)
    message = service.get_message(session, actor, message_id)
    return RedirectResponse(f"/cases/{message.case_id}#m{message.id}", status_code=303)


@router.get("/attachments/{attachment_id}")
def attachment(session: DB, actor: PageActor, attachment_id: int) -> Response:
    att, data = service.read_attachment(session, actor, attachment_id)
    return Response(
        data, media_type=att.content_type, headers={"Content-Disposition": attachment_disposition(att.filename)}
    )


@router.get("/escalations")
def escalations(request: Request, session: DB, actor: PageActor) -> Response:
    esc = service.escalations(session, actor)
    return render(request, "escalations.html", {"esc": esc, "sources": _sources(session, actor, "escalations")})


@router.get("/reviews")
def reviews(request: Request, session: DB, actor: PageActor) -> Response:
    return render(request, "reviews.html", {"cases": service.reviews_due(session, actor)})


@router.post("/cases/{case_id}/review")
def keep(session: DB, actor: PageActor, case_id: int, justification: Annotated[str, Form()] = "") -> Response:
    service.extend_review(session, actor, case_id, justification)
    return RedirectResponse("/reviews", status_code=303)


@router.post("/cases/{case_id}/erase")
def erase(session: DB, actor: PageActor, case_id: int, justification: Annotated[str, Form()] = "") -> Response:
    service.erase_case(session, actor, case_id, justification)
    return RedirectResponse("/reviews", status_code=303)
