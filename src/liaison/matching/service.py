"""Automatic hit/no-hit: every saved entity is matched against every entity of every other case.

Matching runs inside the transaction that saves the entity, so a hit and its notifications reach
both owning agencies as soon as the entity is committed (well within a second), and PostgreSQL stays
the only source of truth: person blocking keys and identifiers live in ``entity_key``, so any number
of app processes see the same index without a cache to keep consistent.

What the other side sees follows the Prüm / FIU.net Ma3tch principle: an agency that may not see the
other record learns only that a hit exists, which agency holds it and how to ask — never its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.core import hooks, limits
from liaison.core.audit import Actions, not_found, record
from liaison.core.errors import Forbidden, InvalidInput
from liaison.core.i18n import _
from liaison.core.timeutil import utcnow
from liaison.entities import service as entities
from liaison.entities.models import EntityRecord
from liaison.entities.types import Entity, IdentityDocument, Person
from liaison.matching import persons as pm
from liaison.matching.dedupe import name_parts, skeleton_parts
from liaison.matching.index import index_keys
from liaison.matching.models import Hit
from liaison.notifications.service import forget_links, notify

MAX_CANDIDATES = 500


_KEY_FOLD = str.maketrans("zc", "ss")


def _date_parts(birth_date: str | None) -> tuple[str, str, str] | None:
    parsed = pm.parse_date(birth_date)
    if parsed is None or parsed.year is None:
        return None
    return (
        f"{parsed.year:04d}",
        f"{parsed.month:02d}" if parsed.month else "",
        f"{parsed.day:02d}" if parsed.day else "",
    )


def person_keys(person: Person, *, probe: bool = False) -> set[str]:
    """Keys stored for (or probed with) a person entity; see :func:`keys_for`."""
    return keys_for([*person.names, *person.aliases], person.birth_date, probe=probe)


def keys_for(names: list[str], birth_date: str | None, *, probe: bool = False) -> set[str]:
    """Blocking keys of a person for the app's PostgreSQL matching path.

    They follow the person decision (:mod:`liaison.matching.persons`), which merges names only when
    the birth dates agree at least to year and month, or fully with day and month swapped. So a
    full date is keyed with its day and month in sorted order (exact and swapped dates meet) under the
    surname and, separately, under the given name and surname initial (a slip in either still meets);
    a year-and-month date is keyed by month, on partial records (``MP``) and full ones (``MF``). A year
    alone gives no key: it could never merge. Stored records and probes use different month keys so a
    full-date probe does not pull in every full-date namesake born in the same month.
    """
    parts = _date_parts(birth_date)
    year_int = int(parts[0]) if parts else None
    # Name keys (N:, and S:/G: with the year) serve entity search by name and birth year, not the probe.
    keys: set[str] = set() if probe else {k for name in names for k in index_keys(name, year_int)}
    if parts is None:
        return keys
    year, month, day = parts
    for name in names:
        for sur, giv in name_parts(name):
            sur, giv = sur.translate(_KEY_FOLD)[:4], giv.translate(_KEY_FOLD)[:3]
            if month and day:
                md = "-".join(sorted((month, day)))
                keys.add(f"D:{sur}|{year}|{md}")
                if giv:
                    keys.add(f"E:{giv}|{sur[:1]}|{year}|{md}")
                keys.add(f"{'MP' if probe else 'MF'}:{sur}|{year}-{month}")
            elif month:
                keys.add(f"MP:{sur}|{year}-{month}")
                if probe:
                    keys.add(f"MF:{sur}|{year}-{month}")
        if month and day:
            # Consonant skeletons: a name in Arabic or Hebrew script meets its Latin spelling.
            md = "-".join(sorted((month, day)))
            for ss, sg in skeleton_parts(name):
                keys.add(f"K:{ss}|{sg}|{year}|{md}")
    return keys


@dataclass
class Candidate:
    entity_id: int
    score: float
    kind: str
    explanation: list[dict[str, Any]]


def _country_of(model: Entity) -> str | None:
    if isinstance(model, IdentityDocument):
        return model.issuing_country
    return getattr(model, "plate_country", None) or getattr(model, "country", None)


def _match_person_from_data(data: dict[str, Any]) -> pm.Person | None:
    """The fields person matching uses, read from an entity's JSON (stored rows and new entities alike)."""
    names = data.get("names") or []
    if data.get("type") != "person" or not names:
        return None
    sex = data.get("sex")
    nationality = data.get("nationality") or []
    return pm.Person(
        name=names[0],
        birth_date=data.get("birth_date"),
        sex=sex if sex in ("M", "F") else None,
        nationality=nationality[0] if nationality else None,
        aliases=tuple(names[1:] + list(data.get("aliases") or [])),
    )


