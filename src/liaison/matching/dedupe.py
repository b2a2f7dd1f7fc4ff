"""Batch deduplication of a person register: blocking, then person scoring.

Blocking decides which pairs are ever compared; it must survive every way the same person is
written (other script, other convention, MRZ, father's name, typo, swapped day and month) yet
keep blocks small in a register full of namesakes.  The keys are built on the folded name keys
(so scripts and conventions already meet) and the birth *year* (which a day/month swap keeps):

* ``S:<surname key, 4 letters>|<year>`` — survives any given-name difference (typo, Ǵ/Gj/Đ
  reading, a slip inside a digraph) and any father's name;
* ``G:<given key, 3 letters>|<surname initial>|<year>`` — survives surname typos after the first
  letter (Lazić / Lzaić).

Both are generated for both token orders when a name's order is not marked (a plain "Petrović
Marko"), so order swaps still share a block.  Records without a birth year cannot be merged on a
name alone (see :mod:`.persons`) and are only compared through shared identifiers.

Inside a block the birth dates are compared first (cheap) and the name is scored only for
date-compatible pairs: namesakes with other birth dates cost almost nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from .names import normalise_name, score_names
from .names.translit import skeleton
from .persons import Person, compare_dates, match_persons, parse_date

PREFIX: Final[int] = 3
MAX_BLOCK: Final[int] = 2_000


@dataclass(frozen=True, slots=True)
class Record:
    """One register row: an id and the person fields."""

    id: str
    person: Person


def name_parts(name: str) -> list[tuple[str, str]]:
    """Candidate (surname key, given key) readings of a name, for blocking.

    The marked reading comes first; when roles are only guessed from position, the reversed
    reading is added too.
    """
    n = normalise_name(name)
    toks = [t for t in n.tokens if t.key and t.role != "father"]
    if not toks:
        return []
    sur = [t.key for t in toks if t.role == "surname"]
    giv = [t.key for t in toks if t.role == "given"]
    out: list[tuple[str, str]] = []
    if sur and giv:
        out.append((sur[0], giv[0]))
        if len(sur) > 1:
            out.append((sur[-1], giv[0]))
    elif len(toks) == 1:
        out.append((toks[0].key, ""))
    else:
        out.append((toks[-1].key, toks[0].key))
    # Unmarked order ("Petrović Marko") or a given name misread as surname: add the reverse.
    first, last = toks[0].key, toks[-1].key
    if len(toks) >= 2 and (first, last) not in out:
        out.append((first, last))
    return out


_BLOCK_FOLD: Final[dict[int, int]] = str.maketrans("zc", "ss")


def skeleton_parts(name: str) -> set[tuple[str, str]]:
    """(surname skeleton, first two consonants of the given name) readings of a name.

    A name written in Arabic, Hebrew or an Indic script has no vowels to share a folded key with
    its Latin spelling (محمد / Mohammed), but the scorer compares such tokens by consonant
    skeleton (:func:`~liaison.matching.names.translit.skeleton`), so blocking does too: every
    name gets these keys, and a cross-script pair meets on them.
    """
    out: set[tuple[str, str]] = set()
    for sur, giv in name_parts(name):
        ss = skeleton(sur)
        if len(ss) >= 2:
            out.add((ss, skeleton(giv)[:2]))
    return out


def blocking_keys(name: str, year: int | None) -> set[str]:
    """Blocking keys of a name with its birth year (``-`` when unknown).

    In the keys c, s and z are one letter: German ``sch`` stands for Š and Ž and German ``z`` for
    C, and those differences are only scored (softly) once a pair is compared.
    """
    y = str(year) if year is not None else "-"
    keys: set[str] = set()
    for sur, giv in name_parts(name):
        sur, giv = sur.translate(_BLOCK_FOLD), giv.translate(_BLOCK_FOLD)
        keys.add(f"S:{sur[: PREFIX + 1]}|{y}")
        if giv:
            keys.add(f"G:{giv[:PREFIX]}|{sur[:1]}|{y}")
    for ss, sg in skeleton_parts(name):
        keys.add(f"K:{ss}|{sg}|{y}")
    return keys


def build_blocks(records: Sequence[Record]) -> dict[str, list[int]]:
    """Block key → record indices, for records with a known birth year."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        d = parse_date(r.person.birth_date)
        if d is None:
            continue
        for k in blocking_keys(r.person.name, d.year):
            blocks[k].append(i)
    return blocks


def candidate_pairs(
    records: Sequence[Record], progress: Callable[[int, int], None] | None = None
) -> Iterator[tuple[int, int]]:
    """Unique index pairs ``(i < j)`` sharing at least one block.

    Blocks larger than :data:`MAX_BLOCK` are cut (a guard against a degenerate key, not a
    normal case: keys carry the birth year).
    """
    blocks = [m for m in build_blocks(records).values() if len(m) > 1]
    seen: set[int] = set()
    n = len(records)
    for done, members in enumerate(blocks, 1):
        members = members[:MAX_BLOCK]
        for x in range(len(members)):
            i = members[x]
            for y in range(x + 1, len(members)):
                j = members[y]
                lo, hi = (i, j) if i < j else (j, i)
                code = lo * n + hi
                if code in seen:
                    continue
                seen.add(code)
                yield lo, hi
        if progress is not None and (done % 1000 == 0 or done == len(blocks)):
            progress(done, len(blocks))


def _identifier_pairs(records: Sequence[Record]) -> Iterator[tuple[int, int]]:
    by_id: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for ident in r.person.identifiers:
            by_id[ident].append(i)
    for members in by_id.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                yield (i, j) if i < j else (j, i)


def dedupe(
    records: Sequence[Record], progress: Callable[[int, int], None] | None = None
) -> list[tuple[str, str, float]]:
    """All pairs judged to be the same person, as ``(id1, id2, score)``.

    ``progress(done, total)`` is called as blocks are processed.  Pairs come out in the order
    found; within a pair ``id1`` is the record that comes first in the input.
    """
    dates = [parse_date(r.person.birth_date) for r in records]
    found: dict[tuple[int, int], float] = {}

    def consider(i: int, j: int) -> None:
        a, b = records[i].person, records[j].person
        shared = bool(a.identifiers and b.identifiers and set(a.identifiers) & set(b.identifiers))
        if not shared:
            outcome, _, _ = compare_dates(dates[i], dates[j])
            if outcome not in ("exact", "swapped", "year_month"):
                return  # cannot merge without a corroborating date: skip the name scoring
        m = match_persons(a, b, score_names(a.name, b.name))
        if m.is_match:
            found[(i, j)] = round(m.score, 4)

    for i, j in candidate_pairs(records, progress):
        consider(i, j)
    for i, j in _identifier_pairs(records):
        if (i, j) not in found:
            consider(i, j)
    return [(records[i].id, records[j].id, s) for (i, j), s in found.items()]
