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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations
from typing import Final

from rapidfuzz.distance import OSA, Indel, Levenshtein

from .parse import Role
from .translit import diacritic_key, fold_key, light_key, skeleton

SOFT_PAIRS: Final[frozenset[tuple[str, str]]] = frozenset({("s", "z"), ("z", "s")})
SLIP: Final[float] = 0.88  # one typing slip
SOFT: Final[float] = 0.95  # one soft substitution
HARD: Final[float] = 0.55  # one name-changing substitution or morpheme
FAR_CAP: Final[float] = 0.5  # ceiling for tokens three or more edits apart
CROSS_ROLE: Final[float] = 0.97  # given name aligned with a surname (unmarked order swap)
FATHER_MISSING: Final[float] = 0.98  # father's / middle name present on one side only
GIVEN_MISSING: Final[float] = 0.9  # an extra given name on one side
CORE_MISSING: Final[float] = 0.6  # one side lacks a surname or given name entirely
ORDER_SWAP: Final[float] = 0.5  # given and father's names swapped in a nasab chain (son/father)
FAMILY_MISSING: Final[float] = 0.93  # an al- family/tribal/nisba name on one side only
COMMON_MISSING: Final[float] = 0.95  # a very common given name (Muhammad) on one side only
INITIAL: Final[float] = 0.95  # an initial against a given name starting with that letter
FAMILY: Final[float] = 0.97  # two spellings of one name in a known transliteration family
SKELETON_SAME: Final[float] = 0.95  # abjad/abugida token against a Latin one: same consonants
SKELETON_NEAR: Final[float] = 0.86  # same, one consonant apart
ARTICLE_JOINED: Final[float] = 0.97  # Alrawi against al-Rawi
COMMON_WEIGHT: Final[float] = 0.4  # weight of a very common given name in the mean
MAX_TOKENS: Final[int] = 6

# --- transliteration families --------------------------------------------------------------------
#
# Names of Arabic, Persian and Slavic origin are written in many Latin spellings whose vowels
# differ (Muhammad/Mohammed/Mehmet, Hussein/Hossein/Husayn): letter edits would call them other
# names, and treating every vowel change as a slip would merge Hassan with Hussein.  Each line is
# one name and its established spellings; two spellings of one line match, two lines never do
# (Hassan/Hussein, Amin/Amir are on other lines or on none).  ``*`` marks the names so common that
# sharing them says little (they weigh less, and one missing costs little).
_FAMILY_LINES: Final[tuple[str, ...]] = (
    "*muhammad mohammed mohammad mohamed mohamad muhammed muhamad mohamud mohammod mehmet mehmed "
    "mohd md mhd muhamed mahomed mohamet mukhammad magomed mukhammed mouhamed mouhammad muhammet",
    "*ahmad ahmed ahmet akhmad akhmed ehmed achmed ahmat ahmadou",
    "*ali aly alee aliy",
    "*hasan hassan hasane hassane khasan hasen",
    "*husayn hussein hussain husain hossein hosein hosain huseyin hüseyin husein hossain hussien "
    "houssein husseyn gusein husseini_no hosseyn",
    "*mahmud mahmoud mahmood mehmood mahmut makhmud mahmod",
    "*umar omar omer ömer oumar",
    "*abdullah abdallah abdulla abdollah abdellah abdalla abdoulah",
    "*ibrahim ebrahim ibragim brahim ibrahima ibraheem",
    "*yusuf yousef youssef yousuf yusef jusuf yussuf youcef yosef yusif",
    "*mustafa mostafa moustafa mustapha moustapha mustefa",
    "*fatima fatma fatimah fatemeh fatuma fatime",
    "*abubakr abubakar abu_bakr aboubakar aboubakr ebubekir abubakir",
    "usama osama ousama oussama usamah",
    "uthman osman othman usman othmane usmon",
    "ismail esmail ismael smail ismayil ismayl",
    "khalid khaled halid haled khaalid",
    "jafar jaafar jafaar dzhafar cafer djafar",
    "mahdi mehdi mahdy",
    "hamid hameed hamed hamit",
    "rashid rasheed rachid rashed rashit",
    "said saeed saeid saied",
    "karim kareem kerim",
    "yasin yassin yaseen yassine",
    "nasir nasser nassir naser naseer nacer",
    "sulayman suleiman soliman suleyman süleyman sulaiman sleiman souleymane",
    "aisha aysha ayesha aicha ayse ayşe aishah",
    "khadija khadijah hatice khadidja hadija",
    "zaynab zainab zeynab zeinab zeynep",
    "maryam mariam meryem",
    "hamza hamzah hamzeh",
    "jamal gamal cemal djamel jamel",
    "saad saad",
    "hakim hakeem",
    "abbas abas",
    "sergei sergey serguei sergiy serhiy serhii sergii",
    "aleksandr alexander oleksandr alexandr aliaksandr alyaksandr aleksandre",
    "vladimir volodymyr uladzimir wladimir vladimer",
    "yuri yuriy yury iurii yurii jurij",
    "dmitry dmitri dmytro dzmitry dmitriy dmitrii",
    "mikhail mykhailo mikheil mikhael",
    "yevgeny evgeny yevhen evgenii evgeni jevgenij yevgeniy",
    "nikolai nikolay mykola mikalai",
    "georgy georgiy heorhiy giorgi georgii",
)


