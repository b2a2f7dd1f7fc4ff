"""The case system's operations. Every one checks rights, validates, writes, notifies and audits.

Functions take the SQLAlchemy session of the caller's unit of work and never commit: the web layer or
the CLI commits once, so a request is either wholly recorded (with its audit trail) or not at all.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from sqlalchemy import and_, delete, func, literal_column, or_, select
from sqlalchemy.orm import Session, defaultload

from liaison.accounts.models import User
from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.cases import attachments as blobs
from liaison.cases.access import (
    MESSAGES_ONLY,
    SHARED,
    case_data_visible,
    case_visible,
    may_pass_on,
    message_visible,
    origin_of,
)
from liaison.cases.deadlines import compute_deadline
from liaison.cases.models import (
    OPEN_STATES,
    Attachment,
    Blob,
    Case,
    CaseParticipant,
    Counter,
    ForwardPermission,
    LegalBasis,
    Message,
    MessageEvent,
)
from liaison.core import hooks, limits
from liaison.core.audit import Actions, not_found, record
from liaison.core.config import get_settings
from liaison.core.errors import Forbidden, InvalidInput, NotFound
from liaison.core.i18n import _
from liaison.core.limits import check_lengths
from liaison.core.timeutil import utcnow
from liaison.core.vocab import CHANNELS, CRIME_AREAS, EVALUATION_CODES, HANDLING_CODES, LANGUAGES
from liaison.notifications.service import forget_links, notify

DUE_SOON = timedelta(hours=2)


T = TypeVar("T")


@dataclass
class Page(Generic[T]):  # noqa: UP046 - Python 3.11 has no PEP 695 syntax
    items: list[T]
    total: int
    page: int
    per_page: int


@dataclass
class NewMessage:
    """What an officer fills in to send a message; validated by :func:`send_message`."""

    kind: str
    recipient_agency_id: int | None = None
    subject: str = ""
    body: str = ""
    priority: str = "normal"
    data_access: str = "indirect"
    legal_basis_code: str | None = None
    channel: str = "siena"
    handling_code: str = "H0"
    handling_note: str = ""
    evaluation: str = "X4"
    purpose: str = ""
    language: str = "en"
    in_reply_to_id: int | None = None
    delay_reason: str = ""
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    #: Only for imports and the demo: when the message was received, if not now.
    received_at: datetime | None = None


def _require_justification(justification: str, missing: str) -> None:
    """A justification is required and bounded: it goes into the audit trail and the message events."""
    if not justification.strip():
        raise InvalidInput(missing, fields={"justification": _("Required.")})
    fields: dict[str, str] = {}
    check_lengths(fields, {"justification": (justification, limits.NOTE)})
    if fields:
        raise InvalidInput(missing, fields=fields)


def _not_found(actor: Actor, object_type: str, object_id: object) -> NotFound:
    """The same answer as for something that does not exist, with the attempt logged (story 3)."""
    return not_found(actor.ctx, object_type, object_id)


# --- cases -------------------------------------------------------------------------------------------


def _next_reference(session: Session, country: str) -> str:
    year = utcnow().year
    key = f"case:{country}:{year}"
    counter = session.execute(select(Counter).where(Counter.key == key).with_for_update()).scalar_one_or_none()
    if counter is None:
        counter = Counter(key=key, value=0)
        session.add(counter)
    counter.value += 1
    session.flush()
    return f"{country}-{year}-{counter.value:05d}"


def create_case(
    session: Session,
    actor: Actor,
    *,
    title: str,
    crime_areas: list[str],
    handling_code: str = "H0",
    description: str = "",
) -> Case:
    fields: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        fields["title"] = _("A case needs a title.")
    check_lengths(fields, {"title": (title, limits.TITLE), "description": (description, limits.DESCRIPTION)})
    unknown = [a for a in crime_areas if a not in CRIME_AREAS]
    if unknown:
        fields["crime_areas"] = _("Unknown crime area: ") + ", ".join(unknown)
    if not crime_areas:
        fields["crime_areas"] = _("Choose at least one crime area.")
    if handling_code not in HANDLING_CODES:
        fields["handling_code"] = _("Choose H0, H1, H2 or H3.")
    if fields:
        raise InvalidInput(_("The case could not be opened."), fields=fields)
    agency = actor.user.agency
    now = utcnow()
    case = Case(
        reference=_next_reference(session, agency.country_code),
        title=title,
        description=description.strip(),
        crime_areas=list(dict.fromkeys(crime_areas)),
        handling_code=handling_code,
        owner_agency_id=agency.id,
        created_by_id=actor.user.id,
        created_at=now,
        updated_at=now,
        review_date=(now + timedelta(days=agency.retention_days)).date(),
    )
    case.participants.append(CaseParticipant(agency_id=agency.id, scope=SHARED, added_at=now))
    session.add(case)
    session.flush()
    record(session, actor.ctx, Actions.COLLECTION, "case", case.id, details={"event": "case_opened"})
    return case


def get_case(session: Session, actor: Actor, case_id: int, *, for_update: bool = False) -> Case:
    stmt = select(Case).where(Case.id == case_id, case_visible(actor.user))
    if for_update:
        # Writers of one case queue here, before they read its participants: two requests adding the same
        # agency at once would otherwise both insert it and one would fail on the unique constraint.
        stmt = stmt.with_for_update(of=Case)
    case = session.execute(stmt).scalar_one_or_none()
    if case is None:
        raise _not_found(actor, "case", case_id)
    return case


def consult_case(
    session: Session, actor: Actor, case_id: int, *, justification: str = ""
) -> tuple[Case, list[Message], list[MessageEvent]]:
    """Open a case: its visible messages in order and their history. Logged as a consultation."""
    case = get_case(session, actor, case_id)
    messages = list(
        session.execute(
            select(Message)
            .where(Message.case_id == case.id, message_visible(actor.user))
            .order_by(Message.received_at, Message.id)
        ).scalars()
    )
    ids = [m.id for m in messages]
    events = (
        list(
            session.execute(
                select(MessageEvent).where(MessageEvent.message_id.in_(ids)).order_by(MessageEvent.at, MessageEvent.id)
            ).scalars()
        )
        if ids
        else []
    )
    record(
        session,
        actor.ctx,
        Actions.CONSULTATION,
        "case",
        case.id,
        justification=justification,
        subjects=[("message", i) for i in ids],
        details={"messages": len(ids)},
    )
    hooks.fire("case_consulted", session=session, actor=actor, case=case, messages=messages)
    return case, messages, events


def case_data_shown(session: Session, actor: Actor, case_ids: list[int]) -> set[int]:
    """Of these cases, those whose own data (description, participants) the actor may see."""
    if not case_ids:
        return set()
    stmt = select(Case.id).where(Case.id.in_(case_ids), case_data_visible(actor.user))
    return set(session.execute(stmt).scalars())


def list_cases(
    session: Session, actor: Actor, *, query: str = "", status: str | None = None, page: int = 1, per_page: int = 25
) -> Page[Case]:
    stmt = select(Case).where(case_visible(actor.user))
    if status:
        stmt = stmt.where(Case.status == status)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Case.title).like(like), func.lower(Case.reference).like(like)))
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    items = (
        session.execute(stmt.order_by(Case.updated_at.desc()).offset((page - 1) * per_page).limit(per_page))
        .scalars()
        .all()
    )
    return Page(list(items), int(total), page, per_page)


# --- messages ----------------------------------------------------------------------------------------


def _validate_common(session: Session, new: NewMessage, fields: dict[str, str]) -> None:
    if not new.subject.strip():
        fields["subject"] = _("A message needs a subject.")
    check_lengths(
        fields,
        {
            "subject": (new.subject.strip(), limits.SUBJECT),
            "body": (new.body, limits.BODY),
            "handling_note": (new.handling_note.strip(), limits.HANDLING_NOTE),
            "purpose": (new.purpose, limits.NOTE),
            "delay_reason": (new.delay_reason, limits.NOTE),
        },
    )
    for name, _data in new.attachments:
        check_lengths(fields, {"attachments": (name, limits.FILENAME)})
    if new.priority not in ("urgent", "normal"):
        fields["priority"] = _("Priority is urgent or normal.")
    if new.data_access not in ("direct", "indirect"):
        fields["data_access"] = _("Data are directly or indirectly accessible.")
    if new.channel not in CHANNELS:
        fields["channel"] = _("Unknown channel; choose one of: ") + ", ".join(CHANNELS)
    if new.handling_code not in HANDLING_CODES:
        fields["handling_code"] = _("Choose H0, H1, H2 or H3.")
    if new.handling_code == "H3" and not new.handling_note.strip():
        fields["handling_note"] = _("H3 needs the restriction written out.")
    if new.evaluation not in EVALUATION_CODES:
        fields["evaluation"] = _("Evaluation is a source code A, B, C or X and an information code 1–4, e.g. B2.")
    if new.language not in LANGUAGES:
        fields["language"] = _("Unknown language code.")


def _request_in_case(
    session: Session, actor: Actor, case: Case, request_id: int | None, fields: dict[str, str]
) -> Message | None:
    if request_id is None:
        fields["in_reply_to_id"] = _("Say which message this answers.")
        return None
    original = session.execute(
        select(Message).where(Message.id == request_id, Message.case_id == case.id, message_visible(actor.user))
    ).scalar_one_or_none()
    if original is None:
        fields["in_reply_to_id"] = _("No such message in this case.")
    return original


def send_message(
    session: Session, actor: Actor, case_id: int, new: NewMessage, *, originator_agency_id: int | None = None
) -> Message:
    """Send a request, reply, clarification, refusal or spontaneous information within a case.

    The recipient takes part in the case from now on, but sees this message only, never the case's history
    or its own data (cases/access.py). ``originator_agency_id`` is for capabilities that send another
    agency's record on its authority (a seizure record sent abroad): that agency stays the originator.
    """
    case = get_case(session, actor, case_id, for_update=True)
    fields: dict[str, str] = {}
    _validate_common(session, new, fields)
    now = new.received_at or utcnow()
    original: Message | None = None
    recipient_id = new.recipient_agency_id
    deadline: datetime | None = None
    status = "sent"
    if new.kind == "request":
        basis = session.get(LegalBasis, new.legal_basis_code) if new.legal_basis_code else None
        if basis is None:
            fields["legal_basis_code"] = _("Choose the legal basis; it sets the deadline.")
        if not new.purpose.strip():
            fields["purpose"] = _("State the purpose of the request (Directive 2023/977, Art. 4(3)).")
        if basis is not None:
            deadline = compute_deadline(basis, new.priority, new.data_access, now)
        status = "open"
    elif new.kind in ("reply", "refusal", "clarification_request"):
        original = _request_in_case(session, actor, case, new.in_reply_to_id, fields)
        if original is not None:
            if original.kind != "request" or original.recipient_agency_id != actor.agency_id:
                fields["in_reply_to_id"] = _("Only the agency that received a request can answer it.")
            elif not original.is_open:
                fields["in_reply_to_id"] = _("This request is already answered or closed.")
            elif new.kind != "clarification_request" and original.is_overdue(utcnow()) and not new.delay_reason.strip():
                fields["delay_reason"] = _("The deadline has passed: give the reason for the delay.")
            recipient_id = original.sender_agency_id
        if new.kind == "refusal" and not new.body.strip():
            fields["body"] = _("A refusal must give its reasons.")
    elif new.kind == "clarification":
        original = _request_in_case(session, actor, case, new.in_reply_to_id, fields)
        if original is not None:
            if original.kind != "request" or original.sender_agency_id != actor.agency_id:
                fields["in_reply_to_id"] = _("Only the requesting agency can clarify its request.")
            recipient_id = original.recipient_agency_id
    elif new.kind in ("spontaneous", "notification"):
        pass
    else:
        fields["kind"] = _("Unknown kind of message.")
    recipient = session.get(Agency, recipient_id) if recipient_id else None
    if recipient is None or not recipient.active:
        fields.setdefault("recipient_agency_id", _("Choose the agency that receives the message."))
    elif recipient.id == actor.agency_id:
        fields["recipient_agency_id"] = _("An agency cannot send a message to itself.")
    if fields:
        raise InvalidInput(_("The message was not sent: correct the marked fields."), fields=fields)
    assert recipient is not None
    stored = [(name, blobs.store(session, name, data)) for name, data in new.attachments]
    message = Message(
        case_id=case.id,
        kind=new.kind,
        in_reply_to_id=original.id if original else None,
        sender_agency_id=actor.agency_id,
        originator_agency_id=originator_agency_id or actor.agency_id,
        sender_user_id=actor.user.id,
        recipient_agency_id=recipient.id,
        priority=new.priority,
        data_access=new.data_access,
        legal_basis_code=new.legal_basis_code if new.kind == "request" else None,
        channel=new.channel,
        handling_code=new.handling_code,
        handling_note=new.handling_note.strip(),
        evaluation=new.evaluation,
        purpose=new.purpose.strip(),
        language=new.language,
        subject=new.subject.strip(),
        body=new.body,
        received_at=now,
        deadline_at=deadline,
        status=status,
        delay_reason=new.delay_reason.strip(),
        attachments=[],  # a new message's list is known empty: answering must not query for it
    )
    for name, blob in stored:
        message.attachments.append(
            Attachment(
                blob_sha256=blob.sha256, filename=_safe_name(name), content_type=blob.content_type, size=blob.size
            )
        )
    session.add(message)
    _ensure_participant(session, case, recipient.id, MESSAGES_ONLY)
    if original is not None:
        _advance_request(session, actor, original, new.kind, now)
    case.updated_at = now
    session.flush()
    _notify_recipient(session, message, recipient)
    record(
        session,
        actor.ctx,
        Actions.COLLECTION,
        "message",
        message.id,
        details={"kind": message.kind, "case": case.id, "attachments": len(stored)},
    )
    record(
        session,
        actor.ctx,
        Actions.DISCLOSURE,
        "message",
        message.id,
        recipient=recipient.code,
        justification=message.purpose,
        details={"channel": message.channel, "case": case.id},
    )
    return message


def _safe_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "attachment"
    return "".join(ch for ch in name if ch.isprintable())[:255]


def _ensure_participant(session: Session, case: Case, agency_id: int, scope: str) -> None:
    """Record that an agency takes part; only :func:`share_case` widens it to the case's own data."""
    for part in case.participants:
        if part.agency_id == agency_id:
            if scope == SHARED and part.scope != SHARED:
                part.scope = SHARED
            return
    case.participants.append(CaseParticipant(agency_id=agency_id, scope=scope, added_at=utcnow()))


