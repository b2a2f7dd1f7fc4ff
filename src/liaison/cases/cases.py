"""Cases themselves: opening, reading, listing, consulting and sharing them, and who takes part.

Functions take the SQLAlchemy session of the caller's unit of work and never commit: the web layer or
the CLI commits once, so a request is either wholly recorded (with its audit trail) or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, func, insert, inspect, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, lazyload

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.cases.access import SHARED, case_data_visible, case_visible, case_visible_to, message_visible
from liaison.cases.models import Case, CaseEvent, CaseParticipant, Counter, Message, MessageEvent
from liaison.core import hooks, limits
from liaison.core.audit import Actions, not_found, record
from liaison.core.errors import Forbidden, InvalidInput, NotFound
from liaison.core.i18n import N_, Label, _
from liaison.core.limits import check_lengths
from liaison.core.paging import Page, paginate
from liaison.core.timeutil import utcnow
from liaison.core.vocab import CRIME_AREAS, HANDLING_CODES
from liaison.notifications.service import notify


def require_justification(justification: str, missing: str) -> None:
    """A justification is required and bounded: it goes into the audit trail and the message events."""
    if not justification.strip():
        raise InvalidInput(missing, fields={"justification": _("Required.")})
    fields: dict[str, str] = {}
    check_lengths(fields, {"justification": (justification, limits.NOTE)})
    if fields:
        raise InvalidInput(missing, fields=fields)


def hidden(actor: Actor, object_type: str, object_id: object) -> NotFound:
    """The same answer as for something that does not exist, with the attempt logged (story 3)."""
    return not_found(actor.ctx, object_type, object_id)


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
        raise hidden(actor, "case", case_id)
    return case


def touch_case(session: Session, actor: Actor, case_id: int, now: datetime) -> Case:
    """The case a message is being sent in, locked and marked as changed at ``now``, in one statement.

    ``UPDATE … RETURNING`` takes the row lock that :func:`get_case` with ``for_update`` takes (writers of
    one case queue here) and sets ``updated_at``, which a sent message changes anyway; a refused message
    rolls it back with everything else. Only the case row is loaded: its owner agency and participants
    load when first touched (sending asks for the one participant it may add, see
    :func:`ensure_participant`). Not visible to the actor: "not found", with the attempt audited.
    """
    params = {"case_id": case_id, "agency_id": actor.agency_id, "now": now}
    case = session.execute(_TOUCH_CASE, params, execution_options={"populate_existing": True}).scalar_one_or_none()
    if case is None:
        raise hidden(actor, "case", case_id)
    return case


#: Built once with bound parameters (the statement's construction and cache key are a measurable part of
#: the hot write path, issue 15); the visibility rule is :func:`~liaison.cases.access.case_visible_to`'s.
_TOUCH_CASE = (
    select(Case)
    .from_statement(
        update(Case)
        .where(Case.id == bindparam("case_id"), case_visible_to(bindparam("agency_id")))
        .values(updated_at=bindparam("now"))
        .returning(Case)
    )
    .options(lazyload(Case.owner_agency), lazyload(Case.participants))
)


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
    return paginate(session, stmt, (Case.updated_at.desc(),), page, per_page)


def ensure_participant(session: Session, case: Case, agency_id: int, scope: str) -> None:
    """Record that an agency takes part; only :func:`share_case` widens it to the case's own data.

    Callers hold the case's row lock (``get_case(..., for_update=True)`` or :func:`touch_case`), so two
    writers never add the same agency at once. When the case's participants are not loaded (a case from
    :func:`touch_case`), only this agency's row is touched, not the whole list.
    """
    if "participants" not in inspect(case).unloaded:
        for part in case.participants:
            if part.agency_id == agency_id:
                if scope == SHARED and part.scope != SHARED:
                    part.scope = SHARED
                return
        case.participants.append(CaseParticipant(agency_id=agency_id, scope=scope, added_at=utcnow()))
        return
    if scope != SHARED:
        # One statement, no flush: an agency already taking part keeps its row (and its wider scope).
        add_participant_row(session, case.id, agency_id, scope)
        return
    found = session.execute(
        select(CaseParticipant).where(CaseParticipant.case_id == case.id, CaseParticipant.agency_id == agency_id)
    ).scalar_one_or_none()
    if found is None:
        session.add(CaseParticipant(case_id=case.id, agency_id=agency_id, scope=scope, added_at=utcnow()))
    elif found.scope != SHARED:
        found.scope = SHARED


def add_participant_row(session: Session, case_id: int, agency_id: int, scope: str) -> None:
    """Insert the participant row unless the agency already takes part (``ON CONFLICT DO NOTHING`` on the
    unique (case, agency) pair), straight on the session's connection."""
    if session.new:  # a participant row still pending in the session would otherwise be missed
        session.flush()
    values = {"case_id": case_id, "agency_id": agency_id, "scope": scope, "added_at": utcnow()}
    conn = session.connection()
    stmt = _ADD_PARTICIPANT.get(conn.dialect.name)
    if stmt is not None:
        conn.execute(stmt, values)
    elif conn.execute(
        select(_PARTICIPANT.c.id).where(_PARTICIPANT.c.case_id == case_id, _PARTICIPANT.c.agency_id == agency_id)
    ).first() is None:
        conn.execute(insert(_PARTICIPANT), values)


_PARTICIPANT = cast(Table, CaseParticipant.__table__)
#: Built once per dialect that has ``ON CONFLICT DO NOTHING``; others check first (under the case's row lock).
_ADD_PARTICIPANT = {
    "postgresql": pg_insert(_PARTICIPANT).on_conflict_do_nothing(index_elements=["case_id", "agency_id"]),
    "sqlite": sqlite_insert(_PARTICIPANT).on_conflict_do_nothing(index_elements=["case_id", "agency_id"]),
}


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
    ensure_participant(session, case, agency.id, SHARED)
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