def probe_person(session: Session, person: Person, *, exclude: int | None = None) -> list[Candidate]:
    """Stored persons that match ``person``: blocking keys → ranked candidates → person decision.

    The keys (:func:`person_keys`) carry the birth date as precisely as the person decision needs it, so
    even a very common name yields only the few namesakes born on that day (or month) to score.
    """
    keys = person_keys(person, probe=True)
    if not keys:
        return []
    ids = entities.sharing_keys(session, "pname", keys, exclude=exclude, limit=MAX_CANDIDATES)
    mine = _match_person_from_data(person.model_dump(mode="json"))
    assert mine is not None
    found = []
    for other_id, data in entities.data_of(session, ids).items():
        theirs = _match_person_from_data(data)
        if theirs is None:
            continue
        verdict = pm.match_persons(mine, theirs)
        if verdict.is_match:
            found.append(Candidate(other_id, round(verdict.score, 4), "person", verdict.explanation()))
    return found


def candidates(session: Session, row: EntityRecord, model: Entity) -> list[Candidate]:
    """Every entity of another case that this one matches, with the reason."""
    found: dict[int, Candidate] = {}
    my_country = _country_of(model)
    for other_id, kind, _value in entities.identifier_matches(session, [(k.kind, k.value) for k in row.keys]):
        if other_id == row.id:
            continue
        found[other_id] = Candidate(
            other_id,
            1.0,
            kind,
            [{"field": kind, "outcome": "same", "detail": f"same normalised {kind}", "weight": 1.0}],
        )
    if isinstance(model, Person):
        entities.replace_keys(session, row, "pname", person_keys(model))
        for cand in probe_person(session, model, exclude=row.id):
            found[cand.entity_id] = cand
    others = entities.by_ids(session, found)
    result: list[Candidate] = []
    for cand in found.values():
        other = others[cand.entity_id]
        if other.case_id == row.case_id:
            continue  # the same case already holds both: nothing to tell anyone
        if my_country and cand.kind != "person":
            theirs = entities.as_model(other)
            their_country = _country_of(theirs)
            if their_country and their_country != my_country:
                continue  # a document or plate number only identifies within its country
        result.append(cand)
    return result


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def rekey_persons(session: Session, *, batch: int = 1000, progress: Any = None) -> int:
    """Recompute every stored person's blocking keys with the current name model.

    Keys are stored when an entity is saved; when the name model learns new keys (a new script, the
    consonant skeletons of Arabic and Hebrew names), people stored before would never meet new records
    written in another script. Run once after an upgrade (``liaison persons rekey``); idempotent.
    """
    done = 0
    for rows in entities.batches_of_type(session, "person", size=batch):
        for row in rows:
            model = entities.as_model(row)
            if isinstance(model, Person):
                entities.replace_keys(session, row, "pname", person_keys(model))
        done += len(rows)
        if progress is not None:
            progress(len(rows))
    return done


def on_entity_saved(session: Session, actor: Actor, entity: EntityRecord, model: Entity, **kwargs: Any) -> None:
    record_hits(session, actor, entity, model)


