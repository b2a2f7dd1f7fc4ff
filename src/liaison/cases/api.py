"""REST API of the case system (``/api/v1``)."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Query, Response

from liaison.accounts.deps import ApiActor
from liaison.cases import service
from liaison.cases.models import Case, Message
from liaison.cases.schemas import (
    AssignIn,
    CaseCloseIn,
    CaseDetail,
    CaseEditIn,
    CaseEventOut,
    CaseIn,
    CaseOut,
    EscalationOut,
    EventOut,
    ForwardIn,
    JustificationIn,
    MessageIn,
    MessageOut,
    PageOut,
    PermissionIn,
    ShareIn,
)
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.core.web import DB, PathId, attachment_disposition

router = APIRouter(prefix="/api/v1", tags=["cases"])
PageNo = Annotated[int, Query(ge=1, le=100000)]
PerPage = Annotated[int, Query(ge=1, le=200)]


def message_out(message: Message) -> MessageOut:
    out = MessageOut.model_validate(message)
    out.overdue = message.is_overdue()
    return out


def cases_out(session: DB, actor: ApiActor, cases: list[Case]) -> list[CaseOut]:
    """Cases as the caller may see them: the description only where the case is shared with it."""
    shown = service.case_data_shown(session, actor, [c.id for c in cases])
    out = [CaseOut.model_validate(c) for c in cases]
    for item in out:
        if item.id not in shown:
            item.description = ""
    return out


@router.get("/cases", response_model=PageOut[CaseOut])
def list_cases(
    session: DB,
    actor: ApiActor,
    q: Annotated[str, Query(max_length=200)] = "",
    page: PageNo = 1,
    per_page: PerPage = 25,
) -> PageOut[CaseOut]:
    result = service.list_cases(session, actor, query=q, page=page, per_page=per_page)
    return PageOut[CaseOut](
        items=cases_out(session, actor, result.items), total=result.total, page=page, per_page=per_page
    )


@router.post("/cases", response_model=CaseOut, status_code=201)
def create_case(payload: CaseIn, session: DB, actor: ApiActor) -> CaseOut:
    case = service.create_case(
        session,
        actor,
        title=payload.title,
        crime_areas=payload.crime_areas,
        handling_code=payload.handling_code,
        description=payload.description,
    )
    return CaseOut.model_validate(case)


@router.get("/cases/{case_id}", response_model=CaseDetail)
def get_case(
    case_id: PathId, session: DB, actor: ApiActor, justification: Annotated[str, Query(max_length=500)] = ""
) -> CaseDetail:
    case, messages, events = service.consult_case(session, actor, case_id, justification=justification)
    shared = case.id in service.case_data_shown(session, actor, [case.id])
    return CaseDetail(
        case=cases_out(session, actor, [case])[0],
        case_data_shared=shared,
        messages=[message_out(m) for m in messages],
        events=[EventOut.model_validate(e) for e in events],
        history=[CaseEventOut.model_validate(e) for e in service.case_history(session, actor, case)],
    )


@router.patch("/cases/{case_id}", response_model=CaseOut)
def edit_case(case_id: PathId, payload: CaseEditIn, session: DB, actor: ApiActor) -> CaseOut:
    """The owner edits the title, description, crime areas or handling code; the history keeps old and new."""
    case = service.edit_case(session, actor, case_id, payload.model_dump(exclude_none=True))
    return cases_out(session, actor, [case])[0]


@router.post("/cases/{case_id}/close", response_model=CaseOut)
def close_case(case_id: PathId, payload: CaseCloseIn, session: DB, actor: ApiActor) -> CaseOut:
    """The owner closes the case with an outcome: solved, referred, information_exchanged, no_result, merged,
    withdrawn. Answers still owed in a closed case can be sent; new requests cannot until it is reopened."""
    return cases_out(session, actor, [service.close_case(session, actor, case_id, payload.outcome, payload.note)])[0]


@router.post("/cases/{case_id}/reopen", response_model=CaseOut)
def reopen_case(case_id: PathId, payload: JustificationIn, session: DB, actor: ApiActor) -> CaseOut:
    return cases_out(session, actor, [service.reopen_case(session, actor, case_id, payload.justification)])[0]


@router.post("/cases/{case_id}/messages", response_model=MessageOut, status_code=201)
def send_message(case_id: PathId, payload: MessageIn, session: DB, actor: ApiActor) -> MessageOut:
    files: list[tuple[str, bytes]] = []
    for i, att in enumerate(payload.attachments):
        try:
            files.append((att.filename, base64.b64decode(att.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            raise InvalidInput(
                _("An attachment is not valid base64."), fields={f"attachments.{i}.content_base64": _("Not base64.")}
            ) from None
    data = payload.model_dump(exclude={"attachments"})
    message = service.send_message(session, actor, case_id, service.NewMessage(**data, attachments=files))
    return message_out(message)


@router.get("/inbox", response_model=PageOut[MessageOut])
def inbox(
    session: DB,
    actor: ApiActor,
    state: Annotated[str, Query(pattern="^(open|mine|all)$")] = "open",
    page: PageNo = 1,
    per_page: PerPage = 50,
) -> PageOut[MessageOut]:
    result = service.inbox(session, actor, state=state, page=page, per_page=per_page)
    return PageOut[MessageOut](
        items=[message_out(m) for m in result.items], total=result.total, page=page, per_page=per_page
    )


@router.post("/cases/{case_id}/share", response_model=CaseOut)
def share_case(case_id: PathId, payload: ShareIn, session: DB, actor: ApiActor) -> CaseOut:
    """The owner shares the case's own data (description, participants, case-level entities) with an agency."""
    return CaseOut.model_validate(service.share_case(session, actor, case_id, payload.agency_id, payload.justification))


