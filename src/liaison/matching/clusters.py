"""Which person entities are one person: the grouping that lets a count of arrests count each person once.

The decision is the matcher's own, never a second rule: a hit the engine recorded between two entities
(``new`` or ``confirmed``) joins them, a hit an officer rejected keeps them apart, and two entities with no
hit between them (recorded on the same case, where the engine raises no hit) are joined when
:func:`liaison.matching.persons.match_persons` says they are the same person. Groups are the connected
components of those links.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.entities import service as entities
from liaison.matching import persons as pm
from liaison.matching.models import Hit
from liaison.matching.service import _match_person_from_data


def same_person_groups(session: Session, entity_ids: Iterable[int]) -> list[list[int]]:
    """Partition ``entity_ids`` into groups of one person each (each group sorted, groups by first id)."""
    ids = sorted(set(entity_ids))
    parent = {i: i for i in ids}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    if len(ids) > 1:
        decided: dict[tuple[int, int], str] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows = session.execute(
                select(Hit.entity_a_id, Hit.entity_b_id, Hit.status).where(
                    Hit.entity_a_id.in_(part), Hit.entity_b_id.in_(ids)
                )
            ).all()
            decided.update({(int(a), int(b)): str(s) for a, b, s in rows})
        for (a, b), status in decided.items():
            if status != "rejected":
                union(a, b)
        people = {
            i: p for i, p in ((i, _match_person_from_data(d)) for i, d in entities.data_of(session, ids).items()) if p
        }
        # Block by birth year: the decision never merges persons whose years differ.
        blocks: dict[str, list[int]] = {}
        for i, person in people.items():
            year = pm.parse_date(person.birth_date)
            blocks.setdefault(str(year.year) if year and year.year else "?", []).append(i)
        for block in blocks.values():
            for x, a in enumerate(block):
                for b in block[x + 1 :]:
                    if (a, b) in decided or find(a) == find(b):
                        continue
                    if pm.match_persons(people[a], people[b]).is_match:
                        union(a, b)
    groups: dict[int, list[int]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
