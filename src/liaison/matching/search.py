"""Searching entities: fuzzy by name (and birth year) or exact by identifier, within the user's rights."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.core.audit import Actions, record
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.entities import service
from liaison.entities.identifiers import NORMALISERS, normalise
from liaison.entities.models import EntityKey, EntityRecord
from liaison.entities.types import Person

#: How many visible candidates to score for a fuzzy name search.
MAX_SCORED = 2000


def find(
    session: Session,
    actor: Actor,
    *,
    name: str = "",
    birth_year: int | None = None,
    identifier: str = "",
    kind: str | None = None,
    limit: int = 50,
) -> list[EntityRecord]:
    from liaison.cases.service import query_digest
    from liaison.matching.index import index_keys
    from liaison.matching.names import score_names

    if not name.strip() and not identifier.strip():
        raise InvalidInput(_("Give a name or an identifier."), fields={"name": _("Name or identifier required.")})
    rows: list[EntityRecord] = []
    if identifier.strip():
        kinds = [kind] if kind else [k for k in NORMALISERS if k != "mrz"]
        values: set[tuple[str, str]] = set()
        for k in kinds:
            if k not in NORMALISERS:
                raise InvalidInput(_("Unknown identifier kind."), fields={"kind": ", ".join(sorted(NORMALISERS))})
            try:
                values.add((k, normalise(k, identifier).value))
            except ValueError:
                continue
        ids = {eid for eid, _k, _v in service.identifier_matches(session, values)}
        stmt = select(EntityRecord).where(EntityRecord.id.in_(ids), service.visible(actor)).limit(limit)
        rows = list(session.execute(stmt).scalars())
    else:
        keys = index_keys(name, birth_year) if birth_year else index_keys(name, None)
        stmt = (
            select(EntityRecord)
            .join(EntityKey, EntityKey.entity_id == EntityRecord.id)
            .where(EntityKey.kind == "pname", EntityKey.value.in_(keys), service.visible(actor))
            .limit(MAX_SCORED)
        )
        scored = []
        for row in set(session.execute(stmt).scalars()):
            person = service.as_model(row)
            if not isinstance(person, Person):
                continue
            if birth_year and person.birth_date and not person.birth_date.startswith(str(birth_year)):
                continue
            best = max(score_names(name, n) for n in [*person.names, *person.aliases])
            if best >= 0.8:
                scored.append((best, row))
        rows = [r for _s, r in sorted(scored, key=lambda t: (-t[0], t[1].id))][:limit]
    record(
        session,
        actor.ctx,
        Actions.CONSULTATION,
        "search",
        query_digest(name or identifier),
        subjects=[("entity", r.id) for r in rows],
        details={"kind": "entity", "results": len(rows)},
    )
    return rows