@router.post("/messages/{message_id}/assign", response_model=MessageOut)
def assign(message_id: PathId, payload: AssignIn, session: DB, actor: ApiActor) -> MessageOut:
    return message_out(service.assign(session, actor, message_id, payload.assignee_id))


@router.post("/messages/{message_id}/permissions", status_code=201)
def grant_permission(message_id: PathId, payload: PermissionIn, session: DB, actor: ApiActor) -> dict[str, int]:
    grant = service.grant_forward_permission(session, actor, message_id, payload.to_agency_id, payload.note)
    session.flush()
    return {"id": grant.id}


@router.post("/messages/{message_id}/forward", response_model=MessageOut, status_code=201)
def forward(message_id: PathId, payload: ForwardIn, session: DB, actor: ApiActor) -> MessageOut:
    return message_out(service.forward(session, actor, message_id, payload.to_agency_id, payload.justification))


@router.get("/attachments/{attachment_id}")
def attachment(attachment_id: PathId, session: DB, actor: ApiActor) -> Response:
    att, data = service.read_attachment(session, actor, attachment_id)
    return Response(
        data,
        media_type=att.content_type,
        headers={"Content-Disposition": attachment_disposition(att.filename), "X-Content-Type-Options": "nosniff"},
    )


@router.get("/escalations", response_model=EscalationOut)
def escalations(session: DB, actor: ApiActor) -> EscalationOut:
    esc = service.escalations(session, actor)
    return EscalationOut(
        overdue_incoming=[message_out(m) for m in esc.overdue_incoming],
        due_soon_incoming=[message_out(m) for m in esc.due_soon_incoming],
        overdue_outgoing=[message_out(m) for m in esc.overdue_outgoing],
    )


@router.get("/reviews", response_model=list[CaseOut])
def reviews(session: DB, actor: ApiActor) -> list[CaseOut]:
    return [CaseOut.model_validate(c) for c in service.reviews_due(session, actor)]


@router.post("/cases/{case_id}/review", response_model=CaseOut)
def keep_case(case_id: PathId, payload: JustificationIn, session: DB, actor: ApiActor) -> CaseOut:
    return CaseOut.model_validate(service.extend_review(session, actor, case_id, payload.justification))


@router.post("/cases/{case_id}/erase")
def erase_case(case_id: PathId, payload: JustificationIn, session: DB, actor: ApiActor) -> dict[str, str]:
    reference = service.erase_case(session, actor, case_id, payload.justification)
    return {"erased": reference}
