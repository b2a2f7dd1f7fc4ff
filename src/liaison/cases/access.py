"""Who may see what, and who may pass what on: the one rule every capability asks.

**Messages.** An agency sees a message if it is its *originator* (the agency whose information it is:
the sender of a new message; for a forward, the originator of the message first sent, at any depth;
for a seizure record sent abroad, the seizing agency), its *addressee*, or its *sender* (a holder that
passed it on). Every disclosure is a message of its own, so "an agency the originator (or a holder it
authorised) disclosed it to" is the addressee of that copy.

**Passing on.** A holder passes a message on freely under H0/H1. Under H2/H3 only the originator does,
or a holder passing it to an agency the originator recorded a permission for, on the message first
sent: the code and the permissions travel with every copy, however often it is forwarded.

**Cases.** A case *exists* for an agency that owns it or takes part in it (has sent or received one of
its messages): it sees the case's reference, title, status, crime areas, handling code and owner, and
the messages the rule above gives it. The case's own data (description, participants, entities
recorded on the case rather than on a message, environmental seizure records) is for the owner and the
agencies the owner shared the case with (``CaseParticipant.scope == "full"``), nobody else. Sending a
message never shares the case: it discloses that message alone.

Everything else does not exist for the agency: callers answer "not found", never "forbidden", so
existence is not disclosed.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from liaison.accounts.models import User
from liaison.cases.models import Case, CaseParticipant, Message

#: Handling codes under which information is not passed on without the originator's permission.
RESTRICTED_HANDLING = ("H2", "H3")
#: A participant the owner shared the case's own data with.
SHARED = "full"
#: A participant that only sends or receives messages in the case.
MESSAGES_ONLY = "message"


def case_visible(user: User) -> ColumnElement[bool]:
    """The case exists for the user's agency: it owns the case or takes part in it."""
    return case_visible_to(user.agency_id)


def case_visible_to(agency_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """:func:`case_visible` for an agency id (or a bound parameter standing for one)."""
    return or_(
        Case.owner_agency_id == agency_id,
        exists().where(CaseParticipant.case_id == Case.id, CaseParticipant.agency_id == agency_id),
    )


def case_data_visible(user: User) -> ColumnElement[bool]:
    """The case's own data (description, participants, case-level entities and seizures) is visible."""
    return case_data_visible_for(user.agency_id)


def case_data_visible_for(agency_id: int) -> ColumnElement[bool]:
    return or_(
        Case.owner_agency_id == agency_id,
        exists().where(
            CaseParticipant.case_id == Case.id,
            CaseParticipant.agency_id == agency_id,
            CaseParticipant.scope == SHARED,
        ),
    )


def message_visible(user: User) -> ColumnElement[bool]:
    """Originator, addressee or sender of this very message; the case owner has no extra right."""
    return or_(
        Message.originator_agency_id == user.agency_id,
        Message.recipient_agency_id == user.agency_id,
        Message.sender_agency_id == user.agency_id,
    )


def can_see_case(session: Session, user: User, case_id: int) -> bool:
    return session.execute(select(Case.id).where(Case.id == case_id, case_visible(user))).first() is not None


def can_see_case_data(session: Session, user: User, case_id: int) -> bool:
    stmt = select(Case.id).where(Case.id == case_id, case_data_visible(user))
    return session.execute(stmt).first() is not None


def can_see_message(session: Session, user: User, message_id: int) -> bool:
    stmt = select(Message.id).where(Message.id == message_id, message_visible(user))
    return session.execute(stmt).first() is not None


def origin_of(message: Message) -> int:
    """The id of the message first sent, whose originator's permissions govern every copy."""
    return message.origin_id or message.id


def may_pass_on(*, holder_agency_id: int, originator_agency_id: int, handling_code: str, permitted: bool) -> bool:
    """Whether a holder may disclose information to a further agency.

    ``permitted`` says whether the originator recorded a permission for that agency (on the message
    first sent, or on the seizure record). The originator itself always may: it is its information.
    """
    if holder_agency_id == originator_agency_id:
        return True
    return handling_code not in RESTRICTED_HANDLING or permitted


def may_send_record_abroad(
    *, holder_agency_id: int, originator_agency_id: int, handling_code: str, authorised: bool, permitted: bool
) -> bool:
    """Whether a holder may send a record (an environmental seizure) abroad.

    Only the agency the record belongs to, or one it authorised (``authorised``); under H2/H3 the
    authorisation must name the recipient (``permitted``), as for messages.
    """
    if holder_agency_id == originator_agency_id:
        return True
    return authorised and may_pass_on(
        holder_agency_id=holder_agency_id,
        originator_agency_id=originator_agency_id,
        handling_code=handling_code,
        permitted=permitted,
    )
