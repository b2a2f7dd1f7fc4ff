"""Person matching: a name score combined with birth date, sex, nationality and identifiers.

How the decision is made (and why a name alone never merges two people):

1. **Identifiers.**  An exact shared identifier (same normalised value, e.g. a passport number)
   is strong evidence; with it a loosely similar name (≥ :data:`ID_NAME_FLOOR`) is enough.
2. **Name gate.**  Without a shared identifier the names must reach the name matcher's
   :data:`~liaison.matching.names.DEFAULT_THRESHOLD`.
3. **Corroboration.**  A name that passes the gate still needs a birth date that *agrees*:
   exact, day and month swapped (a common keying error in DD.MM/MM.DD systems), or the same
   year and month where one side is partial.  A year alone, a nationality or a sex that agree
   add to the score but cannot by themselves lift it over :data:`PERSON_THRESHOLD` — a register
   of the region holds many namesakes born in the same year.
4. **Conflicts.**  Two full birth dates that disagree (and are not a swap), or recorded sexes that
   differ, pull the score down hard; nationality differing only slightly (dual nationality and
   Kosovo/Serbia documents are common).

The score is ``0.55 × name score`` plus the evidence weights below, clipped to [0, 1].  Every
field's outcome is returned as an :class:`Evidence` so that a hit can say which fields agreed and
how — the explanation that reaches both agencies.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Final

from .names import DEFAULT_THRESHOLD, explain, score_names

PERSON_THRESHOLD: Final[float] = 0.75
ID_NAME_FLOOR: Final[float] = 0.5
NAME_WEIGHT: Final[float] = 0.55

W_DATE_EXACT: Final[float] = 0.35
W_DATE_SWAPPED: Final[float] = 0.30
W_DATE_YEAR_MONTH: Final[float] = 0.22
W_DATE_YEAR: Final[float] = 0.10
W_DATE_CONFLICT: Final[float] = -0.5
W_ID_SHARED: Final[float] = 0.5
W_SEX_SAME: Final[float] = 0.02
W_SEX_DIFFERENT: Final[float] = -0.3
W_NAT_SAME: Final[float] = 0.05
W_NAT_DIFFERENT: Final[float] = -0.05

_DATE_RES: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$"),
    re.compile(r"^(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})\.?$"),
    re.compile(r"^(?P<m>\d{1,2})[./](?P<y>\d{4})\.?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A birth date of which only the year, or year and month, may be known."""

    year: int
    month: int | None = None
    day: int | None = None


@lru_cache(maxsize=65_536)
def parse_date(text: str | None) -> PartialDate | None:
    """Parse ``1985``, ``1985-03``, ``1985-03-14``, ``14.03.1985.``, ``03/1985``, ``19850314``.

    Returns None for empty or unparseable text (kept as entered by the caller, never guessed).
    Out-of-range months and days are dropped to the coarser precision rather than rejected.
    """
    if not text:
        return None
    s = text.strip()
    for rx in _DATE_RES:
        m = rx.match(s)
        if m:
            gd = m.groupdict()
            year = int(gd["y"])
            month = int(gd["m"]) if gd.get("m") else None
            day = int(gd["d"]) if gd.get("d") else None
            if month is not None and not 1 <= month <= 12:
                if day is not None and 1 <= day <= 12 and 1 <= month <= 31:
                    month, day = day, month  # American order MM/DD written as DD/MM
                else:
                    month, day = None, None
            if day is not None and not 1 <= day <= 31:
                day = None
            if not 1800 <= year <= 2200:
                return None
            return PartialDate(year, month, day)
    return None


@dataclass(frozen=True, slots=True)
class Person:
    """The fields person matching uses.  Identifiers should be normalised by the caller."""

    name: str
    birth_date: str | None = None
    sex: str | None = None
    nationality: str | None = None
    identifiers: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """How one field compared: outcome label, detail for humans, weight it contributed."""

    field: str
    outcome: str
    detail: str
    weight: float


@dataclass(slots=True)
class PersonMatch:
    """Result of :func:`match_persons`."""

    score: float
    is_match: bool
    evidence: list[Evidence] = field(default_factory=list)

    def explanation(self) -> list[dict[str, Any]]:
        """The evidence as plain dicts (JSON-ready)."""
        return [asdict(e) for e in self.evidence]


