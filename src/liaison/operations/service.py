"""Operations, meetings, action items, results and migration incidents: the rules.

Services take the caller's session and never commit. Everything that records or shows personal data (an
arrested person, a facilitator, the officers at a meeting) is audited; persons and vehicles are recorded
as entities through ``entities.service.add_entity``, so matching sees them as it sees every entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies import service as agencies
from liaison.agencies.models import Agency
from liaison.cases import service as cases
from liaison.core import limits
from liaison.core.audit import Actions, not_found, record
from liaison.core.errors import Forbidden, InvalidInput
from liaison.core.i18n import N_, Label, _
from liaison.core.timeutil import utcnow
from liaison.core.vocab import CRIME_AREAS, EMPACT_PRIORITIES, HANDLING_CODES, TERRORISM_AFFILIATIONS
from liaison.entities import service as entities
from liaison.environment import seizures as env_seizures
from liaison.matching.clusters import same_person_groups
from liaison.operations import access
from liaison.operations.models import (
    ActionItem,
    IncidentEntity,
    Meeting,
    MeetingParticipant,
    MigrationIncident,
    Operation,
    OperationAgency,
    OperationCase,
    OperationTarget,
    Readmission,
    ReadmissionRule,
    Result,
)
from liaison.operations.vocab import (
    ACTION_STATUSES,
    CHECK_CATEGORIES,
    MIGRATION_KINDS,
    OPERATION_KINDS,
    READMISSION_STATUSES,
    RESULT_KINDS,
    SEIZURE_CATEGORIES,
    TARGET_KINDS,
)

ERROR = N_("The record has errors: correct the marked fields.")


def _date(value: Any, name: str, fields: dict[str, str]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        fields[name] = _("A date as YYYY-MM-DD.")
        return None


def _datetime(value: Any, name: str, fields: dict[str, str]) -> datetime | None:
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value or "").strip())
        except ValueError:
            fields[name] = _("A date and time as YYYY-MM-DDTHH:MM.")
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=utcnow().tzinfo)


def _agency(session: Session, code: str, name: str, fields: dict[str, str]) -> Agency | None:
    agency = agencies.by_code(session, (code or "").strip().upper())
    if agency is None:
        fields[name] = _("Unknown agency: ") + str(code)[:40]
    return agency


def _check(fields: dict[str, str]) -> None:
    if fields:
        raise InvalidInput(str(ERROR), fields=fields)


# --- operations ----------------------------------------------------------------------------------------


def create_operation(
    session: Session,
    actor: Actor,
    *,
    title: str,
    kind: str,
    crime_area: str,
    starts_on: Any,
    ends_on: Any,
    empact_priority: str | None = None,
    handling_code: str = "H0",
    description: str = "",
    agency_codes: list[str] | None = None,
    case_ids: list[int] | None = None,
) -> Operation:
    """Open an operation led by the actor's agency; the agencies named take part."""
    fields: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        fields["title"] = _("An operation needs a title.")
    limits.check_lengths(fields, {"title": (title, limits.TITLE), "description": (description, limits.DESCRIPTION)})
    if kind not in OPERATION_KINDS:
        fields["kind"] = _("Choose a kind of operation.")
    if crime_area not in CRIME_AREAS:
        fields["crime_area"] = _("Choose a crime area.")
    if empact_priority and empact_priority not in EMPACT_PRIORITIES:
        fields["empact_priority"] = _("Not an EMPACT priority.")
    if handling_code not in HANDLING_CODES:
        fields["handling_code"] = _("Choose H0, H1, H2 or H3.")
    start = _date(starts_on, "starts_on", fields)
    end = _date(ends_on or starts_on, "ends_on", fields)
    if start and end and end < start:
        fields["ends_on"] = _("The end is before the start.")
    found = [_agency(session, c, "agencies", fields) for c in agency_codes or []]
    linked = [cid for cid in case_ids or [] if _visible_case(session, actor, cid, "case_ids", fields)]
    _check(fields)
    assert start is not None and end is not None
    op = Operation(
        title=title,
        kind=kind,
        crime_area=crime_area,
        empact_priority=empact_priority or None,
        lead_agency_id=actor.agency_id,
        starts_on=start,
        ends_on=end,
        handling_code=handling_code,
        description=(description or "").strip(),
        created_by_id=actor.user.id,
        created_at=utcnow(),
    )
    ids = dict.fromkeys([actor.agency_id, *[a.id for a in found if a is not None]])
    op.agencies = [OperationAgency(agency_id=i) for i in ids]
    op.cases = [OperationCase(case_id=c) for c in dict.fromkeys(linked)]
    session.add(op)
    session.flush()
    record(session, actor.ctx, Actions.COLLECTION, "operation", op.id, details={"agencies": len(ids)})
    return op


