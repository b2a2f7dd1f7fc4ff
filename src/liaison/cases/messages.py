"""Messages within a case: sending one (with the rules of its kind), reading one, its attachments, assigning.

Each kind of message has one small rule in :data:`KIND_RULES` (what it must say, which request it
answers, who receives it, its deadline); :func:`send_message` checks what every message needs, asks the
rule of its kind, then stores, notifies and audits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, insert, inspect, select
from sqlalchemy.orm import Session, lazyload, make_transient_to_detached

from liaison.accounts.models import User
from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.cases import attachments as blobs
from liaison.cases.access import MESSAGES_ONLY, message_visible
from liaison.cases.cases import ensure_participant, hidden, touch_case
from liaison.cases.deadlines import compute_deadline
from liaison.cases.labels import kind_label
from liaison.cases.models import Attachment, Case, LegalBasis, Message, MessageEvent
from liaison.core import limits
from liaison.core.audit import Actions, record
from liaison.core.errors import Forbidden, InvalidInput
from liaison.core.i18n import _
from liaison.core.limits import check_lengths
from liaison.core.timeutil import utcnow
from liaison.core.vocab import CHANNELS, EVALUATION_CODES, HANDLING_CODES, LANGUAGES
from liaison.notifications.service import notify


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
    #: None: the least the case (or, for an answer, the message answered) carries; a message may only raise it.
    handling_code: str | None = None
    handling_note: str = ""
    evaluation: str = "X4"
    purpose: str = ""
    language: str = "en"
    in_reply_to_id: int | None = None
    delay_reason: str = ""
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    #: Only for imports and the demo: when the message was received, if not now.
    received_at: datetime | None = None


@dataclass
class Routing:
    """What the rule of a message's kind decided: the request it answers, who receives it, its deadline."""

    recipient_id: int | None
    original: Message | None = None
    deadline: datetime | None = None
    status: str = "sent"


@dataclass
class Draft:
    """A message being sent, as the rule of its kind sees it; the rule adds its complaints to ``fields``."""

    session: Session
    actor: Actor
    case: Case
    new: NewMessage
    now: datetime
    fields: dict[str, str]


def _validate_common(new: NewMessage, fields: dict[str, str]) -> None:
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
    if new.handling_code is not None and new.handling_code not in HANDLING_CODES:
        fields["handling_code"] = _("Choose H0, H1, H2 or H3.")
    if new.evaluation not in EVALUATION_CODES:
        fields["evaluation"] = _("Evaluation is a source code A, B, C or X and an information code 1–4, e.g. B2.")
    if new.language not in LANGUAGES:
        fields["language"] = _("Unknown language code.")


def _request_in_case(draft: Draft) -> Message | None:
    """The message a reply, refusal or clarification answers: in this case and visible to the sender."""
    request_id = draft.new.in_reply_to_id
    if request_id is None:
        draft.fields["in_reply_to_id"] = _("Say which message this answers.")
        return None
    original = draft.session.execute(
        select(Message).where(
            Message.id == request_id, Message.case_id == draft.case.id, message_visible(draft.actor.user)
        )
    ).scalar_one_or_none()
    if original is None:
        draft.fields["in_reply_to_id"] = _("No such message in this case.")
    return original


# --- the rule of each kind of message ------------------------------------------------------------------


def _request(draft: Draft) -> Routing:
    """A request names its legal basis, which sets its deadline, and states its purpose (2023/977 Art. 4(3))."""
    new, fields = draft.new, draft.fields
    basis = draft.session.get(LegalBasis, new.legal_basis_code) if new.legal_basis_code else None
    if basis is None:
        fields["legal_basis_code"] = _("Choose the legal basis; it sets the deadline.")
    if not new.purpose.strip():
        fields["purpose"] = _("State the purpose of the request (Directive 2023/977, Art. 4(3)).")
    deadline = compute_deadline(basis, new.priority, new.data_access, draft.now) if basis is not None else None
    return Routing(new.recipient_agency_id, deadline=deadline, status="open")