def compare_dates(a: PartialDate | None, b: PartialDate | None) -> tuple[str, float, str]:
    """Outcome, weight and detail for two (partial) birth dates."""
    if a is None or b is None:
        return "unknown", 0.0, "birth date missing on one side"
    if a.year != b.year:
        if (
            a.month is not None
            and a.day is not None
            and (a.month, a.day) == (b.month, b.day)
            and abs(a.year - b.year) == 1
        ):
            return "conflict", W_DATE_CONFLICT / 2, "same day and month, year differs by one"
        return "conflict", W_DATE_CONFLICT, f"birth years differ ({a.year} / {b.year})"
    if a.month is None or b.month is None:
        return "year", W_DATE_YEAR, f"birth year {a.year} agrees; finer date unknown"
    if a.day is None or b.day is None:
        if a.month == b.month:
            return "year_month", W_DATE_YEAR_MONTH, "birth year and month agree"
        if a.day is not None and a.day == b.month or b.day is not None and b.day == a.month:
            return "year_month", W_DATE_YEAR_MONTH * 0.8, "year agrees; month matches the other day"
        return "conflict", W_DATE_CONFLICT, "birth months differ"
    if (a.month, a.day) == (b.month, b.day):
        return "exact", W_DATE_EXACT, "birth dates identical"
    if a.month == b.day and a.day == b.month:
        return "swapped", W_DATE_SWAPPED, "day and month swapped"
    return "conflict", W_DATE_CONFLICT, "birth dates differ"


def _norm_code(text: str | None) -> str:
    return (text or "").strip().upper()


def match_persons(a: Person, b: Person, name_score: float | None = None) -> PersonMatch:
    """Score two person records and decide; see the module docstring for the rules.

    ``name_score`` may be passed when the caller already computed it (batch dedupe).
    """
    ev: list[Evidence] = []
    detail = ""
    if name_score is None:
        names_a = (a.name, *a.aliases)
        names_b = (b.name, *b.aliases)
        best = max(((score_names(x, y), x, y) for x in names_a for y in names_b), key=lambda t: t[0])
        name_score = best[0]
        # Online hits and frontline checks say which part of the name decided (the hit page
        # shows it); batch callers pass the score and skip this.
        why = explain(best[1], best[2])
        detail = "; ".join([why["decided"], *why["notes"]])
    name_ok = name_score >= DEFAULT_THRESHOLD
    ev.append(
        Evidence(
            "name",
            "match" if name_ok else "different",
            f"name score {name_score:.3f}" + (f" — {detail}" if detail else ""),
            NAME_WEIGHT * name_score,
        )
    )
    total = NAME_WEIGHT * name_score

    shared = sorted(set(a.identifiers) & set(b.identifiers))
    if shared:
        ev.append(Evidence("identifier", "shared", f"{len(shared)} identifier(s) identical", W_ID_SHARED))
        total += W_ID_SHARED

    outcome, w, detail = compare_dates(parse_date(a.birth_date), parse_date(b.birth_date))
    ev.append(Evidence("birth_date", outcome, detail, w))
    total += w

    sa, sb = _norm_code(a.sex)[:1], _norm_code(b.sex)[:1]
    if sa in ("M", "F") and sb in ("M", "F"):
        w = W_SEX_SAME if sa == sb else W_SEX_DIFFERENT
        ev.append(Evidence("sex", "same" if sa == sb else "different", f"{sa} / {sb}", w))
        total += w

    na, nb = _norm_code(a.nationality), _norm_code(b.nationality)
    if na and nb:
        w = W_NAT_SAME if na == nb else W_NAT_DIFFERENT
        ev.append(Evidence("nationality", "same" if na == nb else "different", f"{na} / {nb}", w))
        total += w

    score = max(0.0, min(1.0, total))
    corroborated = outcome in ("exact", "swapped", "year_month")
    if shared:
        decided = name_score >= ID_NAME_FLOOR and score >= PERSON_THRESHOLD
    else:
        decided = name_ok and corroborated and score >= PERSON_THRESHOLD
    return PersonMatch(score, decided, ev)
