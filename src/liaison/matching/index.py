"""In-memory candidate index for online person matching (a new person → candidate hits).

Sized for a million persons and five million identifiers in one process: per person the index
keeps its name string, a packed birth date (``yyyymmdd`` with 0 for unknown month/day) and small
codes for sex and nationality; per blocking key a compact ``array('i')`` of row numbers; per
identifier one dict entry from a 64-bit hash of the normalised value to a row.  No per-person
Python objects beyond the name string are kept, which is what keeps a million persons well under
the 3 GB budget.

Blocking keys (the same folded keys as :mod:`.dedupe`, so scripts and conventions meet):

* ``S:<surname 4>|<year>`` and ``G:<given 3>|<surname initial>|<year>`` for queries with a
  birth year;
* ``N:<surname 4>|<given 3>`` for queries without one;
* ``K:<surname skeleton>|<given skeleton 2>|<year>``: consonant skeletons, so that a name in a
  script without written vowels (محمد بن سلمان) meets its Latin spelling.

Consistency with several application processes: PostgreSQL stays the system of record.  Each
process builds its own index at start-up from the database, remembering the highest value of the
entity change sequence it has read; every write commits the change and its sequence number in
the same transaction and sends ``NOTIFY``.  Processes ``LISTEN`` and apply changes in sequence
order (``add`` / ``remove`` are idempotent per id); on reconnect, or when a gap in the sequence
is seen, a process re-reads all changes since its last sequence number.  Candidates from the
index are always re-checked against the database row before a hit is stored, so a briefly stale
index can delay a hit but never create one from deleted data.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from .dedupe import name_parts, skeleton_parts
from .names import score_names
from .persons import Person, match_persons, parse_date

CANDIDATE_NAME_FLOOR: Final[float] = 0.7
_FOLD: Final[dict[int, int]] = str.maketrans("zc", "ss")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate hit for a query: the indexed id, the person score and the decision."""

    id: str
    score: float
    is_match: bool
    shared_identifier: bool


def _pack_date(text: str | None) -> int:
    d = parse_date(text)
    if d is None:
        return 0
    return d.year * 10_000 + (d.month or 0) * 100 + (d.day or 0)


def _unpack_date(v: int) -> str | None:
    if v == 0:
        return None
    y, m, d = v // 10_000, (v // 100) % 100, v % 100
    if m == 0:
        return f"{y:04d}"
    if d == 0:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _date_compatible(q: int, q_md: int, other: int) -> bool:
    """Could two packed birth dates belong to one person (same, swapped, or less precise)?

    Mirrors :func:`~liaison.matching.persons.compare_dates` on packed integers so that the
    query loop rejects most of a block without building objects.
    """
    if other == 0:
        return True
    if other // 10_000 != q // 10_000:
        return False
    o_md = other % 10_000
    if o_md == q_md:
        return True
    qm, qd, om, od = q_md // 100, q_md % 100, o_md // 100, o_md % 100
    if qm == 0 or om == 0:
        return True
    if qd == 0 or od == 0:
        return qm == om or (qd != 0 and qd == om) or (od != 0 and od == qm)
    return qm == od and qd == om


def index_keys(name: str, year: int | None) -> set[str]:
    """Keys under which a person is stored (and looked up)."""
    keys: set[str] = set()
    for sur, giv in name_parts(name):
        sur, giv = sur.translate(_FOLD), giv.translate(_FOLD)
        keys.add(f"N:{sur[:4]}|{giv[:3]}")
        if year is not None:
            keys.add(f"S:{sur[:4]}|{year}")
            if giv:
                keys.add(f"G:{giv[:3]}|{sur[:1]}|{year}")
    if year is not None:
        # Consonant skeletons: an Arabic- or Hebrew-script name meets its Latin spelling.
        for ss, sg in skeleton_parts(name):
            keys.add(f"K:{ss}|{sg}|{year}")
    return keys


def _ident_hash(value: str) -> int:
    return hash(value.strip().upper())