def _answer(draft: Draft) -> Routing:
    """A reply, refusal or clarification request: only from the agency that received the open request, to
    the agency that sent it; late answers give the reason for the delay, refusals their reasons."""
    new, fields = draft.new, draft.fields
    routing = Routing(new.recipient_agency_id, original=_request_in_case(draft))
    original = routing.original
    if original is not None:
        if original.kind != "request" or original.recipient_agency_id != draft.actor.agency_id:
            fields["in_reply_to_id"] = _("Only the agency that received a request can answer it.")
        elif not original.is_open:
            fields["in_reply_to_id"] = _("This request is already answered or closed.")
        elif new.kind != "clarification_request" and original.is_overdue(utcnow()) and not new.delay_reason.strip():
            fields["delay_reason"] = _("The deadline has passed: give the reason for the delay.")
        routing.recipient_id = original.sender_agency_id
    if new.kind == "refusal" and not new.body.strip():
        fields["body"] = _("A refusal must give its reasons.")
    return routing


def _clarification(draft: Draft) -> Routing:
    """Only the requesting agency clarifies its request, to the agency it asked."""
    routing = Routing(draft.new.recipient_agency_id, original=_request_in_case(draft))
    original = routing.original
    if original is not None:
        if original.kind != "request" or original.sender_agency_id != draft.actor.agency_id:
            draft.fields["in_reply_to_id"] = _("Only the requesting agency can clarify its request.")
        routing.recipient_id = original.recipient_agency_id
    return routing


def _unprompted(draft: Draft) -> Routing:
    """Spontaneous information and notifications answer nothing and go where the sender says."""
    return Routing(draft.new.recipient_agency_id)


def _unknown(draft: Draft) -> Routing:
    draft.fields["kind"] = _("Unknown kind of message.")
    return Routing(draft.new.recipient_agency_id)


#: The rule of each kind of message; a kind not listed here is refused.
KIND_RULES: dict[str, Callable[[Draft], Routing]] = {
    "request": _request,
    "reply": _answer,
    "refusal": _answer,
    "clarification_request": _answer,
    "clarification": _clarification,
    "spontaneous": _unprompted,
    "notification": _unprompted,
}


#: Kinds that start something new in a case; a closed case takes none (answers still owed can be sent).
NEW_BUSINESS = ("request", "spontaneous", "notification")


def handling_floor(case: Case, original: Message | None = None) -> str:
    """The least handling code a new message in this case carries: the case's, and for an answer also the
    code of the message it answers. Codes rank H0 < H1 < H2 < H3; a message may keep or raise it only."""
    codes = [case.handling_code] + ([original.handling_code] if original is not None else [])
    return max(codes, key=HANDLING_RANK.get)  # type: ignore[arg-type]


HANDLING_RANK = {code: rank for rank, code in enumerate(HANDLING_CODES)}


def _apply_handling(draft: Draft, original: Message | None) -> None:
    """Inherit the case's (or the answered message's) handling code, refuse a lower one, H3 says what."""
    new, fields = draft.new, draft.fields
    floor = handling_floor(draft.case, original)
    if new.handling_code is None:
        new.handling_code = floor
        if floor == "H3" and not new.handling_note.strip() and original is not None:
            new.handling_note = original.handling_note
    if new.handling_code not in HANDLING_RANK:
        return
    if HANDLING_RANK[new.handling_code] < HANDLING_RANK[floor]:
        fields["handling_code"] = _("This message must carry at least {code}: a message may keep or raise the "
                                    "handling code of its case or of the message it answers, never lower it.").format(
            code=floor
        )
    elif new.handling_code == "H3" and not new.handling_note.strip():
        fields["handling_note"] = _("H3 needs the restriction written out.")


def _recipient(session: Session, actor: Actor, recipient_id: int | None, fields: dict[str, str]) -> Agency | None:
    # Its country is not needed here (the agency row names it): not joined in.
    recipient = session.get(Agency, recipient_id, options=[lazyload(Agency.country)]) if recipient_id else None
    if recipient is None or not recipient.active:
        fields.setdefault("recipient_agency_id", _("Choose the agency that receives the message."))
    elif recipient.id == actor.agency_id:
        fields["recipient_agency_id"] = _("An agency cannot send a message to itself.")
    return recipient


