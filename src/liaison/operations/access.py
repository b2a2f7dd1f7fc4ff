"""Who sees an operation, a meeting, a result or an incident.

It composes the one rule of ``cases/access.py`` and never re-implements it:

* an **operation** exists for its lead agency and the agencies taking part;
* a **meeting** for its organiser, its participants and the agencies of its operation; its **minutes**
  under H2/H3 only for the organiser and the participants (not passed on without the provider's
  permission), under H0/H1 for everyone who sees the meeting;
* a **result** or **migration incident** for the agency that reported it, for the agencies that see its
  case's own data (``case_data_visible_for``), and for the agencies of its operation unless its handling
  code is H2/H3 (the provider did not allow passing it on).

Reports count only what the reader sees under this rule, so a figure never reveals a record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select

from liaison.cases.access import RESTRICTED_HANDLING, case_data_visible_for
from liaison.cases.models import Case
from liaison.operations.models import Meeting, MeetingParticipant, Operation, OperationAgency


def in_operation(operation_id: Any, agency_id: int) -> ColumnElement[bool]:
    return exists().where(OperationAgency.operation_id == operation_id, OperationAgency.agency_id == agency_id)


def operation_visible(agency_id: int) -> ColumnElement[bool]:
    return or_(Operation.lead_agency_id == agency_id, in_operation(Operation.id, agency_id))


def meeting_visible(agency_id: int) -> ColumnElement[bool]:
    return or_(
        Meeting.organiser_agency_id == agency_id,
        exists().where(MeetingParticipant.meeting_id == Meeting.id, MeetingParticipant.agency_id == agency_id),
        and_(Meeting.operation_id.is_not(None), in_operation(Meeting.operation_id, agency_id)),
    )


def minutes_shown(meeting: Meeting, agency_id: int) -> bool:
    if meeting.minutes_handling_code not in RESTRICTED_HANDLING:
        return True
    return meeting.organiser_agency_id == agency_id or any(p.agency_id == agency_id for p in meeting.participants)


def record_visible(model: Any, agency_id: int) -> ColumnElement[bool]:
    """For ``Result`` and ``MigrationIncident`` (both have agency, case, operation and handling code)."""
    return or_(
        model.agency_id == agency_id,
        and_(model.case_id.is_not(None), model.case_id.in_(select(Case.id).where(case_data_visible_for(agency_id)))),
        and_(
            model.operation_id.is_not(None),
            model.handling_code.not_in(RESTRICTED_HANDLING),
            in_operation(model.operation_id, agency_id),
        ),
    )
