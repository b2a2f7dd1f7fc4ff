"""Entities attached to cases and messages: validation, storage, visibility, search, interchange.

Matching is not done here: saving fires the ``entity_saved`` hook, which the matching capability
answers (it computes person blocking keys through :func:`replace_keys` and records hits).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.cases import service as cases
from liaison.cases.access import case_data_visible, message_visible
from liaison.cases.models import Case, Message
from liaison.core import hooks
from liaison.core.audit import Actions, not_found, record
from liaison.core.errors import InvalidInput
from liaison.core.i18n import DEFAULT, _, current_locale, use_locale
from liaison.core.timeutil import utcnow
from liaison.entities.models import EntityKey, EntityRecord
from liaison.entities.types import Entity, IdentityDocument, Person, parse_entity

MATCH_KEY_KINDS = ("pname",)


def validate(payload: dict[str, Any]) -> Entity:
    """Turn form or API input into an entity, or a field-by-field explanation of what is wrong."""
    if not isinstance(payload, dict) or "type" not in payload:
        raise InvalidInput(_("Say what kind of entity this is."), fields={"type": _("Required.")})
    try:
        return parse_entity(payload)
    except ValidationError as exc:
        fields: dict[str, str] = {}
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ()) if str(p) != payload.get("type")]
            fields.setdefault(".".join(loc) or "entity", str(err.get("msg", "invalid")).removeprefix("Value error, "))
        raise InvalidInput(_("The entity has errors: correct the marked fields."), fields=fields) from None


def label_of(entity: Entity) -> str:
    if isinstance(entity, Person):
        extra = f" ({entity.birth_date})" if entity.birth_date else ""
        return (entity.primary_name + extra)[:300]
    if isinstance(entity, IdentityDocument):
        return f"{entity.document_type} {entity.number or ''} {entity.issuing_country or ''}".strip()[:300]
    values = [v for _k, v in entity.identifiers()]
    for attr in ("name", "number", "plate", "serial", "iban", "text", "city"):
        value = getattr(entity, attr, None)
        if value:
            values.insert(0, str(value))
            break
    return (" · ".join(dict.fromkeys(values)) or entity.type)[:300]


def _identifier_keys(entity: Entity) -> list[tuple[str, str]]:
    return list(dict.fromkeys((k, v[:200]) for k, v in entity.identifiers() if v))


def as_model(row: EntityRecord) -> Entity:
    return parse_entity(row.data)


def stored_problems(entity: Entity) -> list[str]:
    """The identifier warnings stored with an entity: in English, whichever language its author reads.

    Officers of every partner agency read the record, each in their own language, and the API returns the
    stored list as it is (a stable contract); pages word the warnings for their reader with
    :func:`problems_for_reader`.
    """
    with use_locale(DEFAULT):
        return entity.problems()


def problems_for_reader(row: EntityRecord) -> list[str]:
    """The entity's identifier warnings in the current reader's language, worked out again from its data.

    The stored list when the reader reads English or the data no longer parse (a record kept from an
    earlier version of the rules).
    """
    if not row.problems or current_locale() == DEFAULT:
        return list(row.problems)
    try:
        return as_model(row).problems()
    except (ValidationError, ValueError):
        return list(row.problems)


def add_entity(
    session: Session,
    actor: Actor,
    case_id: int,
    payload: dict[str, Any] | Entity,
    *,
    message_id: int | None = None,
) -> EntityRecord:
    """Record an entity on a case (and message); audited as a collection; matched at once."""
    case = cases.get_case(session, actor, case_id)
    handling = case.handling_code
    if message_id is None and not cases.case_data_shown(session, actor, [case.id]):
        # Recorded on the case, it would be shown to the owner and whoever the owner shares the case with.
        raise InvalidInput(
            _("Only the owner of the case and the agencies it shares the case with record entities on the case; "
              "record it on one of your messages."),
            fields={"message_id": _("Choose a message.")},
        )
    if message_id is not None:
        message = cases.get_message(session, actor, message_id)
        if message.case_id != case.id:
            raise InvalidInput(_("That message is not in this case."), fields={"message_id": _("Not in this case.")})
        handling = max(handling, message.handling_code)
    entity = payload if not isinstance(payload, dict) else validate(payload)
    now = utcnow()
    row = EntityRecord(
        case_id=case.id,
        message_id=message_id,
        owner_agency_id=actor.agency_id,
        type=entity.type,
        label=label_of(entity),
        data=entity.model_dump(mode="json", exclude_none=True),
        problems=stored_problems(entity),
        handling_code=entity.handling_code or handling,
        created_by_id=actor.user.id,
        created_at=now,
        updated_at=now,
    )
    row.keys = [EntityKey(kind=k, value=v) for k, v in _identifier_keys(entity)]
    session.add(row)
    session.flush()
    record(
        session,
        actor.ctx,
        Actions.COLLECTION,
        entity.type if entity.type == "person" else "entity",
        row.id,
        subjects=[("entity", row.id), ("case", case.id)] + ([("message", message_id)] if message_id else []),
        details={"type": entity.type, "problems": len(row.problems)},
    )
    hooks.fire("entity_saved", session=session, actor=actor, entity=row, model=entity)
    return row


def update_entity(session: Session, actor: Actor, entity_id: int, payload: dict[str, Any]) -> EntityRecord:
    row = get_entity(session, actor, entity_id, audit=False)
    if row.owner_agency_id != actor.agency_id:
        raise InvalidInput(_("Only the agency that recorded an entity can change it."))
    payload = {**payload, "type": row.type}
    entity = validate(payload)
    row.data = entity.model_dump(mode="json", exclude_none=True)
    row.label = label_of(entity)
    row.problems = stored_problems(entity)
    row.updated_at = utcnow()
    row.keys = [EntityKey(kind=k, value=v) for k, v in _identifier_keys(entity)]
    session.flush()
    record(
        session,
        actor.ctx,
        Actions.ALTERATION,
        "person" if row.type == "person" else "entity",
        row.id,
        subjects=[("entity", row.id)],
    )
    hooks.fire("entity_saved", session=session, actor=actor, entity=row, model=entity)
    return row


def replace_keys(session: Session, row: EntityRecord, kind: str, values: Iterable[str]) -> None:
    """Matching's way to store its own lookup keys (e.g. person blocking keys) on an entity."""
    row.keys = [k for k in row.keys if k.kind != kind] + [
        EntityKey(kind=kind, value=v[:200]) for v in sorted(set(values))
    ]
    session.flush()