def send_message(
    session: Session, actor: Actor, case_id: int, new: NewMessage, *, originator_agency_id: int | None = None
) -> Message:
    """Send a request, reply, clarification, refusal or spontaneous information within a case.

    The recipient takes part in the case from now on, but sees this message only, never the case's history
    or its own data (cases/access.py). ``originator_agency_id`` is for capabilities that send another
    agency's record on its authority (a seizure record sent abroad): that agency stays the originator.
    """
    now = new.received_at or utcnow()
    case = touch_case(session, actor, case_id, now)
    fields: dict[str, str] = {}
    _validate_common(new, fields)
    draft = Draft(session, actor, case, new, now, fields)
    routing = KIND_RULES.get(new.kind, _unknown)(draft)
    _apply_handling(draft, routing.original)
    if case.status == "closed" and new.kind in NEW_BUSINESS:
        fields["kind"] = _("The case is closed: reopen it to send new messages in it.")
    recipient = _recipient(session, actor, routing.recipient_id, fields)
    if fields:
        raise InvalidInput(_("The message was not sent: correct the marked fields."), fields=fields)
    assert recipient is not None
    stored = [(name, blobs.store(session, name, data)) for name, data in new.attachments]
    message = _message(session, actor, case, new, routing, recipient, now, originator_agency_id or actor.agency_id)
    insert_row(session, message)
    for name, blob in stored:
        message.attachments.append(
            Attachment(
                blob_sha256=blob.sha256, filename=_safe_name(name), content_type=blob.content_type, size=blob.size
            )
        )
    if stored:
        session.flush()  # the attachments' ids, for the answer
    ensure_participant(session, case, recipient.id, MESSAGES_ONLY)
    if routing.original is not None:
        _advance_request(session, actor, routing.original, new.kind, now)
    notify_recipient(session, message, recipient)
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


def _message(
    session: Session,
    actor: Actor,
    case: Case,
    new: NewMessage,
    routing: Routing,
    recipient: Agency,
    now: datetime,
    originator_agency_id: int,
) -> Message:
    # The related rows are set along with their ids: the answer names both agencies, and the recipient,
    # held only here, would otherwise be gone from the session's (weak) identity map and be read again.
    return Message(
        case_id=case.id,
        case=case,
        sender_agency=session.get(Agency, actor.agency_id),  # the actor's own: in the session already
        recipient_agency=recipient,
        kind=new.kind,
        in_reply_to_id=routing.original.id if routing.original else None,
        sender_agency_id=actor.agency_id,
        originator_agency_id=originator_agency_id,
        sender_user_id=actor.user.id,
        recipient_agency_id=recipient.id,
        priority=new.priority,
        data_access=new.data_access,
        legal_basis_code=new.legal_basis_code if new.kind == "request" else None,
        channel=new.channel,
        handling_code=new.handling_code or case.handling_code,
        handling_note=new.handling_note.strip(),
        evaluation=new.evaluation,
        purpose=new.purpose.strip(),
        language=new.language,
        subject=new.subject.strip(),
        body=new.body,
        received_at=now,
        deadline_at=routing.deadline,
        status=routing.status,
        delay_reason=new.delay_reason.strip(),
        # Every column is given (insert_row stores exactly these values and reads nothing back).
        forwarded_from_id=None,
        origin_id=None,
        assignee_id=None,
        answered_at=None,
        paused_at=None,
        attachments=[],  # a new message's list is known empty: answering must not query for it
    )