def _build_families() -> tuple[dict[str, int], frozenset[str]]:
    fam: dict[str, int] = {}
    common: set[str] = set()
    for n, line in enumerate(_FAMILY_LINES):
        star = line.startswith("*")
        for word in line.lstrip("*").split():
            if word.endswith("_no"):
                continue
            k = name_key(word.replace("_", " "), False)
            fam.setdefault(k, n)
            if star:
                common.add(k)
    return fam, frozenset(common)


# --- keys of name parts --------------------------------------------------------------------------

# Abdur-/Abder-/Abdus- keep their consonant: it is the assimilated article before the name
# (Abdurrahman = ʿAbd al-Rahman), so only the vowel goes.
_HEADS: Final[tuple[str, ...]] = ("abdul", "abdel", "abdal", "abdol", "abdu", "abde", "abdo", "abda")
_DIN_ENDS: Final[tuple[str, ...]] = (
    "udin",
    "uddin",
    "edin",
    "edine",
    "adin",
    "aldin",
    "uldin",
    "eldin",
    "odin",
    "udeen",
    "eden",
    "udine",
)


def name_key(text: str, article: bool) -> str:
    """Comparison key of one name part: :func:`.translit.fold_key` plus the Arabic particles.

    The article of a family name is dropped (al-Rawi → ravi); ʿAbd al-/Abdul/Abdel/Abder are one
    head (Abd al-Rahman, Abdulrahman and Abderrahmane all become ``abd`` + rahman…); -ud-Din,
    -uddin, -eddine and -al-Din are one ending.
    """
    if article and "-" in text:
        text = text.split("-", 1)[1]
    key = fold_key(text)
    if len(key) > 5 and key.startswith("abd"):
        for h in _HEADS:
            if key.startswith(h) and len(key) > len(h) + 2:
                rest = key[len(h) :]
                if h[-1] in "aeiou" and rest[:1] == "l":
                    rest = rest[1:]
                key = "abd" + rest
                break
    if len(key) > 3 and key.endswith("ij"):
        key = key[:-1]  # Russian -iy/-ij endings: Khodorkovskiy = Khodorkovsky, Evgeniy = Evgeni
    if len(key) > 6 and key.endswith(_DIN_ENDS):
        for e in _DIN_ENDS:
            if key.endswith(e) and len(key) - len(e) >= 3:
                key = key[: -len(e)] + "udin"
                break
    return key


