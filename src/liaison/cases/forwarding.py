"""Passing a received message on (forwarding) and the originator's permission to do so (H2/H3)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.cases.access import MESSAGES_ONLY, may_pass_on, origin_of
from liaison.cases.cases import ensure_participant, require_justification
from liaison.cases.messages import get_message, notify_recipient
from liaison.cases.models import Attachment, Case, ForwardPermission, Message, MessageEvent
from liaison.core import limits
from liaison.core.audit import Actions, record
from liaison.core.errors import Forbidden, InvalidInput
from liaison.core.i18n import _
from liaison.core.limits import check_lengths
from liaison.core.timeutil import utcnow


def grant_forward_permission(
    session: Session, actor: Actor, message_id: int, to_agency_id: int, note: str = ""
) -> ForwardPermission:
    """Record the originator's consent to pass a restricted message on (handling codes H2/H3).

    Only the originator gives it, and it is stored on the message first sent, so it holds for every copy
    of that message, at any depth of forwarding (cases/access.py).
    """
    message = get_message(session, actor, message_id)
    if message.originator_agency_id != actor.agency_id:
        raise Forbidden(_("Only the agency that provided the information can give permission to pass it on."))
    agency = session.get(Agency, to_agency_id)
    if agency is None:
        raise InvalidInput(_("Unknown agency."), fields={"to_agency_id": _("Unknown agency.")})
    fields: dict[str, str] = {}
    check_lengths(fields, {"note": (note, limits.NOTE)})
    if fields:
        raise InvalidInput(_("The permission was not recorded: correct the marked fields."), fields=fields)
    grant = ForwardPermission(
        message_id=origin_of(message), to_agency_id=agency.id, granted_by_id=actor.user.id, note=note.strip()
    )
    session.add(grant)
    session.add(
        MessageEvent(
            message_id=message.id,
            user_id=actor.user.id,
            agency_id=actor.agency_id,
            kind="permission_granted",
            note=f"{agency.code}: {note.strip()}",
        )
    )
    record(
        session,
        actor.ctx,
        Actions.ALTERATION,
        "message",
        message.id,
        recipient=agency.code,
        justification=note,
        details={"event": "forward_permission_granted"},
    )
    return grant


def forward(session: Session, actor: Actor, message_id: int, to_agency_id: int, justification: str) -> Message:
    """Pass a received message on to another agency, honouring its handling code."""
    message = get_message(session, actor, message_id)
    target = session.get(Agency, to_agency_id)
    if target is None or not target.active:
        raise InvalidInput(_("Unknown agency."), fields={"to_agency_id": _("Unknown agency.")})
    require_justification(justification, _("Say why the information is passed on."))
    origin = session.get(Message, origin_of(message)) or message
    # The code and the permissions are the originator's, read from the message first sent: a copy's own
    # sender (a forwarder) never counts as the originator.
    code = origin.handling_code
    granted = session.execute(
        select(ForwardPermission.id).where(
            ForwardPermission.message_id == origin.id, ForwardPermission.to_agency_id == target.id
        )
    ).first()
    if not may_pass_on(
        holder_agency_id=actor.agency_id,
        originator_agency_id=message.originator_agency_id,
        handling_code=code,
        permitted=granted is not None,
    ):
        error = Forbidden(
            _(
                "Refused: this message is %(code)s and may not be passed on without the permission of %(owner)s. "
                "Ask the originator and have the permission recorded first."
            )
            % {"code": code, "owner": _agency_label(session, message.originator_agency_id)}
        )

        def log(s: Session) -> None:
            record(
                s,
                actor.ctx,
                Actions.ACCESS_DENIED,
                "message",
                message_id,
                recipient=target.code,
                justification=justification,
                details={"event": "forward_refused", "handling_code": code},
            )

        raise error.then(log)
    now = utcnow()
    copy = Message(
        case_id=message.case_id,
        kind="forward",
        forwarded_from_id=message.id,
        origin_id=origin.id,
        sender_agency_id=actor.agency_id,
        originator_agency_id=message.originator_agency_id,
        sender_user_id=actor.user.id,
        recipient_agency_id=target.id,
        priority=message.priority,
        data_access=message.data_access,
        channel=message.channel,
        handling_code=code,
        handling_note=origin.handling_note,
        evaluation=message.evaluation,
        purpose=justification.strip(),
        language=message.language,
        subject=message.subject,
        body=message.body,
        received_at=now,
        status="sent",
    )
    for att in message.attachments:
        copy.attachments.append(
            Attachment(blob_sha256=att.blob_sha256, filename=att.filename, content_type=att.content_type, size=att.size)
        )
    session.add(copy)
    # As in send_message: lock the case, then read its participants afresh, before adding one.
    session.execute(select(Case.id).where(Case.id == message.case_id).with_for_update())
    session.refresh(message.case, ["participants"])
    ensure_participant(session, message.case, target.id, MESSAGES_ONLY)
    session.add(
        MessageEvent(
            message_id=message.id,
            at=now,
            user_id=actor.user.id,
            agency_id=actor.agency_id,
            kind="forwarded",
            note=target.code,
        )
    )
    session.flush()
    notify_recipient(session, copy, target)
    record(
        session,
        actor.ctx,
        Actions.DISCLOSURE,
        "message",
        message.id,
        recipient=target.code,
        justification=justification,
        subjects=[("message", copy.id)],
        details={"event": "forwarded", "copy": copy.id, "handling_code": message.handling_code},
    )
    return copy


def _agency_label(session: Session, agency_id: int) -> str:
    agency = session.get(Agency, agency_id)
    return agency.label if agency else str(agency_id)