def share_case(session: Session, actor: Actor, case_id: int, agency_id: int, justification: str) -> Case:
    """The owner shares the case's own data (description, participants, case-level entities) with an agency.

    Messages are not shared by this: each is disclosed by sending or forwarding it. Audited as a disclosure.
    """
    case = get_case(session, actor, case_id, for_update=True)
    if case.owner_agency_id != actor.agency_id:
        raise Forbidden(_("Only the agency that owns the case can share it."))
    agency = session.get(Agency, agency_id)
    fields: dict[str, str] = {}
    if agency is None or not agency.active:
        fields["agency_id"] = _("Unknown agency.")
    elif agency.id == actor.agency_id:
        fields["agency_id"] = _("The case is already yours.")
    if not justification.strip():
        fields["justification"] = _("Say why the case is shared.")
    if fields:
        raise InvalidInput(_("The case was not shared: correct the marked fields."), fields=fields)
    assert agency is not None
    _ensure_participant(session, case, agency.id, SHARED)
    session.flush()
    notify(session, agency.id, "case_shared", _("Case shared with you: ") + case.reference, f"/cases/{case.id}")
    record(
        session,
        actor.ctx,
        Actions.DISCLOSURE,
        "case",
        case.id,
        recipient=agency.code,
        justification=justification,
        details={"event": "case_shared"},
    )
    return case