def _visible_case(session: Session, actor: Actor, case_id: int, name: str, fields: dict[str, str]) -> bool:
    try:
        cases.get_case(session, actor, case_id)
    except Exception:  # noqa: BLE001 - NotFound: a hidden case is the same field error as a missing one
        fields[name] = _("No such case.")
        return False
    return True


def list_operations(session: Session, actor: Actor) -> list[Operation]:
    stmt = select(Operation).where(access.operation_visible(actor.agency_id)).order_by(Operation.starts_on.desc())
    return list(session.execute(stmt).scalars())


def get_operation(session: Session, actor: Actor, operation_id: int) -> Operation:
    stmt = select(Operation).where(Operation.id == operation_id, access.operation_visible(actor.agency_id))
    op = session.execute(stmt).scalar_one_or_none()
    if op is None:
        raise not_found(actor.ctx, "operation", operation_id)
    return op


def add_target(
    session: Session, actor: Actor, operation_id: int, *, kind: str, label: str, entity_id: int | None = None
) -> OperationTarget:
    """A planned target; a person or place may point to an entity the actor sees."""
    op = get_operation(session, actor, operation_id)
    fields: dict[str, str] = {}
    if kind not in TARGET_KINDS:
        fields["kind"] = _("Choose person, group or place.")
    label = (label or "").strip()
    if not label:
        fields["label"] = _("Required.")
    limits.check_lengths(fields, {"label": (label, limits.NAME)})
    if entity_id is not None and not entities.can_see(session, actor, entity_id):
        fields["entity_id"] = _("No such entity.")
    _check(fields)
    target = OperationTarget(operation_id=op.id, kind=kind, label=label, entity_id=entity_id)
    session.add(target)
    session.flush()
    subjects = [("operation", op.id)] + ([("entity", entity_id)] if entity_id else [])
    record(session, actor.ctx, Actions.COLLECTION, "operation_target", target.id, subjects=subjects)
    return target


def case_ids_of(op: Operation) -> list[int]:
    return [c.case_id for c in op.cases]


# --- meetings and action items ---------------------------------------------------------------------------


def create_meeting(
    session: Session,
    actor: Actor,
    *,
    title: str,
    held_on: Any,
    operation_id: int | None = None,
    place: str = "",
    online: bool = False,
    agenda: str = "",
    minutes: str = "",
    minutes_handling_code: str = "H0",
    decisions: str = "",
    participants: list[dict[str, str]] | None = None,
    action_items: list[dict[str, Any]] | None = None,
) -> Meeting:
    """Record a meeting organised by the actor's agency, its participants and the action items decided."""
    fields: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        fields["title"] = _("A meeting needs a title.")
    limits.check_lengths(
        fields,
        {
            "title": (title, limits.TITLE),
            "place": (place, limits.NAME),
            "agenda": (agenda, limits.DESCRIPTION),
            "minutes": (minutes, limits.DESCRIPTION),
            "decisions": (decisions, limits.DESCRIPTION),
        },
    )
    held = _date(held_on, "held_on", fields)
    if minutes_handling_code not in HANDLING_CODES:
        fields["minutes_handling_code"] = _("Choose H0, H1, H2 or H3.")
    if operation_id is not None:
        get_operation(session, actor, operation_id)
    people: list[MeetingParticipant] = []
    for i, p in enumerate(participants or []):
        agency = _agency(session, str(p.get("agency", "")), f"participants.{i}.agency", fields)
        name = str(p.get("person_name") or "").strip()
        limits.check_lengths(fields, {f"participants.{i}.person_name": (name, limits.NAME)})
        if agency is not None:
            people.append(MeetingParticipant(agency_id=agency.id, person_name=name))
    if not (place or "").strip() and not online:
        fields["place"] = _("Say where the meeting is held, or that it is online.")
    _check(fields)
    assert held is not None
    meeting = Meeting(
        operation_id=operation_id,
        title=title,
        held_on=held,
        place=(place or "").strip(),
        online=bool(online),
        organiser_agency_id=actor.agency_id,
        agenda=agenda or "",
        minutes=minutes or "",
        minutes_handling_code=minutes_handling_code,
        decisions=decisions or "",
        created_by_id=actor.user.id,
        created_at=utcnow(),
    )
    meeting.participants = people
    session.add(meeting)
    session.flush()
    record(
        session,
        actor.ctx,
        Actions.COLLECTION,
        "meeting",
        meeting.id,
        subjects=[("operation", operation_id)] if operation_id else [],
        details={"participants": len(people)},
    )
    for item in action_items or []:
        add_action_item(session, actor, meeting.id, **item)
    return meeting


