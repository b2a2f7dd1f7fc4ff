"""Searching within the user's rights: entities (fuzzy by name, exact by identifier) and the one search box.

Names go through the name model (:mod:`liaison.matching.names`): any script, any transliteration
(Петровић finds Petrović and PETROWITSCH), and a surname or a given name alone. Identifiers go through
the normalisers of :mod:`liaison.entities.identifiers`; a phone number written in national form
(``070 123 456``) is read in the searching agency's country. Every search is audited by keyed digest
(:func:`liaison.cases.service.query_digest`), never by what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.cases import references
from liaison.cases import service as cases
from liaison.cases.models import Case, Message
from liaison.core.audit import Actions, record
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.entities import service
from liaison.entities.identifiers import NORMALISERS, normalise
from liaison.entities.identifiers.phone import KIND as PHONE
from liaison.entities.models import EntityKey, EntityRecord
from liaison.entities.types import Person
from liaison.matching.dedupe import name_parts
from liaison.matching.index import index_keys
from liaison.matching.names import normalise_name, score_names

#: How many visible candidates to score for a fuzzy name search.
MAX_SCORED = 2000
#: A name scoring at least this against the query is shown.
NAME_FLOOR = 0.8

_FOLD = str.maketrans("zc", "ss")


def _country(actor: Actor) -> str | None:
    agency = actor.user.agency
    return agency.country_code if agency is not None else None


def _identifier_values(actor: Actor, identifier: str, kind: str | None) -> set[tuple[str, str]]:
    """The canonical keys the text could be, one per identifier kind that accepts it."""
    kinds = [kind] if kind else [k for k in NORMALISERS if k != "mrz"]
    values: set[tuple[str, str]] = set()
    for k in kinds:
        if k not in NORMALISERS:
            raise InvalidInput(_("Unknown identifier kind."), fields={"kind": ", ".join(sorted(NORMALISERS))})
        try:
            # A national phone number is read in the searching agency's country (its default region).
            values.add((k, normalise(k, identifier, _country(actor) if k == PHONE else None).value))
        except ValueError:
            continue
    return values


def _by_identifier(session: Session, actor: Actor, identifier: str, kind: str | None, limit: int) -> list[EntityRecord]:
    values = _identifier_values(actor, identifier, kind)
    ids = {eid for eid, _k, _v in service.identifier_matches(session, values)}
    if not ids:
        return []
    stmt = select(EntityRecord).where(EntityRecord.id.in_(ids), service.visible(actor)).order_by(EntityRecord.id)
    return list(session.execute(stmt.limit(limit)).scalars())


def _name_score(query: str, names: list[str]) -> float:
    """How well the query names one of the person's names; a one-word query is compared word by word,
    so a surname (or a given name) alone finds the person in any script."""
    words = [t for t in normalise_name(query).tokens if t.key]
    if len(words) == 1:
        return max(
            (score_names(query, tok.text) for n in names for tok in normalise_name(n).tokens if tok.key), default=0.0
        )
    return max((score_names(query, n) for n in names), default=0.0)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _by_name(session: Session, actor: Actor, name: str, birth_year: int | None, limit: int) -> list[EntityRecord]:
    keys = index_keys(name, birth_year)
    # A surname or a given name alone: every stored name key that starts with it (N:<surname>|<given>,
    # and the reversed reading the stored keys carry too).
    prefixes = {f"N:{sur.translate(_FOLD)[:4]}|" for sur, giv in name_parts(name) if not giv}
    like = [EntityKey.value.like(_escape(p) + "%", escape="\\") for p in prefixes]
    match = or_(EntityKey.value.in_(keys), *like)
    stmt = (
        select(EntityRecord)
        .join(EntityKey, EntityKey.entity_id == EntityRecord.id)
        .where(EntityKey.kind == "pname", match, service.visible(actor))
        .limit(MAX_SCORED)
    )
    scored = []
    for row in set(session.execute(stmt).scalars()):
        person = service.as_model(row)
        if not isinstance(person, Person):
            continue
        if birth_year and person.birth_date and not person.birth_date.startswith(str(birth_year)):
            continue
        best = _name_score(name, [*person.names, *person.aliases])
        if best >= NAME_FLOOR:
            scored.append((best, row))
    return [r for _s, r in sorted(scored, key=lambda t: (-t[0], t[1].id))][:limit]


def _audit(session: Session, actor: Actor, query: str, rows: list[EntityRecord]) -> None:
    record(
        session,
        actor.ctx,
        Actions.CONSULTATION,
        "search",
        cases.query_digest(query),
        subjects=[("entity", r.id) for r in rows],
        details={"kind": "entity", "results": len(rows)},
    )


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
    """Entities the user may see, by identifier (exact, normalised) or by name (fuzzy, any script)."""
    if not name.strip() and not identifier.strip():
        raise InvalidInput(_("Give a name or an identifier."), fields={"name": _("Name or identifier required.")})
    if identifier.strip():
        rows = _by_identifier(session, actor, identifier, kind, limit)
    else:
        rows = _by_name(session, actor, name, birth_year, limit)
    _audit(session, actor, name or identifier, rows)
    return rows


@dataclass
class SearchResult:
    """What the one search box found: cases, messages and people (and identifiers), all within the rights."""

    cases: list[Case] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    people: list[EntityRecord] = field(default_factory=list)
    #: The reference of each person's case, shown instead of an internal id.
    case_refs: dict[int, str] = field(default_factory=dict)


def search_all(session: Session, actor: Actor, query: str, *, limit: int = 50) -> SearchResult:
    """The header search: cases and messages (the cases service), people by name and identifiers.

    A query is read both ways: as a name (if it has letters) and as an identifier (a phone number, a
    document number, a plate…), so ``Петровић``, ``070 123 456`` and ``008654321`` all work in one box.
    """
    query = (query or "").strip()
    found_cases, found_messages = cases.search(session, actor, query, limit=limit)
    people: dict[int, EntityRecord] = {}
    for row in _by_identifier(session, actor, query, None, limit):
        people.setdefault(row.id, row)
    if any(ch.isalpha() for ch in query):
        for row in _by_name(session, actor, query, None, limit):
            people.setdefault(row.id, row)
    rows = list(people.values())[:limit]
    _audit(session, actor, query, rows)
    refs = references.reference_of(session, [r.case_id for r in rows])
    return SearchResult(list(found_cases), list(found_messages), rows, refs)