def _advance_request(session: Session, actor: Actor, request: Message, kind: str, now: datetime) -> None:
    if kind == "reply":
        request.status, request.answered_at = "answered", now
    elif kind == "refusal":
        request.status, request.answered_at = "refused", now
    elif kind == "clarification_request":
        request.status = "clarification_requested"
    elif kind == "clarification":
        request.status = "assigned" if request.assignee_id else "open"
    session.add(
        MessageEvent(message_id=request.id, at=now, user_id=actor.user.id, agency_id=actor.agency_id, kind=kind)
    )


def _notify_recipient(session: Session, message: Message, recipient: Agency) -> None:
    urgent = _("URGENT") + " " if message.priority == "urgent" else ""
    notify(
        session,
        recipient.id,
        f"message_{message.kind}",
        f"{urgent}{message.kind.replace('_', ' ')}: {message.case.reference}",
        f"/cases/{message.case_id}#m{message.id}",
        details={"message": message.id},
    )


def get_message(session: Session, actor: Actor, message_id: int) -> Message:
    message = session.execute(
        select(Message).where(Message.id == message_id, message_visible(actor.user))
    ).scalar_one_or_none()
    if message is None:
        raise _not_found(actor, "message", message_id)
    return message


def assign(session: Session, actor: Actor, message_id: int, assignee_id: int) -> Message:
    message = get_message(session, actor, message_id)
    if message.recipient_agency_id != actor.agency_id or message.kind != "request":
        raise Forbidden(_("Only the receiving agency can assign a request."))
    if not message.is_open:
        raise InvalidInput(_("This request is already answered or closed."))
    assignee = session.get(User, assignee_id)
    if assignee is None or assignee.agency_id != actor.agency_id or not assignee.active:
        raise InvalidInput(_("Assign to a colleague of your agency."), fields={"assignee_id": _("Not a colleague.")})
    message.assignee_id = assignee.id
    if message.status == "open":
        message.status = "assigned"
    session.add(
        MessageEvent(
            message_id=message.id,
            user_id=actor.user.id,
            agency_id=actor.agency_id,
            kind="assigned",
            note=assignee.full_name,
        )
    )
    notify(
        session,
        actor.agency_id,
        "assigned",
        _("Assigned to you: ") + message.subject,
        f"/cases/{message.case_id}#m{message.id}",
        user_id=assignee.id,
    )
    record(session, actor.ctx, Actions.ALTERATION, "message", message.id, details={"assigned_to": assignee.id})
    return message


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
    _require_justification(justification, _("Say why the information is passed on."))
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
    _ensure_participant(session, message.case, target.id, MESSAGES_ONLY)
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
    _notify_recipient(session, copy, target)
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