def visible(actor: Actor) -> Any:
    """An entity is visible with its message; recorded on the case alone, it is the case's own data.

    The rule itself is in cases/access.py: ``message_visible`` and ``case_data_visible``.
    """
    return or_(
        and_(
            EntityRecord.message_id.is_not(None),
            EntityRecord.message_id.in_(select(Message.id).where(message_visible(actor.user))),
        ),
        and_(
            EntityRecord.message_id.is_(None),
            EntityRecord.case_id.in_(select(Case.id).where(case_data_visible(actor.user))),
        ),
    )


def can_see(session: Session, actor: Actor, entity_id: int) -> bool:
    stmt = select(EntityRecord.id).where(EntityRecord.id == entity_id, visible(actor))
    return session.execute(stmt).first() is not None


def get_entity(
    session: Session, actor: Actor, entity_id: int, *, audit: bool = True, justification: str = ""
) -> EntityRecord:
    row = session.execute(select(EntityRecord).where(EntityRecord.id == entity_id, visible(actor))).scalar_one_or_none()
    if row is None:
        raise not_found(actor.ctx, "entity", entity_id)
    if audit:
        record(
            session,
            actor.ctx,
            Actions.CONSULTATION,
            "person" if row.type == "person" else "entity",
            row.id,
            justification=justification,
            subjects=[("entity", row.id)],
        )
    return row


def for_case(session: Session, actor: Actor, case_id: int) -> list[EntityRecord]:
    cases.get_case(session, actor, case_id)
    rows = (
        session.execute(
            select(EntityRecord).where(EntityRecord.case_id == case_id, visible(actor)).order_by(EntityRecord.id)
        )
        .scalars()
        .all()
    )
    return list(rows)


def by_ids(session: Session, ids: Iterable[int]) -> dict[int, EntityRecord]:
    """For services that already decided what the caller may see (matching)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    return {r.id: r for r in session.execute(select(EntityRecord).where(EntityRecord.id.in_(wanted))).scalars()}


def batches_of_type(session: Session, entity_type: str, *, size: int = 1000) -> Iterator[list[EntityRecord]]:
    """Every stored entity of one type, in id order and batches, for maintenance (re-keying after the
    matcher's keys change); not for answering users, who only see what the access rule allows."""
    after = 0
    while True:
        rows = list(
            session.execute(
                select(EntityRecord)
                .where(EntityRecord.type == entity_type, EntityRecord.id > after)
                .order_by(EntityRecord.id)
                .limit(size)
            ).scalars()
        )
        if not rows:
            return
        yield rows
        after = rows[-1].id


def count_of_type(session: Session, entity_type: str) -> int:
    return int(session.execute(select(func.count()).where(EntityRecord.type == entity_type)).scalar_one())


def sharing_keys(
    session: Session, kind: str, values: Iterable[str], *, exclude: int | None = None, limit: int = 500
) -> list[int]:
    """Entities sharing keys of ``kind`` with ``values``, those sharing the most keys first — the matching probe.

    Ranking by shared keys means that when a very common name yields more candidates than ``limit``,
    the ones kept are those that also agree on birth year or given name, not an arbitrary subset.
    """
    values = list(set(values))
    if not values:
        return []
    shared = func.count(EntityKey.id)
    stmt = (
        select(EntityKey.entity_id, shared)
        .where(EntityKey.kind == kind, EntityKey.value.in_(values))
        .group_by(EntityKey.entity_id)
        .order_by(shared.desc(), EntityKey.entity_id)
        .limit(limit)
    )
    if exclude is not None:
        stmt = stmt.where(EntityKey.entity_id != exclude)
    return [int(eid) for eid, _n in session.execute(stmt).all()]


def data_of(session: Session, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The stored JSON of entities, without building ORM objects: the hot path of matching."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = session.execute(select(EntityRecord.id, EntityRecord.data).where(EntityRecord.id.in_(wanted)))
    return {int(i): d for i, d in rows.all()}


def identifier_matches(session: Session, keys: Iterable[tuple[str, str]]) -> list[tuple[int, str, str]]:
    pairs = [(k, v) for k, v in keys if k not in MATCH_KEY_KINDS]
    if not pairs:
        return []
    cond = or_(*[and_(EntityKey.kind == k, EntityKey.value == v) for k, v in pairs])
    return [
        (int(a), str(b), str(c))
        for a, b, c in session.execute(select(EntityKey.entity_id, EntityKey.kind, EntityKey.value).where(cond)).all()
    ]


def on_case_erased(session: Session, case_id: int, **_: Any) -> None:
    # The database cascades too; deleting here first lets matching forget the hits' notifications.
    ids = list(session.execute(select(EntityRecord.id).where(EntityRecord.case_id == case_id)).scalars())
    hooks.fire("entities_erased", session=session, entity_ids=ids)
    if ids:
        session.execute(delete(EntityKey).where(EntityKey.entity_id.in_(ids)))
        session.execute(delete(EntityRecord).where(EntityRecord.id.in_(ids)))