class PersonIndex:
    """Add and remove person records by id; query a new person for candidate ids with scores."""

    def __init__(self) -> None:
        self._ids: list[str | None] = []
        self._row_of: dict[str, int] = {}
        self._names: list[str] = []
        self._dates = array("i")
        self._sex = bytearray()
        self._nat: list[str] = []
        self._nat_code: dict[str, int] = {"": 0}
        self._nat_idx = array("H")
        self._blocks: dict[str, array[int]] = {}
        self._ident: dict[int, int | list[int]] = {}
        self._live = 0
        self._nat.append("")

    def __len__(self) -> int:
        return self._live

    def add(self, pid: str, person: Person) -> None:
        """Index ``person`` under ``pid`` (re-adding an id replaces the earlier record)."""
        if pid in self._row_of:
            self.remove(pid)
        row = len(self._ids)
        self._ids.append(pid)
        self._row_of[pid] = row
        self._names.append(person.name)
        packed = _pack_date(person.birth_date)
        self._dates.append(packed)
        sex = (person.sex or "").upper()[:1]
        self._sex.append(1 if sex == "M" else 2 if sex == "F" else 0)
        nat = (person.nationality or "").upper()
        code = self._nat_code.get(nat)
        if code is None:
            code = len(self._nat)
            self._nat_code[nat] = code
            self._nat.append(nat)
        self._nat_idx.append(code)
        year = packed // 10_000 if packed else None
        for name in (person.name, *person.aliases):
            for k in index_keys(name, year):
                arr = self._blocks.get(k)
                if arr is None:
                    self._blocks[k] = array("i", (row,))
                else:
                    arr.append(row)
        for ident in person.identifiers:
            h = _ident_hash(ident)
            cur = self._ident.get(h)
            if cur is None:
                self._ident[h] = row
            elif isinstance(cur, list):
                cur.append(row)
            else:
                self._ident[h] = [cur, row]
        self._live += 1

    def add_many(self, items: Iterable[tuple[str, Person]]) -> None:
        for pid, person in items:
            self.add(pid, person)

    def remove(self, pid: str) -> bool:
        """Forget ``pid``; its row becomes a tombstone skipped by queries.  False if unknown."""
        row = self._row_of.pop(pid, None)
        if row is None:
            return False
        self._ids[row] = None
        self._live -= 1
        return True

    def lookup_identifier(self, value: str) -> list[str]:
        """Ids of persons holding exactly this (normalised) identifier."""
        cur = self._ident.get(_ident_hash(value))
        if cur is None:
            return []
        rows = cur if isinstance(cur, list) else [cur]
        return [pid for r in rows if (pid := self._ids[r]) is not None]

    def _person(self, row: int, identifiers: tuple[str, ...] = ()) -> Person:
        sex = self._sex[row]
        return Person(
            self._names[row],
            _unpack_date(self._dates[row]),
            "M" if sex == 1 else "F" if sex == 2 else None,
            self._nat[self._nat_idx[row]] or None,
            identifiers,
        )

    def query(self, person: Person, limit: int = 20) -> list[Candidate]:
        """Candidate hits for ``person``, best first: all decided matches, then near misses.

        A candidate is returned when it shares an identifier, or when its name scores at least
        :data:`CANDIDATE_NAME_FLOOR` and its birth date does not contradict the query's (same,
        day/month swapped, or either side less precise); the person score and decision come
        from :func:`~liaison.matching.persons.match_persons`.  Names are scored once per
        distinct spelling in the candidate set (blocks hold many identical namesakes).
        """
        packed = _pack_date(person.birth_date)
        year = packed // 10_000 if packed else None
        rows: set[int] = set()
        for name in (person.name, *person.aliases):
            for k in index_keys(name, year):
                if year is not None and k.startswith("N:"):
                    continue
                arr = self._blocks.get(k)
                if arr is not None:
                    rows.update(arr)
        shared_rows: dict[int, list[str]] = {}
        for ident in person.identifiers:
            cur = self._ident.get(_ident_hash(ident))
            if cur is None:
                continue
            for r in cur if isinstance(cur, list) else [cur]:
                shared_rows.setdefault(r, []).append(ident)
                rows.add(r)
        out: list[Candidate] = []
        name_scores: dict[str, float] = {}
        q_md = packed % 10_000
        for r in rows:
            pid = self._ids[r]
            if pid is None:
                continue
            shared = r in shared_rows
            if packed and not shared and not _date_compatible(packed, q_md, self._dates[r]):
                continue  # a birth date that contradicts: never a hit without an identifier
            other = self._names[r]
            ns = name_scores.get(other)
            if ns is None:
                ns = name_scores[other] = score_names(person.name, other)
            if ns < CANDIDATE_NAME_FLOOR and not shared:
                continue
            cand = self._person(r, tuple(shared_rows.get(r, ())))
            m = match_persons(person, cand, ns)
            out.append(Candidate(pid, round(m.score, 4), m.is_match, shared))
        out.sort(key=lambda c: (not c.is_match, -c.score))
        return out[:limit]