def read_attachment(session: Session, actor: Actor, attachment_id: int) -> tuple[Attachment, bytes]:
    att = session.get(Attachment, attachment_id)
    if (
        att is None
        or session.execute(select(Message.id).where(Message.id == att.message_id, message_visible(actor.user))).first()
        is None
    ):
        raise _not_found(actor, "attachment", attachment_id)
    record(session, actor.ctx, Actions.CONSULTATION, "attachment", att.id, subjects=[("message", att.message_id)])
    return att, blobs.read(att.blob_sha256)


# --- inbox, escalation, search -----------------------------------------------------------------------


def inbox(session: Session, actor: Actor, *, state: str = "open", page: int = 1, per_page: int = 50) -> Page[Message]:
    """Requests addressed to the user's agency, the most pressing deadline first."""
    if state in ("open", "mine"):
        # Written out literally (not as bound parameters) so that PostgreSQL can answer from the partial
        # index ix_message_open_requests even for a prepared statement.
        stmt = select(Message).where(
            Message.recipient_agency_id == actor.agency_id,
            Message.kind == literal_column("'request'"),
            Message.status.in_([literal_column(f"'{s}'") for s in OPEN_STATES]),
        )
        if state == "mine":
            stmt = stmt.where(Message.assignee_id == actor.user.id)
    else:
        stmt = select(Message).where(Message.recipient_agency_id == actor.agency_id, Message.kind == "request")
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    order = (Message.deadline_at.asc(), Message.id) if state != "all" else (Message.received_at.desc(), Message.id)
    # A row shows its case's reference, not who takes part in the case: leave the participants unloaded.
    stmt = stmt.options(defaultload(Message.case).lazyload(Case.participants))
    items = session.execute(stmt.order_by(*order).offset((page - 1) * per_page).limit(per_page)).scalars().all()
    return Page(list(items), int(total), page, per_page)