def list_meetings(session: Session, actor: Actor, *, operation_id: int | None = None) -> list[Meeting]:
    stmt = select(Meeting).where(access.meeting_visible(actor.agency_id))
    if operation_id is not None:
        stmt = stmt.where(Meeting.operation_id == operation_id)
    return list(session.execute(stmt.order_by(Meeting.held_on.desc(), Meeting.id)).scalars())


def get_meeting(session: Session, actor: Actor, meeting_id: int, *, audit: bool = True) -> Meeting:
    """A meeting the actor's agency sees; consulting it (participants' names, minutes) is audited."""
    stmt = select(Meeting).where(Meeting.id == meeting_id, access.meeting_visible(actor.agency_id))
    meeting = session.execute(stmt).scalar_one_or_none()
    if meeting is None:
        raise not_found(actor.ctx, "meeting", meeting_id)
    if audit:
        record(session, actor.ctx, Actions.CONSULTATION, "meeting", meeting.id)
    return meeting


def minutes_shown(meeting: Meeting, actor: Actor) -> bool:
    return access.minutes_shown(meeting, actor.agency_id)


def add_action_item(
    session: Session,
    actor: Actor,
    meeting_id: int,
    *,
    title: str,
    owner: str,
    due_on: Any,
    case_id: int | None = None,
) -> ActionItem:
    meeting = get_meeting(session, actor, meeting_id, audit=False)
    if meeting.organiser_agency_id != actor.agency_id:
        raise Forbidden(_("Only the organiser records the meeting's action items."))
    fields: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        fields["title"] = _("Say what must be done.")
    limits.check_lengths(fields, {"title": (title, limits.TITLE)})
    agency = _agency(session, owner, "owner", fields)
    due = _date(due_on, "due_on", fields)
    if case_id is not None:
        _visible_case(session, actor, case_id, "case_id", fields)
    _check(fields)
    assert agency is not None and due is not None
    now = utcnow()
    item = ActionItem(
        meeting_id=meeting.id,
        title=title,
        owner_agency_id=agency.id,
        due_on=due,
        status="open",
        case_id=case_id,
        created_at=now,
        updated_at=now,
    )
    session.add(item)
    session.flush()
    record(session, actor.ctx, Actions.COLLECTION, "action_item", item.id, subjects=[("meeting", meeting.id)])
    return item


def set_action_status(session: Session, actor: Actor, item_id: int, status: str) -> ActionItem:
    """The owner agency (or the organiser) marks an action item done or cancelled."""
    item = session.get(ActionItem, item_id)
    if item is None or actor.agency_id not in (item.owner_agency_id, item.meeting.organiser_agency_id):
        raise not_found(actor.ctx, "action_item", item_id)
    if status not in ACTION_STATUSES:
        raise InvalidInput(str(ERROR), fields={"status": _("Choose open, done or cancelled.")})
    item.status, item.updated_at = status, utcnow()
    record(session, actor.ctx, Actions.ALTERATION, "action_item", item.id, details={"status": status})
    return item


