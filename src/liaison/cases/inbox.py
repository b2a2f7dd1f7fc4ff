"""What an agency must see to: its inbox and outbox, escalations for supervisors, and search."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, func, literal_column, or_, select
from sqlalchemy.orm import Session, defaultload

from liaison.accounts.service import Actor
from liaison.cases.access import case_data_visible, case_visible, message_visible
from liaison.cases.models import OPEN_STATES, Case, Message
from liaison.core.audit import Actions, record
from liaison.core.config import get_settings
from liaison.core.errors import Forbidden, InvalidInput
from liaison.core.i18n import _
from liaison.core.paging import Page, paginate
from liaison.core.timeutil import utcnow

DUE_SOON = timedelta(hours=2)


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
    order = (Message.deadline_at.asc(), Message.id) if state != "all" else (Message.received_at.desc(), Message.id)
    # A row shows its case's reference, not who takes part in the case: leave the participants unloaded.
    stmt = stmt.options(defaultload(Message.case).lazyload(Case.participants))
    return paginate(session, stmt, order, page, per_page)


def outbox(session: Session, actor: Actor, *, page: int = 1, per_page: int = 50) -> Page[Message]:
    stmt = select(Message).where(Message.sender_agency_id == actor.agency_id, Message.kind == "request")
    return paginate(session, stmt, (Message.received_at.desc(),), page, per_page)


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
    # A paused deadline (clarification awaited) is measured at the pause: it neither runs out nor comes due.
    late = or_(
        and_(Message.paused_at.is_(None), Message.deadline_at < now),
        and_(Message.paused_at.is_not(None), Message.deadline_at < Message.paused_at),
    )
    overdue = (
        session.execute(select(Message).where(incoming, late).order_by(Message.deadline_at))
        .scalars()
        .all()
    )
    soon = (
        session.execute(
            select(Message)
            .where(
                incoming,
                Message.paused_at.is_(None),
                Message.deadline_at >= now,
                Message.deadline_at < now + DUE_SOON,
            )
            .order_by(Message.deadline_at)
        )
        .scalars()
        .all()
    )
    outgoing = (
        session.execute(
            select(Message)
            .where(open_req, Message.sender_agency_id == actor.agency_id, late)
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