_FAMILIES, COMMON_NAMES = _build_families()

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
    loose: bool = False
    ordered: bool = False
    article: bool = False


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
    if at_end and ch == "j" and short and short[-1] in "aeou" and kind == "surname":
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
        sim *= SLIP**n_swaps
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
            elif set(pair) == {"i", "j"}:
                sim *= SOFT
                reasons.append("i/j (glide spelled as a vowel)")
            elif set(pair) == {"c", "t"} and op.src_pos > 0 and a[op.src_pos - 1] == "s":
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
    kind = (
        "given"
        if (a.role in ("given", "father") or b.role in ("given", "father")) and "surname" not in (a.role, b.role)
        else "surname"
    )
    german = a.german or b.german
    ak, bk = a.key, b.key
    if ak != bk:
        special = _special(a, b, kind)
        if special is not None:
            return special
    sim, why = _compare_keys(ak, bk, kind, german)
    if sim < 1.0 and (_UMLAUT_RE.search(a.text) or _UMLAUT_RE.search(b.text)):
        sim2, why2 = _compare_keys(_de_umlaut(ak), _de_umlaut(bk), kind, german)
        if sim2 > sim:
            sim, why = sim2, why2 + " (Ä/AE, Ö/OE, Ü/UE: ICAO 9303)"
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


_UMLAUT_RE: Final[re.Pattern[str]] = re.compile("[äöüåøÄÖÜÅØ]")


def _de_umlaut(key: str) -> str:
    return key.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _special(a: KeyToken, b: KeyToken, kind: str) -> tuple[float, str] | None:
    """Rules that decide a token pair before letter edits: families, scripts, initials, articles."""
    ak, bk = a.key, b.key
    fa, fb = _FAMILIES.get(ak), _FAMILIES.get(bk)
    if fa is not None and fb is not None:
        if fa == fb:
            return FAMILY, "same name in another transliteration"
        sim, why = _compare_keys(ak, bk, kind, False)
        return min(sim, HARD), ("different names that look alike" if sim >= 0.3 else _FAR)
    if a.loose != b.loose:
        # Skeletons of both the folded and the light keys: a digraph may be two letters of the
        # abjad spelling (ز+ه read "zh" is z-h, Yitzhak's tz is ts) or one (kh, sh).
        sa, sb = skeleton(ak), skeleton(bk)
        la_, lb_ = skeleton(light_key(a.text)), skeleton(light_key(b.text))
        if (sa == sb and sa) or (la_ == lb_ and la_):
            return SKELETON_SAME, "same consonants in another script"
        if min(len(sa), len(sb)) >= 3 and (
            Levenshtein.distance(sa, sb, score_cutoff=1) <= 1 or Levenshtein.distance(la_, lb_, score_cutoff=1) <= 1
        ):
            return SKELETON_NEAR, "consonants one apart in another script"
    la, lb = len(ak), len(bk)
    if (la == 1) != (lb == 1) and ak[0] == bk[0]:
        if kind == "given" and "surname" not in (a.role, b.role):
            return INITIAL, "initial of the given name"
        return 0.8, "initial"
    if a.article != b.article and abs(la - lb) == 2:
        joined, other = (ak, bk) if la > lb else (bk, ak)
        if joined[:2] in ("al", "el") and joined[2:] == other:
            return ARTICLE_JOINED, "article al- written joined"
    return None


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


def _role_factor(a: KeyToken, b: KeyToken) -> float:
    ra, rb = a.role, b.role
    if ra == rb or "unknown" in (ra, rb):
        return 1.0
    pair = {ra, rb}
    ordered = a.ordered or b.ordered
    if pair == {"given", "father"}:
        # In a nasab chain (Salman bin Muhammad) the order says who is the son: swapped given
        # and father's names are another person, the father or the son.
        return ORDER_SWAP if ordered else 1.0
    if pair == {"given", "surname"}:
        return CROSS_ROLE
    if ordered:
        return 1.0  # an Arab father's name is often recorded as the surname
    return 0.9


def _role_reason(a: KeyToken, b: KeyToken) -> str:
    if {a.role, b.role} == {"given", "father"}:
        return "given name and father's name swapped (son/father)"
    return "tokens in other roles (order swapped)"