def action_items_owed(session: Session, actor: Actor, *, overdue_only: bool = False) -> list[ActionItem]:
    """Open action items the actor's agency owes, the earliest due first (its inbox and escalations)."""
    stmt = select(ActionItem).where(ActionItem.owner_agency_id == actor.agency_id, ActionItem.status == "open")
    if overdue_only:
        stmt = stmt.where(ActionItem.due_on < utcnow().date())
    return list(session.execute(stmt.order_by(ActionItem.due_on, ActionItem.id)).scalars())


# --- results ----------------------------------------------------------------------------------------------


def _link(
    session: Session, actor: Actor, operation_id: int | None, case_id: int | None, fields: dict[str, str]
) -> None:
    if operation_id is None and case_id is None:
        fields["operation_id"] = _("Link the record to an operation, a case or both.")
    if operation_id is not None:
        stmt = select(Operation.id).where(Operation.id == operation_id, access.operation_visible(actor.agency_id))
        if session.execute(stmt).first() is None:
            fields["operation_id"] = _("No such operation.")
    if case_id is not None:
        _visible_case(session, actor, case_id, "case_id", fields)


def _entity(
    session: Session, actor: Actor, case_id: int | None, payload: dict[str, Any], name: str, fields: dict[str, str]
) -> int | None:
    """Record a person or vehicle as an entity of the case (matched at once); errors land on ``name``."""
    if case_id is None:
        fields[name] = _("A person or vehicle is recorded on a case: link the record to a case.")
        return None
    try:
        row = entities.add_entity(session, actor, case_id, payload)
    except InvalidInput as exc:
        for key, value in (exc.fields or {"": exc.message}).items():
            fields[f"{name}.{key}".rstrip(".")] = value
        return None
    return row.id


