"""Who may see what in the case system.

An agency sees a case it owns or takes part in. A full participant sees all messages; an agency that
only received a forward sees the messages it sent or received. Everything else does not exist for it:
callers answer "not found", never "forbidden", so existence is not disclosed (story 3).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from liaison.accounts.models import User
from liaison.cases.models import Case, CaseParticipant, Message


def case_visible(user: User) -> ColumnElement[bool]:
    return or_(
        Case.owner_agency_id == user.agency_id,
        exists().where(CaseParticipant.case_id == Case.id, CaseParticipant.agency_id == user.agency_id),
    )


def message_visible(user: User) -> ColumnElement[bool]:
    full = exists().where(
        CaseParticipant.case_id == Message.case_id,
        CaseParticipant.agency_id == user.agency_id,
        CaseParticipant.scope == "full",
    )
    owner = exists().where(Case.id == Message.case_id, Case.owner_agency_id == user.agency_id)
    return or_(
        Message.sender_agency_id == user.agency_id,
        Message.recipient_agency_id == user.agency_id,
        and_(full),
        owner,
    )


def can_see_case(session: Session, user: User, case_id: int) -> bool:
    return session.execute(select(Case.id).where(Case.id == case_id, case_visible(user))).first() is not None


def can_see_message(session: Session, user: User, message_id: int) -> bool:
    stmt = select(Message.id).where(Message.id == message_id, message_visible(user))
    return session.execute(stmt).first() is not None