def insert_row(session: Session, message: Message) -> None:
    """Store a new message with one ``INSERT … RETURNING id`` and attach it to the session as stored.

    The unit of work would do the same insert at several times the CPU (issue 15: this is the hot write
    path). Every column must have been given: the object is then exactly the stored row, and its
    related rows set on it (case, agencies, an empty attachment list) count as loaded. Attachments are
    appended afterwards, so the unit of work inserts them with the message's id.
    """
    state = inspect(message)
    table = cast(Table, Message.__table__)
    missing = [c.key for c in table.columns if c.key != "id" and c.key not in state.dict]
    if missing:  # a caller left a column to its default: let the unit of work apply it
        session.add(message)
        session.flush()
        return
    if session.new:  # rows this one refers to (a request being answered, in the same session) go first
        session.flush()
    row = {c.key: state.dict[c.key] for c in table.columns if c.key != "id"}
    message.id = session.connection().execute(_INSERT_MESSAGE, row).scalar_one()
    make_transient_to_detached(message)
    session.add(message)


_INSERT_MESSAGE = insert(cast(Table, Message.__table__)).returning(cast(Table, Message.__table__).c.id)


def _safe_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "attachment"
    return "".join(ch for ch in name if ch.isprintable())[:255]


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
    if kind == "clarification_request":
        _pause(session, actor, request, now)
    elif kind == "clarification":
        _resume(session, actor, request, now)


def _pause(session: Session, actor: Actor, request: Message, now: datetime) -> None:
    """Awaiting a clarification suspends the time limit (Directive 2023/977 Art. 6(3))."""
    if request.paused_at is not None or request.deadline_at is None:
        return
    request.paused_at = now
    session.add(
        MessageEvent(
            message_id=request.id, at=now, user_id=actor.user.id, agency_id=actor.agency_id, kind="deadline_paused"
        )
    )
    record(session, actor.ctx, Actions.ALTERATION, "message", request.id, details={"event": "deadline_paused"})


def _resume(session: Session, actor: Actor, request: Message, now: datetime) -> None:
    """The clarification arrived: the deadline moves by the time it was awaited."""
    if request.paused_at is None or request.deadline_at is None:
        return
    pause = max(now - request.paused_at, timedelta(0))
    request.deadline_at = request.deadline_at + pause
    request.paused_at = None
    minutes = int(pause.total_seconds() // 60)
    session.add(
        MessageEvent(
            message_id=request.id,
            at=now,
            user_id=actor.user.id,
            agency_id=actor.agency_id,
            kind="deadline_resumed",
            note=_("deadline moved by {hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60),
        )
    )
    record(
        session,
        actor.ctx,
        Actions.ALTERATION,
        "message",
        request.id,
        details={
            "event": "deadline_resumed",
            "paused_seconds": int(pause.total_seconds()),
            "deadline": request.deadline_at.isoformat(),
        },
    )


def notify_recipient(session: Session, message: Message, recipient: Agency) -> None:
    urgent = _("URGENT") + " " if message.priority == "urgent" else ""
    notify(
        session,
        recipient.id,
        f"message_{message.kind}",
        f"{urgent}{kind_label(message.kind)}: {message.case.reference} — {message.subject}",
        f"/cases/{message.case_id}#m{message.id}",
        details={"message": message.id},
    )


def get_message(session: Session, actor: Actor, message_id: int) -> Message:
    message = session.execute(
        select(Message).where(Message.id == message_id, message_visible(actor.user))
    ).scalar_one_or_none()
    if message is None:
        raise hidden(actor, "message", message_id)
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
    message.assignee_id, message.assignee = assignee.id, assignee
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
        _("Assigned to you: ") + f"{message.case.reference} — {message.subject}",
        f"/cases/{message.case_id}#m{message.id}",
        user_id=assignee.id,
    )
    record(session, actor.ctx, Actions.ALTERATION, "message", message.id, details={"assigned_to": assignee.id})
    return message


def read_attachment(session: Session, actor: Actor, attachment_id: int) -> tuple[Attachment, bytes]:
    att = session.get(Attachment, attachment_id)
    if (
        att is None
        or session.execute(select(Message.id).where(Message.id == att.message_id, message_visible(actor.user))).first()
        is None
    ):
        raise hidden(actor, "attachment", attachment_id)
    record(session, actor.ctx, Actions.CONSULTATION, "attachment", att.id, subjects=[("message", att.message_id)])
    return att, blobs.read(att.blob_sha256)
