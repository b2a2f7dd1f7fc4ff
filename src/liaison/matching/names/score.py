"""Name scorer: token alignment plus an edit model that knows which differences matter.

Why not a plain string similarity: in this region most look-alike pairs that are *other people*
differ by exactly one letter or one suffix (Petrović/Petković, Hoxha/Hoxhaj, Ivan/Ivana,
Marko/Mirko), while the same person appears with one slipped, doubled or swapped letter or in
another transcription.  After folding (see :mod:`.translit`) transcription differences are gone,
so what is left is scored per edit operation:

* a doubled letter, one dropped/added letter or two swapped neighbours are typing slips — mild;
* in a name written the German way (tsch, sch, w), ``s``↔``z`` (German ``sch`` is both Š and
  Ž) and ``c``↔``z`` (German z is Serbian c) are soft — elsewhere Sorić/Zorić are two names;
* ``c``↔``t`` after ``s`` (Щ is Šć in Serbian readings, Sht in Bulgarian 2009) is soft;
* any other substitution changes the name (Petrović/Petković, Emir/Amir) — severe;
* a final ``a`` added to a given name ending in a consonant is the feminine form (Ivan/Ivana);
  on a surname after -ov/-ev/-in likewise (Ivanov/Ivanova); a final ``j`` added after a vowel is
  the Albanian clan suffix (Hoxha/Hoxhaj) — all severe;
* a letter added or dropped at the start is another name (Amir/Samir, Aida/Naida): writers
  rarely miss a first letter;
* two or more slips in one token are already a different name (Nikolić/Nikolović);
* tokens of three letters or fewer get no slip allowance (Vuk/Vuč);
* where both tokens are written with diacritics, a háček present on one side only is a
  different name (Simić/Šimić); without diacritics on one side it tells nothing (MRZ, foreign
  records).

Token scores are combined over the best one-to-one alignment of the two names' tokens, so order
swaps and father's names cost little; the minimum token score dominates, so a shared surname
never carries a different given name over the threshold.  A first given name left unmatched
(because the other side's given name aligned with a father's name: Petra (Ivan) Horvat against
Ivan Horvat) counts as a missing core name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations
from typing import Final

from rapidfuzz.distance import OSA, Indel, Levenshtein

from .parse import Role
from .translit import diacritic_key, light_key

SOFT_PAIRS: Final[frozenset[tuple[str, str]]] = frozenset({("s", "z"), ("z", "s")})
SLIP: Final[float] = 0.88      # one typing slip
SOFT: Final[float] = 0.95      # one soft substitution
HARD: Final[float] = 0.55      # one name-changing substitution or morpheme
FAR_CAP: Final[float] = 0.5    # ceiling for tokens three or more edits apart
CROSS_ROLE: Final[float] = 0.97   # given name aligned with a surname (unmarked order swap)
FATHER_MISSING: Final[float] = 0.98   # father's / middle name present on one side only
GIVEN_MISSING: Final[float] = 0.9     # an extra given name on one side
CORE_MISSING: Final[float] = 0.6      # one side lacks a surname or given name entirely
MAX_TOKENS: Final[int] = 6

_VOWELS: Final[frozenset[str]] = frozenset("aeiou")
_FAR: Final[str] = "different names"
_CZ: Final[frozenset[tuple[str, str]]] = frozenset({("c", "z"), ("z", "c")})


@dataclass(frozen=True, slots=True)
class KeyToken:
    """A token reduced to what the scorer needs: its folded key, written text and role.

    The light and diacritic keys are derived from ``text`` only when a comparison needs them
    (memoised), which keeps first-sight normalisation cheap.
    """

    key: str
    text: str
    role: Role
    german: bool = False


@dataclass(slots=True)
class Alignment:
    """How one name's tokens were paired with the other's, for :func:`explain`."""

    score: float
    pairs: list[tuple[int, int, float, str]] = field(default_factory=list)
    unmatched_a: list[int] = field(default_factory=list)
    unmatched_b: list[int] = field(default_factory=list)
    factors: list[tuple[str, float]] = field(default_factory=list)


def _indel_severity(short: str, long_: str, pos: int, kind: str) -> tuple[float, str]:
    """Judge one inserted letter ``long_[pos]`` (absent from ``short``)."""
    ch = long_[pos]
    if pos == 0:
        # Writers rarely miss a name's first letter; Amir/Samir, Aida/Naida are other names.
        return HARD, "letter added at the start: another name"
    at_end = pos == len(long_) - 1
    if at_end and ch == "a" and short and short[-1] not in _VOWELS:
        if kind == "given":
            return HARD, "feminine form of the given name (-a)"
        if short.endswith(("ov", "ev", "in")):
            return HARD, "feminine form of the surname (-a)"
    if at_end and ch == "j" and short and short[-1] in _VOWELS and kind == "surname":
        return HARD, "Albanian clan suffix -j"
    return SLIP, "one letter dropped or added"


@lru_cache(maxsize=1_000_000)
def _compare_keys(a: str, b: str, kind: str, german: bool = False) -> tuple[float, str]:
    """Score two keys by their edit operations (see the module docstring); cached."""
    if a == b:
        return 1.0, "identical"
    if not a or not b:
        return 0.0, "empty"
    la, lb = len(a), len(b)
    longest = max(la, lb)
    if min(la, lb) == 1:
        if a[0] == b[0]:
            return 0.8, "initial"
        return 0.0, "other initial"
    if abs(la - lb) > 2:
        return FAR_CAP * Indel.normalized_similarity(a, b), _FAR
    osa = OSA.distance(a, b, score_cutoff=3)
    if osa > 2:
        return FAR_CAP * Indel.normalized_similarity(a, b), _FAR
    ops = Levenshtein.editops(a, b)
    lev = len(ops)
    sim = 1.0
    reasons: list[str] = []
    if lev > osa:
        # Adjacent transposition(s): OSA counts each as one edit, Levenshtein as two.
        n_swaps = lev - osa
        sim *= SLIP ** n_swaps
        reasons.append("two neighbouring letters swapped")
        if longest <= 3:
            sim = min(sim, HARD)
        return sim, "; ".join(reasons)
    for op in ops:
        if op.tag == "replace":
            pair = (a[op.src_pos], b[op.dest_pos])
            if german and (pair in SOFT_PAIRS or pair in _CZ):
                sim *= SOFT
                reasons.append(f"soft {pair[0]}/{pair[1]}")
            elif (set(pair) == {"c", "t"} and op.src_pos > 0 and a[op.src_pos - 1] == "s"):
                sim *= SOFT
                reasons.append("Šć/Sht")
            else:
                sim *= HARD
                reasons.append(f"letter {pair[0]}/{pair[1]} differs")
        else:
            if op.tag == "insert":
                sev, why = _indel_severity(a, b, op.dest_pos, kind)
            else:
                sev, why = _indel_severity(b, a, op.src_pos, kind)
            if longest <= 3:
                sev, why = min(sev, HARD), "letter added to a very short name"
            sim *= sev
            reasons.append(why)
    n_slips = sum(1 for r in reasons if r.startswith(("one letter", "two neigh")))
    if n_slips >= 2:
        sim = min(sim, HARD)
        reasons.append("two slips in one token: another name")
    return sim, "; ".join(reasons)


def compare_tokens(a: KeyToken, b: KeyToken) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] with a short reason.

    The folded key is compared first; if it is not identical the light key (no digraph
    folding) is tried too and the better result kept, so a slip inside a digraph counts once.
    """
    kind = "given" if (a.role in ("given", "father") or b.role in ("given", "father")) and \
        "surname" not in (a.role, b.role) else "surname"
    german = a.german or b.german
    sim, why = _compare_keys(a.key, b.key, kind, german)
    if sim == 1.0:
        if a.text.isascii() or b.text.isascii():
            return sim, why
        pa, pb = diacritic_key(a.text), diacritic_key(b.text)
        if pa is not None and pb is not None and pa != pb and _hacek_differs(pa, pb):
            return HARD, "S/Š, Z/Ž or C/Č differ where both are written with diacritics"
        return sim, why
    # Even tokens far apart after folding are tried: a slip inside a digraph can wreck the
    # folded form (Hoxah → hoksah) while the light forms differ by one swap (hoxha / hoxah).
    la, lb = light_key(a.text), light_key(b.text)
    if la and lb and (la != a.key or lb != b.key):
        sim2, why2 = _compare_keys(la, lb, kind, german)
        if sim2 > sim:
            return sim2, why2
    return sim, why