def outbox(session: Session, actor: Actor, *, page: int = 1, per_page: int = 50) -> Page[Message]:
    stmt = select(Message).where(Message.sender_agency_id == actor.agency_id, Message.kind == "request")
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    items = (
        session.execute(stmt.order_by(Message.received_at.desc()).offset((page - 1) * per_page).limit(per_page))
        .scalars()
        .all()
    )
    return Page(list(items), int(total), page, per_page)


@dataclass
class Escalation:
    overdue_incoming: list[Message]
    due_soon_incoming: list[Message]
    overdue_outgoing: list[Message]


def escalations(session: Session, actor: Actor) -> Escalation:
    if not actor.has_role("supervisor"):
        raise Forbidden(_("The escalation view is for supervisors."))
    now = utcnow()
    open_req = and_(Message.kind == "request", Message.status.in_(OPEN_STATES))
    incoming = and_(open_req, Message.recipient_agency_id == actor.agency_id)
    overdue = (
        session.execute(select(Message).where(incoming, Message.deadline_at < now).order_by(Message.deadline_at))
        .scalars()
        .all()
    )
    soon = (
        session.execute(
            select(Message)
            .where(incoming, Message.deadline_at >= now, Message.deadline_at < now + DUE_SOON)
            .order_by(Message.deadline_at)
        )
        .scalars()
        .all()
    )
    outgoing = (
        session.execute(
            select(Message)
            .where(open_req, Message.sender_agency_id == actor.agency_id, Message.deadline_at < now)
            .order_by(Message.deadline_at)
        )
        .scalars()
        .all()
    )
    return Escalation(list(overdue), list(soon), list(outgoing))