def record_hits(session: Session, actor: Actor, entity: EntityRecord, model: Entity) -> list[Hit]:
    hits: list[Hit] = []
    found = candidates(session, entity, model)
    others = entities.by_ids(session, [c.entity_id for c in found])
    for cand in found:
        other = others[cand.entity_id]
        a, b = _pair(entity.id, other.id)
        hit = session.execute(select(Hit).where(Hit.entity_a_id == a, Hit.entity_b_id == b)).scalar_one_or_none()
        if hit is not None:
            if hit.status == "rejected":
                continue  # a rejected pair does not alert again
            hit.score, hit.explanation, hit.updated_at = cand.score, cand.explanation, utcnow()
            continue
        first, second = (entity, other) if entity.id == a else (other, entity)
        hit = Hit(
            entity_a_id=a,
            entity_b_id=b,
            agency_a_id=first.owner_agency_id,
            agency_b_id=second.owner_agency_id,
            kind=cand.kind,
            score=cand.score,
            explanation=cand.explanation,
        )
        session.add(hit)
        session.flush()
        hits.append(hit)
        text = _("Hit") + f" #{hit.id}: {cand.kind} ({cand.score:.2f})"
        for agency_id in {first.owner_agency_id, second.owner_agency_id}:
            notify(session, agency_id, "hit", text, f"/hits/{hit.id}", details={"hit": hit.id})
        record(
            session,
            actor.ctx,
            Actions.COMBINATION,
            "hit",
            hit.id,
            subjects=[("entity", a), ("entity", b)],
            details={"kind": cand.kind, "score": cand.score},
        )
    return hits


@dataclass
class HitSide:
    entity_id: int
    agency: Agency
    visible: bool
    label: str = ""
    type: str = ""
    case_id: int | None = None
    message_id: int | None = None


@dataclass
class HitView:
    hit: Hit
    mine: HitSide
    other: HitSide
    #: The reader's agency owns one of the two records: it confirms or rejects the hit.
    owned: bool = False
    reader_agency_id: int = 0

    @property
    def holder(self) -> Agency | None:
        """The agency to ask for the other record; None when the reader's agency holds it already."""
        return None if self.other.agency.id == self.reader_agency_id else self.other.agency

    @property
    def how_to_ask(self) -> str:
        return _("Send a request to %(agency)s through your SPOC, quoting hit #%(id)s.") % {
            "agency": self.other.agency.label,
            "id": self.hit.id,
        }


def _side(session: Session, actor: Actor, row: EntityRecord | None, entity_id: int, agency_id: int) -> HitSide:
    agency = session.get(Agency, agency_id)
    assert agency is not None
    if row is None or not entities.can_see(session, actor, entity_id):
        return HitSide(entity_id=entity_id, agency=agency, visible=False)
    return HitSide(
        entity_id=entity_id,
        agency=agency,
        visible=True,
        label=row.label,
        type=row.type,
        case_id=row.case_id,
        message_id=row.message_id,
    )


def view(session: Session, actor: Actor, hit: Hit) -> HitView:
    rows = entities.by_ids(session, [hit.entity_a_id, hit.entity_b_id])
    a = _side(session, actor, rows.get(hit.entity_a_id), hit.entity_a_id, hit.agency_a_id)
    b = _side(session, actor, rows.get(hit.entity_b_id), hit.entity_b_id, hit.agency_b_id)
    mine, other = (a, b) if hit.agency_a_id == actor.agency_id and a.visible else (b, a)
    if not mine.visible and other.visible:
        mine, other = other, mine
    owned = actor.agency_id in (hit.agency_a_id, hit.agency_b_id)
    return HitView(hit=hit, mine=mine, other=other, owned=owned, reader_agency_id=actor.agency_id)


def _known_to(actor: Actor) -> Any:
    """A hit is known to the agencies that own either record and to every agency that may see either record.

    An agency that sees a record through the access rule (the addressee of the request that carries the
    person, say) must be able to open the hit it is shown on the case panel; what it learns of each side
    still follows :func:`_side` (Prüm: a side it may not see is only "held by").
    """
    seen = select(EntityRecord.id).where(entities.visible(actor))
    return or_(
        Hit.agency_a_id == actor.agency_id,
        Hit.agency_b_id == actor.agency_id,
        Hit.entity_a_id.in_(seen),
        Hit.entity_b_id.in_(seen),
    )


def hits_for(session: Session, actor: Actor, *, status: str | None = None, limit: int = 200) -> list[HitView]:
    stmt = select(Hit).where(_known_to(actor))
    if status:
        stmt = stmt.where(Hit.status == status)
    rows = session.execute(stmt.order_by(Hit.id.desc()).limit(limit)).scalars().all()
    return [view(session, actor, h) for h in rows]