_HACEK: Final[dict[str, str]] = {"š": "s", "ž": "z", "č": "c", "ć": "c"}


def _hacek_differs(a: str, b: str) -> bool:
    """True when two diacritic-bearing spellings differ by a háček present on one side only.

    Č versus Ć and Đ versus D are not counted: Bosnian and Montenegrin records confuse Č/Ć and
    Đ is often typed as D or Dj even by writers who use other diacritics.
    """
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x != y and {x, y} != {"č", "ć"} and (_HACEK.get(x) == y or _HACEK.get(y) == x):
            return True
    return False


def _role_factor(ra: Role, rb: Role) -> float:
    if ra == rb or "unknown" in (ra, rb):
        return 1.0
    pair = {ra, rb}
    if pair == {"given", "father"}:
        return 1.0
    if pair == {"given", "surname"}:
        return CROSS_ROLE
    return 0.9


def _missing_factor(role: Role, other: tuple[KeyToken, ...], first_given: bool) -> tuple[str, float]:
    if role == "father":
        return "father's name on one side only", FATHER_MISSING
    if role == "given" and first_given:
        # The first given name left over means the other side's given name was matched to a
        # father's or middle name: Petra (Ivan) Horvat is not Ivan Horvat.
        return "first given name unmatched", CORE_MISSING
    if role == "given" and any(t.role == "given" for t in other):
        return "extra given name on one side", GIVEN_MISSING
    return f"{role} name missing on one side", CORE_MISSING