def query_digest(query: str) -> str:
    """Searches are logged by keyed digest, so the trail proves who searched for a name without keeping it."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"search|" + query.strip().lower().encode(), hashlib.sha256).hexdigest()


def search(session: Session, actor: Actor, query: str, *, limit: int = 50) -> tuple[list[Case], list[Message]]:
    query = (query or "").strip()
    if len(query) < 2:
        raise InvalidInput(_("Type at least two characters."), fields={"q": _("Too short.")})
    like = f"%{query.lower()}%"
    cases = (
        session.execute(
            select(Case)
            .where(
                case_visible(actor.user),
                or_(
                    func.lower(Case.title).like(like),
                    func.lower(Case.reference).like(like),
                    # The description is the case's own data: searching it must not reveal it.
                    and_(case_data_visible(actor.user), func.lower(Case.description).like(like)),
                ),
            )
            .order_by(Case.updated_at.desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )
    messages = (
        session.execute(
            select(Message)
            .where(
                message_visible(actor.user),
                or_(func.lower(Message.subject).like(like), func.lower(Message.body).like(like)),
            )
            .order_by(Message.received_at.desc())
            .limit(limit)
        )
        .scalars()
        .all()
    )
    record(
        session,
        actor.ctx,
        Actions.CONSULTATION,
        "search",
        query_digest(query),
        subjects=[("message", m.id) for m in messages] + [("case", c.id) for c in cases],
        details={"cases": len(cases), "messages": len(messages)},
    )
    return list(cases), list(messages)


# --- retention and erasure (LED Art. 5) --------------------------------------------------------------


def reviews_due(session: Session, actor: Actor, today: date | None = None) -> list[Case]:
    today = today or utcnow().date()
    return list(
        session.execute(
            select(Case)
            .where(Case.owner_agency_id == actor.agency_id, Case.review_date <= today)
            .order_by(Case.review_date)
        ).scalars()
    )


def extend_review(session: Session, actor: Actor, case_id: int, justification: str) -> Case:
    case = get_case(session, actor, case_id)
    if case.owner_agency_id != actor.agency_id or not actor.has_role("supervisor", "dpo"):
        raise Forbidden(_("Only a supervisor or the data-protection officer of the owning agency can review a case."))
    _require_justification(justification, _("Say why the data are still needed."))
    case.review_date = utcnow().date() + timedelta(days=case.owner_agency.retention_days)
    record(
        session,
        actor.ctx,
        Actions.ALTERATION,
        "case",
        case.id,
        justification=justification,
        details={"event": "review_kept", "next_review": case.review_date.isoformat()},
    )
    return case


def erase_case(session: Session, actor: Actor, case_id: int, justification: str) -> str:
    """Erase a case and everything in it; only the audit record of the erasure remains."""
    case = get_case(session, actor, case_id)
    if case.owner_agency_id != actor.agency_id or not actor.has_role("supervisor", "dpo"):
        raise Forbidden(_("Only a supervisor or the data-protection officer of the owning agency can erase a case."))
    _require_justification(justification, _("Give the reason for the erasure."))
    reference = case.reference
    message_ids = list(session.execute(select(Message.id).where(Message.case_id == case.id)).scalars())
    shas = (
        set(session.execute(select(Attachment.blob_sha256).where(Attachment.message_id.in_(message_ids))).scalars())
        if message_ids
        else set()
    )
    hooks.fire("case_erased", session=session, actor=actor, case_id=case.id, message_ids=message_ids)
    forget_links(session, f"/cases/{case.id}")
    session.delete(case)
    session.flush()
    orphans = [
        sha
        for sha in shas
        if session.execute(select(Attachment.id).where(Attachment.blob_sha256 == sha)).first() is None
    ]
    for sha in orphans:
        session.execute(delete(Blob).where(Blob.sha256 == sha))
    record(
        session,
        actor.ctx,
        Actions.ERASURE,
        "case",
        case_id,
        justification=justification,
        subjects=[("message", i) for i in message_ids],
        details={"reference": reference, "messages": len(message_ids)},
    )
    blobs.remove_after_commit(session, orphans)
    return reference