def report_result(
    session: Session,
    actor: Actor,
    *,
    kind: str,
    occurred_on: Any,
    crime_area: str,
    country: str | None = None,
    operation_id: int | None = None,
    case_id: int | None = None,
    place: str = "",
    category: str = "",
    quantity: float | None = None,
    unit: str = "",
    grounds: str = "",
    affiliation: str | None = None,
    person: dict[str, Any] | None = None,
    entity_id: int | None = None,
    env_seizure_id: int | None = None,
    handling_code: str = "H0",
) -> Result:
    """A result reported by the actor's agency. An arrest names a person: a new person entity recorded on
    the case (``person``) or one the actor already sees (``entity_id``)."""
    fields: dict[str, str] = {}
    if kind not in RESULT_KINDS:
        fields["kind"] = _("Choose what is reported.")
    if crime_area not in CRIME_AREAS:
        fields["crime_area"] = _("Choose a crime area.")
    if handling_code not in HANDLING_CODES:
        fields["handling_code"] = _("Choose H0, H1, H2 or H3.")
    day = _date(occurred_on, "occurred_on", fields)
    limits.check_lengths(fields, {"place": (place, limits.NAME), "grounds": (grounds, limits.NOTE)})
    _link(session, actor, operation_id, case_id, fields)
    category = (category or "").strip()
    if kind == "seizure":
        if category not in SEIZURE_CATEGORIES:
            fields["category"] = _("Choose what was seized.")
        else:
            unit = unit or SEIZURE_CATEGORIES[category][1]
        if category == "environmental":
            if env_seizure_id is None:
                fields["env_seizure_id"] = _("Choose the environmental seizure record.")
            else:
                try:
                    seizure = env_seizures.get_seizure(session, actor, env_seizure_id)
                except Exception:  # noqa: BLE001 - hidden or missing: the same field error
                    fields["env_seizure_id"] = _("No such seizure record.")
                else:
                    quantity, unit = seizure.quantity or 1.0, seizure.unit or "records"
    if kind == "check" and category not in CHECK_CATEGORIES:
        fields["category"] = _("Choose persons, vehicles, parcels or premises.")
    if kind == "attack" and category not in ("completed", "failed", "foiled"):
        fields["category"] = _("Choose completed, failed or foiled.")
    if affiliation and affiliation not in TERRORISM_AFFILIATIONS:
        fields["affiliation"] = _("Choose an affiliation.")
    if quantity is not None and (quantity < 0 or quantity > 1e12):
        fields["quantity"] = _("A quantity of zero or more.")
    if kind == "arrest" and person is None and entity_id is None and not fields:
        fields["person"] = _("An arrest names the person arrested.")
    if entity_id is not None and not entities.can_see(session, actor, entity_id):
        fields["entity_id"] = _("No such entity.")
    if fields:
        raise InvalidInput(str(ERROR), fields=fields)
    if person is not None and entity_id is None:
        entity_id = _entity(session, actor, case_id, {**person, "type": "person"}, "person", fields)
        _check(fields)
    assert day is not None
    row = Result(
        operation_id=operation_id,
        case_id=case_id,
        agency_id=actor.agency_id,
        kind=kind,
        occurred_on=day,
        place=(place or "").strip(),
        country_code=(country or actor.user.agency.country_code).upper()[:2],
        crime_area=crime_area,
        category=category,
        quantity=1.0 if quantity is None else float(quantity),
        unit=(unit or "")[:20],
        grounds=grounds or "",
        affiliation=affiliation or None,
        entity_id=entity_id,
        env_seizure_id=env_seizure_id if category == "environmental" else None,
        handling_code=handling_code,
        created_by_id=actor.user.id,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    subjects = [("result", row.id)] + ([("entity", entity_id)] if entity_id else [])
    record(session, actor.ctx, Actions.COLLECTION, "result", row.id, subjects=subjects, details={"kind": kind})
    return row


def _in_period(stmt: Any, column: Any, start: date | None, end: date | None) -> Any:
    if start is not None:
        stmt = stmt.where(column >= start)
    if end is not None:
        stmt = stmt.where(column <= end)
    return stmt


def visible_results(
    session: Session,
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    country: str | None = None,
    operation_id: int | None = None,
) -> list[Result]:
    """Results the actor's agency sees (operations/access.py), in the period (inclusive)."""
    stmt = select(Result).where(access.record_visible(Result, actor.agency_id))
    stmt = _in_period(stmt, Result.occurred_on, start, end)
    if country:
        stmt = stmt.where(Result.country_code == country.upper())
    if operation_id is not None:
        stmt = stmt.where(Result.operation_id == operation_id)
    return list(session.execute(stmt.order_by(Result.occurred_on, Result.id)).scalars())


def get_result(session: Session, actor: Actor, result_id: int) -> Result:
    stmt = select(Result).where(Result.id == result_id, access.record_visible(Result, actor.agency_id))
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        raise not_found(actor.ctx, "result", result_id)
    subjects = [("result", row.id)] + ([("entity", row.entity_id)] if row.entity_id else [])
    record(session, actor.ctx, Actions.CONSULTATION, "result", row.id, subjects=subjects)
    return row


def entity_label(session: Session, actor: Actor, entity_id: int | None) -> str:
    """The label of a linked entity if the actor may see the entity itself, else a placeholder."""
    if entity_id is None:
        return ""
    if not entities.can_see(session, actor, entity_id):
        return _("(recorded by another agency)")
    return entities.by_ids(session, [entity_id])[entity_id].label


def same_person_groups_of(session: Session, rows: list[Any], entity_of: Any) -> list[list[Any]]:
    """Group records whose persons the matcher judges to be one person (``matching.clusters``).

    A record without a person entity stays alone. The matcher decides on every person entity, whoever
    may see it: the reader learns a count, never the other record.
    """
    by_entity: dict[int, list[Any]] = {}
    alone: list[list[Any]] = []
    for row in rows:
        eid = entity_of(row)
        if eid is None:
            alone.append([row])
        else:
            by_entity.setdefault(eid, []).append(row)
    groups = same_person_groups(session, list(by_entity))
    return [[r for eid in group for r in by_entity[eid]] for group in groups] + alone


# --- migration incidents ------------------------------------------------------------------------------------


def report_incident(
    session: Session,
    actor: Actor,
    *,
    kind: str,
    occurred_at: Any,
    country: str | None = None,
    operation_id: int | None = None,
    case_id: int | None = None,
    place: str = "",
    border_section: str = "",
    group_size: int = 1,
    nationalities: list[str] | None = None,
    route: str = "",
    false_documents: int = 0,
    facilitators: list[dict[str, Any]] | None = None,
    vehicle: dict[str, Any] | None = None,
    handling_code: str = "H0",
) -> MigrationIncident:
    """A migration incident reported by the actor's agency; facilitators and the vehicle become entities."""
    fields: dict[str, str] = {}
    if kind not in MIGRATION_KINDS:
        fields["kind"] = _("Choose the kind of incident.")
    if handling_code not in HANDLING_CODES:
        fields["handling_code"] = _("Choose H0, H1, H2 or H3.")
    when = _datetime(occurred_at, "occurred_at", fields)
    limits.check_lengths(
        fields, {"place": (place, limits.NAME), "border_section": (border_section, 60), "route": (route, 300)}
    )
    if not (1 <= int(group_size) <= 10_000):
        fields["group_size"] = _("Between 1 and 10,000 persons.")
    if not (0 <= int(false_documents) <= 10_000):
        fields["false_documents"] = _("Between 0 and 10,000.")
    codes = [str(n).strip().upper() for n in nationalities or [] if str(n).strip()]
    if any(len(c) != 2 or not c.isalpha() for c in codes):
        fields["nationalities"] = _("Two-letter country codes.")
    _link(session, actor, operation_id, case_id, fields)
    _check(fields)
    links: list[IncidentEntity] = []
    for i, person in enumerate(facilitators or []):
        eid = _entity(session, actor, case_id, {**person, "type": "person"}, f"facilitators.{i}", fields)
        if eid:
            links.append(IncidentEntity(entity_id=eid, role="facilitator"))
    if vehicle:
        eid = _entity(session, actor, case_id, {**vehicle, "type": "vehicle"}, "vehicle", fields)
        if eid:
            links.append(IncidentEntity(entity_id=eid, role="vehicle"))
    _check(fields)
    assert when is not None
    row = MigrationIncident(
        operation_id=operation_id,
        case_id=case_id,
        agency_id=actor.agency_id,
        kind=kind,
        occurred_at=when,
        place=(place or "").strip(),
        country_code=(country or actor.user.agency.country_code).upper()[:2],
        border_section=(border_section or "").strip(),
        group_size=int(group_size),
        nationalities=list(dict.fromkeys(codes)),
        route=(route or "").strip(),
        false_documents=int(false_documents),
        handling_code=handling_code,
        created_by_id=actor.user.id,
        created_at=utcnow(),
    )
    row.entities = links
    session.add(row)
    session.flush()
    subjects = [("incident", row.id)] + [("entity", link.entity_id) for link in links]
    record(session, actor.ctx, Actions.COLLECTION, "migration_incident", row.id, subjects=subjects)
    return row


def visible_incidents(
    session: Session,
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    country: str | None = None,
) -> list[MigrationIncident]:
    stmt = select(MigrationIncident).where(access.record_visible(MigrationIncident, actor.agency_id))
    if start is not None:
        stmt = stmt.where(
            MigrationIncident.occurred_at >= datetime.combine(start, datetime.min.time(), utcnow().tzinfo)
        )
    if end is not None:
        upto = datetime.combine(end + timedelta(days=1), datetime.min.time(), utcnow().tzinfo)
        stmt = stmt.where(MigrationIncident.occurred_at < upto)
    if country:
        stmt = stmt.where(MigrationIncident.country_code == country.upper())
    return list(session.execute(stmt.order_by(MigrationIncident.occurred_at, MigrationIncident.id)).scalars())


def get_incident(session: Session, actor: Actor, incident_id: int) -> MigrationIncident:
    stmt = select(MigrationIncident).where(
        MigrationIncident.id == incident_id, access.record_visible(MigrationIncident, actor.agency_id)
    )
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        raise not_found(actor.ctx, "migration_incident", incident_id)
    subjects = [("incident", row.id)] + [("entity", e.entity_id) for e in row.entities]
    record(session, actor.ctx, Actions.CONSULTATION, "migration_incident", row.id, subjects=subjects)
    return row


# --- readmission ------------------------------------------------------------------------------------------


def readmission_rules(session: Session) -> list[ReadmissionRule]:
    stmt = select(ReadmissionRule).order_by(ReadmissionRule.from_country, ReadmissionRule.to_country)
    return list(session.execute(stmt).scalars())


def set_readmission_rule(
    session: Session, actor: Actor, *, from_country: str, to_country: str, deadline_hours: int, reference: str = ""
) -> ReadmissionRule:
    """Set the deadline of the bilateral agreement for a pair of countries (supervisors and administrators)."""
    if not actor.has_role("supervisor", "admin"):
        raise Forbidden(_("Supervisors set the readmission deadlines."))
    fields: dict[str, str] = {}
    a, b = (from_country or "").upper().strip(), (to_country or "").upper().strip()
    for name, code in (("from_country", a), ("to_country", b)):
        if len(code) != 2 or not code.isalpha():
            fields[name] = _("A two-letter country code.")
    if a == b and a:
        fields["to_country"] = _("A neighbouring country, not the same one.")
    if not (1 <= int(deadline_hours) <= 24 * 365):
        fields["deadline_hours"] = _("Between 1 hour and a year.")
    limits.check_lengths(fields, {"reference": (reference, 300)})
    _check(fields)
    rule = session.execute(
        select(ReadmissionRule).where(ReadmissionRule.from_country == a, ReadmissionRule.to_country == b)
    ).scalar_one_or_none()
    if rule is None:
        rule = ReadmissionRule(from_country=a, to_country=b, deadline_hours=int(deadline_hours), reference=reference)
        session.add(rule)
    rule.deadline_hours, rule.reference = int(deadline_hours), reference or rule.reference
    session.flush()
    record(
        session, actor.ctx, Actions.ADMINISTRATION, "readmission_rule", rule.id, details={"hours": rule.deadline_hours}
    )
    return rule


def request_readmission(
    session: Session, actor: Actor, incident_id: int, *, to_country: str, persons: int
) -> Readmission:
    """Ask the neighbouring country to take persons back; the deadline comes from the pair's agreement."""
    incident = get_incident(session, actor, incident_id)
    if incident.agency_id != actor.agency_id:
        raise Forbidden(_("Only the agency that reported the incident asks for readmission."))
    to = (to_country or "").upper().strip()
    rule = session.execute(
        select(ReadmissionRule).where(
            ReadmissionRule.from_country == incident.country_code, ReadmissionRule.to_country == to
        )
    ).scalar_one_or_none()
    fields: dict[str, str] = {}
    if rule is None:
        fields["to_country"] = _("No readmission agreement is recorded for this pair of countries.")
    if not (1 <= int(persons) <= incident.group_size):
        fields["persons"] = _("Between 1 and the size of the group.")
    _check(fields)
    assert rule is not None
    now = utcnow()
    row = Readmission(
        incident_id=incident.id,
        to_country=to,
        persons=int(persons),
        requested_at=now,
        deadline_at=now + timedelta(hours=rule.deadline_hours),
        status="requested",
    )
    session.add(row)
    session.flush()
    record(session, actor.ctx, Actions.DISCLOSURE, "readmission", row.id, subjects=[("incident", incident.id)])
    return row


def readmissions_of(session: Session, incident_id: int) -> list[Readmission]:
    stmt = select(Readmission).where(Readmission.incident_id == incident_id).order_by(Readmission.id)
    return list(session.execute(stmt).scalars())


@dataclass
class Vocabulary:
    """Everything a form needs."""

    operation_kinds: dict[str, Label]
    result_kinds: dict[str, Label]
    seizure_categories: dict[str, tuple[Label, str]]
    check_categories: dict[str, Label]
    migration_kinds: dict[str, Label]
    readmission_statuses: dict[str, Label]


VOCABULARY = Vocabulary(
    OPERATION_KINDS, RESULT_KINDS, SEIZURE_CATEGORIES, CHECK_CATEGORIES, MIGRATION_KINDS, READMISSION_STATUSES
)