def align(a: tuple[KeyToken, ...], b: tuple[KeyToken, ...]) -> Alignment:
    """Best one-to-one pairing of tokens and the resulting name score."""
    if not a or not b:
        return Alignment(0.0)
    a = a[:MAX_TOKENS]
    b = b[:MAX_TOKENS]
    swap = len(a) > len(b)
    small, big = (b, a) if swap else (a, b)
    sims = [[compare_tokens(s, t) for t in big] for s in small]
    best: tuple[float, tuple[int, ...]] | None = None
    for perm in permutations(range(len(big)), len(small)):
        total = 0.0
        for i, j in enumerate(perm):
            w = 2.0 if small[i].role != "father" else 1.0
            total += w * sims[i][j][0] * _role_factor(small[i].role, big[j].role)
        if best is None or total > best[0]:
            best = (total, perm)
    assert best is not None
    perm = best[1]
    pairs: list[tuple[int, int, float, str]] = []
    factors: list[tuple[str, float]] = []
    core: list[float] = []
    for i, j in enumerate(perm):
        sim, why = sims[i][j]
        rf = _role_factor(small[i].role, big[j].role)
        if rf < 1.0:
            factors.append(("tokens in other roles (order swapped)", rf))
        ia, ib = (j, i) if swap else (i, j)
        pairs.append((ia, ib, sim, why))
        core.append(sim)
    used = set(perm)
    unmatched_big = [j for j in range(len(big)) if j not in used]
    first_given = next((j for j, t in enumerate(big) if t.role == "given"), -1)
    for j in unmatched_big:
        factors.append(_missing_factor(big[j].role, small, j == first_given))
    score = 0.6 * min(core) + 0.4 * (sum(core) / len(core))
    for _, f in factors:
        score *= f
    ua, ub = (unmatched_big, []) if swap else ([], unmatched_big)
    return Alignment(max(0.0, min(1.0, score)), pairs, ua, ub, factors)