def _missing_factor(tok: KeyToken, other: tuple[KeyToken, ...], first_given: bool) -> tuple[str, float]:
    role = tok.role
    if tok.article:
        return "family, tribal or nisba name (al-) on one side only", FAMILY_MISSING
    if tok.key in COMMON_NAMES and role != "surname":
        return f"common given name ({tok.text}) on one side only", COMMON_MISSING
    if role == "father":
        return "father's name on one side only", FATHER_MISSING
    if role == "given" and first_given:
        # The first given name left over means the other side's given name was matched to a
        # father's or middle name: Petra (Ivan) Horvat is not Ivan Horvat.
        return "first given name unmatched", CORE_MISSING
    if role == "given" and any(t.role == "given" for t in other):
        return "extra given name on one side", GIVEN_MISSING
    return f"{role} name missing on one side", CORE_MISSING


def merge_joined(a: tuple[KeyToken, ...], b: tuple[KeyToken, ...]) -> tuple[tuple[KeyToken, ...], tuple[KeyToken, ...]]:
    """Join neighbouring tokens of the longer name that the shorter one writes as one word.

    ``Sergei Lavrov`` against ``Sergeilavrov``, ``Kim Jong Un`` against ``Kim Jongun``: the two
    tokens whose keys concatenate to a key of the other name become one token (role unknown).
    """
    swap = len(a) < len(b)
    long_, short = (b, a) if swap else (a, b)
    keys = [t.key for t in short if len(t.key) >= 4]
    out = list(long_)
    changed = True
    while changed and len(out) > len(short) and keys:
        changed = False
        for i in range(len(out)):
            for j in range(len(out)):
                if i == j or (j != i + 1 and abs(i - j) != 1 and len(out) > 2 and j < i):
                    continue
                joined = out[i].key + out[j].key
                if any(
                    k == joined or (abs(len(k) - len(joined)) <= 1 and _compare_keys(k, joined, "given")[0] >= SLIP)
                    for k in keys
                ):
                    t, u = out[i], out[j]
                    tok = KeyToken(joined, t.text + u.text, "unknown", t.german, t.loose, t.ordered, False)
                    out = [x for n, x in enumerate(out) if n not in (i, j)]
                    out.insert(min(i, j), tok)
                    changed = True
                    break
            if changed:
                break
    merged = tuple(out)
    return (short, merged) if swap else (merged, short)


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
            total += w * sims[i][j][0] * _role_factor(small[i], big[j])
        if best is None or total > best[0]:
            best = (total, perm)
    assert best is not None
    perm = best[1]
    pairs: list[tuple[int, int, float, str]] = []
    factors: list[tuple[str, float]] = []
    core: list[float] = []
    weights: list[float] = []
    for i, j in enumerate(perm):
        sim, why = sims[i][j]
        rf = _role_factor(small[i], big[j])
        if rf < 1.0:
            factors.append((_role_reason(small[i], big[j]), rf))
        ia, ib = (j, i) if swap else (i, j)
        pairs.append((ia, ib, sim, why))
        core.append(sim)
        common = small[i].key in COMMON_NAMES and big[j].key in COMMON_NAMES and small[i].role != "surname"
        weights.append(COMMON_WEIGHT if common else 1.0)
    used = set(perm)
    unmatched_big = [j for j in range(len(big)) if j not in used]
    first_given = next((j for j, t in enumerate(big) if t.role == "given"), -1)
    for j in unmatched_big:
        factors.append(_missing_factor(big[j], small, j == first_given))
    mean = sum(c * w for c, w in zip(core, weights, strict=True)) / sum(weights)
    score = 0.6 * min(core) + 0.4 * mean
    for _, f in factors:
        score *= f
    ua, ub = (unmatched_big, []) if swap else ([], unmatched_big)
    return Alignment(max(0.0, min(1.0, score)), pairs, ua, ub, factors)