def get_hit(session: Session, actor: Actor, hit_id: int) -> HitView:
    hit = session.execute(select(Hit).where(Hit.id == hit_id, _known_to(actor))).scalar_one_or_none()
    if hit is None:
        raise not_found(actor.ctx, "hit", hit_id)
    hv = view(session, actor, hit)
    subjects = [("entity", s.entity_id) for s in (hv.mine, hv.other) if s.visible]
    record(session, actor.ctx, Actions.CONSULTATION, "hit", hit.id, subjects=subjects)
    return hv


def decide(session: Session, actor: Actor, hit_id: int, status: str, note: str = "") -> HitView:
    if status not in ("confirmed", "rejected"):
        raise InvalidInput(_("Confirm or reject the hit."), fields={"status": _("confirmed or rejected")})
    if len(note) > limits.NOTE:
        raise InvalidInput(_("The decision was not recorded."), fields={"note": limits.too_long(limits.NOTE)})
    hv = get_hit(session, actor, hit_id)
    if not hv.owned:
        raise Forbidden(_("Only the agencies that hold the two records confirm or reject a hit."))
    hv.hit.status, hv.hit.decided_by_id, hv.hit.decided_at = status, actor.user.id, utcnow()
    hv.hit.decision_note = note.strip()
    hooks.fire("hit_decided", session=session, actor=actor, hit=hv.hit)
    record(
        session,
        actor.ctx,
        Actions.ALTERATION,
        "hit",
        hit_id,
        justification=note,
        details={"status": status},
        subjects=[("entity", hv.hit.entity_a_id), ("entity", hv.hit.entity_b_id)],
    )
    return hv


@dataclass
class RequestDraft:
    """What a request to the holder of a hit's other record says before the reader completes it."""

    hit_id: int
    holder: Agency
    subject: str
    purpose: str
    body: str
    #: The reader's own case that holds its side of the hit, where the request naturally belongs.
    own_case_id: int | None


def request_draft(session: Session, actor: Actor, hit_id: int) -> RequestDraft:
    """The pre-filled request to the agency holding the other record (Prüm: the way to ask for it).

    Subject and purpose name the hit; the legal basis is left to the reader, who must choose it.
    """
    hv = get_hit(session, actor, hit_id)
    holder = hv.holder
    if holder is None:
        raise InvalidInput(_("Your agency holds both records of this hit: there is no one to ask."))
    what = hv.mine.label if hv.mine.visible else hv.hit.kind
    subject = (_("Hit #%(id)s: request for the record you hold") % {"id": hv.hit.id})[: limits.SUBJECT]
    purpose = _(
        "Hit #%(id)s (%(kind)s, score %(score).2f) links our record %(what)s to a record held by %(holder)s; "
        "we ask for that record to establish whether they concern the same subject."
    ) % {"id": hv.hit.id, "kind": hv.hit.kind, "score": hv.hit.score, "what": what, "holder": holder.label}
    body = _("Please send the data you hold on the record matched by hit #%(id)s and any related case.") % {
        "id": hv.hit.id
    }
    own_case = hv.mine.case_id if hv.mine.visible and hv.mine.agency.id == actor.agency_id else None
    return RequestDraft(hv.hit.id, holder, subject, purpose[: limits.NOTE], body, own_case)


def hits_for_entities(session: Session, actor: Actor, entity_ids: list[int]) -> dict[int, list[HitView]]:
    """The incoming-request cross-check: what the system already holds on these entities."""
    if not entity_ids:
        return {}
    rows = (
        session.execute(
            select(Hit).where(
                or_(Hit.entity_a_id.in_(entity_ids), Hit.entity_b_id.in_(entity_ids)), Hit.status != "rejected"
            )
        )
        .scalars()
        .all()
    )
    out: dict[int, list[HitView]] = {}
    for hit in rows:
        hv = view(session, actor, hit)
        for eid in (hit.entity_a_id, hit.entity_b_id):
            if eid in entity_ids:
                out.setdefault(eid, []).append(hv)
    return out


def on_entities_erased(session: Session, entity_ids: list[int], **_: Any) -> None:
    if not entity_ids:
        return
    hit_ids = (
        session.execute(select(Hit.id).where(or_(Hit.entity_a_id.in_(entity_ids), Hit.entity_b_id.in_(entity_ids))))
        .scalars()
        .all()
    )
    for hid in hit_ids:
        forget_links(session, f"/hits/{hid}")
        session.execute(delete(Hit).where(Hit.id == hid))

