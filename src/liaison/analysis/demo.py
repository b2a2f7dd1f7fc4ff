"""Demo data for link analysis: one network across the drug, migrant-smuggling and environmental cases.

The same phone, the same driver and the same van appear in three countries' cases: Albania's cannabis
case (export via Durrës), Serbia's migrant-smuggling route and North Macedonia's songbird-trapping case.
The engine finds the hits on its own; the owners of the Durrës and Preševo cases share them with
Montenegro's SPOC (a joint analysis), whose analyst (``me.analyst``) then sees both cases' people and
identifiers, and the Macedonian side only as "restricted — held by MK-ENV, ask". Everything goes through
the services (audited).
"""

from __future__ import annotations

import io
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.models import User
from liaison.accounts.service import Actor
from liaison.agencies.service import by_code
from liaison.cases import service as cases
from liaison.cases.models import Case
from liaison.entities import interchange
from liaison.entities import service as entities
from liaison.matching import service as matching
from liaison.matching.models import Hit

PHONE = "+381 64 555 0101"
PLATE = "SK-4821-AB"


def _actor(session: Session, username: str) -> Actor:
    return Actor(user=session.execute(select(User).where(User.username == username)).scalar_one(), ip="demo")


def _case(session: Session, title_start: str) -> Case | None:
    return session.execute(select(Case).where(Case.title.startswith(title_start))).scalars().first()


def seed_network(session: Session, password: str) -> None:
    """Idempotent: does nothing if the demo's cases are missing or the network is already there."""
    drugs = _case(session, "Cannabis cultivation and export via Durrës")
    route = _case(session, "Migrant smuggling route")
    birds = _case(session, "Songbird trapping")
    me_spoc = by_code(session, "ME-SPOC")
    if drugs is None or route is None or birds is None or me_spoc is None:
        return
    if any(e.data.get("number") == PHONE for e in session.execute(
        select(entities.EntityRecord).where(entities.EntityRecord.case_id == route.id)
    ).scalars()):
        return
    al, rs, mk = _actor(session, "al.officer"), _actor(session, "rs.spoc"), _actor(session, "mk.env")
    driver = {"type": "person", "birth_date": "1984-06-02", "sex": "M", "nationality": "RS",
              "data_subject_category": "suspect"}
    # Serbia: the driver stopped at Tabanovce, his phone and the van.
    entities.add_entity(session, rs, route.id, {**driver, "names": ["Никола Станковић"]})
    entities.add_entity(session, rs, route.id, {"type": "phone", "number": PHONE})
    entities.add_entity(session, rs, route.id, {"type": "vehicle", "plate": PLATE, "plate_country": "MK",
                                                 "make": "Ford", "model": "Transit"})
    # North Macedonia (NEST): the same van and driver caught with trapped songbirds.
    entities.add_entity(session, mk, birds.id, {**driver, "names": ["STANKOVIC<<NIKOLA"]})
    entities.add_entity(session, mk, birds.id, {"type": "vehicle", "plate": PLATE, "plate_country": "MK"})
    # Albania: the phone in a speedboat skipper's contacts, and the exporting company with its director (FtM
    # import, with a Membership relationship that becomes a link of the graph).
    entities.add_entity(session, al, drugs.id, {"type": "phone", "number": PHONE})
    lines = [
        {"id": "demo-ilic", "schema": "Person",
         "properties": {"name": ["Marko Ilić"], "birthDate": ["1988-02-14"], "nationality": ["me"]}},
        {"id": "demo-adriatic", "schema": "Organization",
         "properties": {"name": ["Adriatic Fruit Trading DOO"], "country": ["mk"]}},
        {"id": "demo-ilic-adriatic", "schema": "Membership",
         "properties": {"member": ["demo-ilic"], "organization": ["demo-adriatic"], "role": ["director"],
                        "startDate": ["2021-03-01"]}},
    ]
    interchange.import_case(session, al, drugs.id, io.StringIO("\n".join(json.dumps(x) for x in lines)))
    cases.share_case(session, al, drugs.id, me_spoc.id, "Joint analysis of the Durrës cannabis network")
    cases.share_case(session, rs, route.id, me_spoc.id, "Joint analysis: the driver's phone appears in Durrës")
    # Serbia confirms the phone hit with Albania; the van and driver hits with North Macedonia stay pending.
    for hit in session.execute(select(Hit).where(Hit.status == "new")).scalars().all():
        if {hit.agency_a_id, hit.agency_b_id} == {rs.agency_id, al.agency_id}:
            matching.decide(session, rs, hit.id, "confirmed", "Same subscriber (demo)")
    session.flush()


def rebuild_projection(session: Session, password: str) -> None:
    """The demo's earlier steps write some rows directly: fill the edge projection from every table."""
    from liaison.analysis.projection import rebuild

    session.flush()
    rebuild(session)
