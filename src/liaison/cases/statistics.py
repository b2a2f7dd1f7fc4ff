"""What the case system's statistics read: the requests an agency sent or received in a period.

Directive (EU) 2023/977 Art. 18 asks each SPOC for yearly figures (requests submitted and received, urgent
and not, answered within the deadline, refused, deadlines extended). The figures are per agency: a reader
counts the requests its agency sent or received, never another agency's.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.cases.models import Message
from liaison.core.timeutil import utcnow


def requests_of_agency(
    session: Session, actor: Actor, start: date | None, end: date | None, *, ids: list[int] | None = None
) -> list[Message]:
    """Requests the actor's agency sent or received, received in ``[start, end]`` (whole days, UTC)."""
    stmt = select(Message).where(
        Message.kind == "request",
        or_(Message.sender_agency_id == actor.agency_id, Message.recipient_agency_id == actor.agency_id),
    )
    if ids is not None:
        stmt = stmt.where(Message.id.in_(ids))
    tz = utcnow().tzinfo
    if start is not None:
        stmt = stmt.where(Message.received_at >= datetime.combine(start, time.min, tz))
    if end is not None:
        stmt = stmt.where(Message.received_at < datetime.combine(end + timedelta(days=1), time.min, tz))
    return list(session.execute(stmt.order_by(Message.received_at, Message.id)).scalars())