# --- the case's own workflow: close with an outcome, reopen, edit; each step in the case's history ------

#: How a case ends; a closed case records one of these (the spoc report counts them).
OUTCOMES: dict[str, Label] = {
    "solved": N_("Solved: suspects identified or charged"),
    "referred": N_("Referred to the prosecution or the courts"),
    "information_exchanged": N_("Information exchanged, no further action"),
    "no_result": N_("No result"),
    "merged": N_("Merged into another case"),
    "withdrawn": N_("Withdrawn"),
}
#: The fields of a case its owner may edit, in the order the history shows them.
EDITABLE = ("title", "description", "crime_areas", "handling_code")


def _owned(session: Session, actor: Actor, case_id: int, what: str) -> Case:
    case = get_case(session, actor, case_id, for_update=True)
    if case.owner_agency_id != actor.agency_id:
        raise Forbidden(_("Only the agency that owns the case can {what} it.").format(what=what))
    return case


def _history(session: Session, actor: Actor, case: Case, kind: str, **data: object) -> CaseEvent:
    event = CaseEvent(case_id=case.id, at=utcnow(), user_id=actor.user.id, agency_id=actor.agency_id, kind=kind, **data)
    session.add(event)
    case.updated_at = event.at
    return event


def close_case(session: Session, actor: Actor, case_id: int, outcome: str, note: str = "") -> Case:
    """The owner closes the case with its outcome. Answers still owed in it can be sent; new requests cannot."""
    case = _owned(session, actor, case_id, _("close"))
    fields: dict[str, str] = {}
    if case.status == "closed":
        fields["outcome"] = _("The case is already closed.")
    elif outcome not in OUTCOMES:
        fields["outcome"] = _("Choose the outcome of the case.")
    check_lengths(fields, {"note": (note, limits.NOTE)})
    if fields:
        raise InvalidInput(_("The case was not closed."), fields=fields)
    case.status, case.outcome = "closed", outcome
    event = _history(session, actor, case, "closed", note=note.strip(), changes={"outcome": [None, outcome]})
    case.closed_at = event.at
    session.flush()
    details = {"event": "case_closed", "outcome": outcome}
    record(session, actor.ctx, Actions.ALTERATION, "case", case.id, details=details)
    return case


def reopen_case(session: Session, actor: Actor, case_id: int, justification: str) -> Case:
    """The owner reopens a closed case, saying why; the former outcome stays in the history."""
    case = _owned(session, actor, case_id, _("reopen"))
    if case.status != "closed":
        raise InvalidInput(_("The case is open."), fields={"justification": _("The case is open.")})
    require_justification(justification, _("Say why the case is reopened."))
    _history(session, actor, case, "reopened", note=justification.strip(), changes={"outcome": [case.outcome, None]})
    case.status, case.outcome, case.closed_at = "open", "", None
    session.flush()
    record(
        session, actor.ctx, Actions.ALTERATION, "case", case.id, justification=justification,
        details={"event": "case_reopened"},
    )
    return case


def edit_case(session: Session, actor: Actor, case_id: int, changes: Mapping[str, object]) -> Case:
    """The owner corrects the title, description, crime areas or handling code; the history keeps old and new.

    Messages keep the handling code they were sent with; the case's code is the least new messages inherit.
    """
    case = _owned(session, actor, case_id, _("edit"))
    wanted = {name: changes[name] for name in EDITABLE if changes.get(name) is not None}
    fields: dict[str, str] = {}
    for name in ("title", "description"):
        if name in wanted:
            wanted[name] = str(wanted[name]).strip()
    if wanted.get("title") == "":
        fields["title"] = _("A case needs a title.")
    title, description = wanted.get("title"), wanted.get("description")
    check_lengths(
        fields,
        {
            "title": (title if isinstance(title, str) else None, limits.TITLE),
            "description": (description if isinstance(description, str) else None, limits.DESCRIPTION),
        },
    )
    if "crime_areas" in wanted:
        raw = wanted["crime_areas"]
        areas = list(dict.fromkeys(str(a) for a in raw)) if isinstance(raw, list | tuple) else []
        if not areas:
            fields["crime_areas"] = _("Choose at least one crime area.")
        elif any(a not in CRIME_AREAS for a in areas):
            fields["crime_areas"] = _("Unknown crime area: ") + ", ".join(a for a in areas if a not in CRIME_AREAS)
        wanted["crime_areas"] = areas
    if "handling_code" in wanted and wanted["handling_code"] not in HANDLING_CODES:
        fields["handling_code"] = _("Choose H0, H1, H2 or H3.")
    if fields:
        raise InvalidInput(_("The case was not changed: correct the marked fields."), fields=fields)
    diff = {name: [getattr(case, name), value] for name, value in wanted.items() if getattr(case, name) != value}
    if not diff:
        return case
    for name, (_old, new) in diff.items():
        setattr(case, name, new)
    _history(session, actor, case, "edited", changes=diff)
    session.flush()
    record(
        session, actor.ctx, Actions.ALTERATION, "case", case.id, details={"event": "case_edited", "fields": list(diff)}
    )
    return case


def case_history(session: Session, actor: Actor, case: Case) -> list[CaseEvent]:
    """What happened to the case itself, for those who may see its own data (the edits hold old descriptions)."""
    if not case_data_shown(session, actor, [case.id]):
        return []
    stmt = select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
    return list(session.execute(stmt).scalars())
