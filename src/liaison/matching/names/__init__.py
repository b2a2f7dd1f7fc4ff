"""Person-name matching across scripts (Balkan tables, anyascii for the rest): normalisation, scoring, a decision.

Public API::

    normalise_name("Ђорђевић, Милош")  # NormalisedName(latin="Miloš Đorđević", keys=("milos", "dordevic"))
    score_names("Милош Ђорђевић", "DORDEVIC<<MILOS")  # 1.0
    is_match("Marko Petrović", "Marko Petković")       # False
    explain("Jelena Tomić", "Jelena (Ramadan) Tomić")  # dict of aligned tokens and reasons

The score is not a probability.  It is 1.0 for names equal after transliteration and folding,
about 0.9 for one typing slip or an extra father's name, and about 0.6 or lower when a token
differs by a name-changing letter or suffix (see :mod:`.score`).  :data:`DEFAULT_THRESHOLD`
sits between those bands.  A name score alone never merges two people: see
:mod:`liaison.matching.persons`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from .parse import Role, parse_name_full
from .score import KeyToken, align, merge_joined, name_key
from .translit import LOOSE_SCRIPT_RE, diacritic_key, light_key, looks_german, transliterate

__all__ = [
    "DEFAULT_THRESHOLD",
    "NormalisedName",
    "NameToken",
    "clear_caches",
    "explain",
    "is_match",
    "normalise_name",
    "score_names",
]

_ARABIC_RE: Final[re.Pattern[str]] = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")

#: Decision threshold for :func:`is_match`.  Chosen between the band of one slip or one extra
#: token (≈0.86–0.92) and the band of two slips in one token or one name-changing letter
#: (≤0.82): one typo per token passes, Petrović/Petković and Ivan/Ivana do not.
DEFAULT_THRESHOLD: Final[float] = 0.85


@dataclass(frozen=True, slots=True)
class NameToken:
    """One token of a normalised name."""

    text: str
    latin: str
    key: str
    role: Role
    german: bool = False
    loose: bool = False  # from a script that does not write short vowels (compared by skeleton)
    ordered: bool = False  # part of a name whose given/father order is significant (nasab)
    article: bool = False  # written with the Arabic article: a family, tribal or nisba name

    @property
    def light(self) -> str:
        """Lower-case ASCII form without digraph folding (see :func:`.translit.light_key`)."""
        return light_key(self.text)

    @property
    def precise(self) -> str | None:
        """Serbian-Latin form keeping háčeks, or None (see :func:`.translit.diacritic_key`)."""
        return diacritic_key(self.text)


@dataclass(frozen=True, slots=True)
class NormalisedName:
    """A name parsed, transliterated to Latin and folded to comparison keys."""

    original: str
    tokens: tuple[NameToken, ...]
    titles: tuple[str, ...] = ()  # titles, honorifics and legal forms: shown, never compared

    @property
    def latin(self) -> str:
        """Display form: given name(s), father's name in parentheses, surname; Latin script.

        Titles and honorifics set aside by the parser are not part of it (see :attr:`display`).
        """
        given = [t.latin for t in self.tokens if t.role in ("given", "unknown")]
        father = [f"({t.latin})" for t in self.tokens if t.role == "father"]
        sur = [t.latin for t in self.tokens if t.role == "surname"]
        if len(sur) > 1 and (given or father):
            # Two surnames: the "Surnames, Given" form keeps both marked as surnames when read back.
            return " ".join(sur) + ", " + " ".join(given + father)
        return " ".join(given + father + sur)

    @property
    def display(self) -> str:
        """:attr:`latin` with the titles and honorifics in front (``Dr Ali Khamenei``)."""
        return " ".join((*self.titles, self.latin)) if self.titles else self.latin

    @property
    def keys(self) -> tuple[str, ...]:
        """Folded keys of all tokens, in token order."""
        return tuple(t.key for t in self.tokens)

    def key_tokens(self) -> tuple[KeyToken, ...]:
        return _key_tokens(self)

    def surname_keys(self) -> tuple[str, ...]:
        """Keys of surname tokens (or of the last token when roles are unknown)."""
        s = tuple(t.key for t in self.tokens if t.role == "surname" and t.key)
        if s:
            return s
        core = [t.key for t in self.tokens if t.role != "father" and t.key]
        return (core[-1],) if core else ()

    def given_keys(self) -> tuple[str, ...]:
        """Keys of given-name tokens (or of all but the last core token when unknown)."""
        g = tuple(t.key for t in self.tokens if t.role == "given" and t.key)
        if g or any(t.role == "surname" for t in self.tokens):
            return g
        core = [t.key for t in self.tokens if t.role != "father" and t.key]
        return tuple(core[:-1])


def _kt(t: NameToken) -> KeyToken:
    return KeyToken(t.key, t.text, t.role, t.german, t.loose, t.ordered, t.article)


@lru_cache(maxsize=8192)
def _key_tokens(name: NormalisedName) -> tuple[KeyToken, ...]:
    return tuple(_kt(t) for t in name.tokens if t.key)


@lru_cache(maxsize=262_144)
def normalise_name(text: str) -> NormalisedName:
    """Parse and normalise a written name; never raises (non-strings are treated as text)."""
    text = text if isinstance(text, str) else str(text)
    # Transliterate the whole name once, so that the Cyrillic orthography is detected from all
    # its letters (Стоян Христов is Bulgarian because of the я) and parsing sees Latin case.
    latin_text = transliterate(text)
    german = looks_german(latin_text)
    loose = not text.isascii() and bool(LOOSE_SCRIPT_RE.search(text))
    parsed = parse_name_full(latin_text)
    # Arabic names keep their order (given, father, grandfather, family) whether or not the
    # nasab markers are written; an Arabic-script original or an al- family name says so.
    ordered = parsed.ordered or any(t.article for t in parsed.tokens) or (loose and bool(_ARABIC_RE.search(text)))
    tokens = []
    for tok in parsed.tokens:
        latin = tok.text
        if latin.isupper() and len(latin) > 1:
            latin = "-".join(p.capitalize() for p in latin.split("-"))
        tokens.append(
            NameToken(tok.text, latin, name_key(tok.text, tok.article), tok.role, german, loose, ordered, tok.article)
        )
    return NormalisedName(text, tuple(tokens), parsed.titles)


@lru_cache(maxsize=262_144)
def _key_tokens_for(text: str) -> tuple[KeyToken, ...]:
    n = normalise_name(text)
    return tuple(_kt(t) for t in n.tokens if t.key)


def score_names(a: str, b: str) -> float:
    """Similarity of two written names in [0, 1]; symmetric; 1.0 for equal non-empty names."""
    if a > b:  # a canonical order makes the score exactly symmetric
        a, b = b, a
    ka, kb = _key_tokens_for(a), _key_tokens_for(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    if len(ka) != len(kb):
        ka, kb = merge_joined(ka, kb)
    s1 = align(ka, kb).score
    return s1 if len(ka) == len(kb) else max(s1, align(kb, ka).score)


def is_match(a: str, b: str, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True when :func:`score_names` reaches ``threshold`` (default :data:`DEFAULT_THRESHOLD`)."""
    return score_names(a, b) >= threshold


def explain(a: str, b: str) -> dict[str, Any]:
    """Why two names scored as they did: normalised forms, aligned tokens, factors applied, and
    ``decided``: the part of the name that decided (``"father's name differs"``,
    ``"last name element differs"``, ``"given name and father's name swapped (son/father)"``…),
    plus ``notes`` on what was set aside or read leniently (``"title ignored: Dr"``)."""
    if a > b:
        a, b = b, a
    na, nb = normalise_name(a), normalise_name(b)
    ka, kb = _key_tokens_for(a), _key_tokens_for(b)
    if len(ka) != len(kb):
        ka, kb = merge_joined(ka, kb)
    al = align(ka, kb)
    score = score_names(a, b)
    pairs = [{"a": ka[i].text, "b": kb[j].text, "similarity": round(s, 4), "why": why} for i, j, s, why in al.pairs]
    notes = [f"title ignored: {t}" for t in (*na.titles, *nb.titles)]
    for p in pairs:
        if p["why"] in _NOTE_REASONS:
            notes.append(f"{p['a']} / {p['b']}: {p['why']}")
    return {
        "a": {"latin": na.latin, "keys": [t.key for t in ka], "roles": [t.role for t in ka]},
        "b": {"latin": nb.latin, "keys": [t.key for t in kb], "roles": [t.role for t in kb]},
        "pairs": pairs,
        "unmatched_a": [ka[i].text for i in al.unmatched_a],
        "unmatched_b": [kb[j].text for j in al.unmatched_b],
        "factors": [{"why": w, "factor": f} for w, f in al.factors],
        "decided": _decided(ka, kb, al, score),
        "notes": notes,
        "score": round(score, 4),
        "match": score >= DEFAULT_THRESHOLD,
        "threshold": DEFAULT_THRESHOLD,
    }


_NOTE_REASONS: Final[frozenset[str]] = frozenset(
    {
        "same name in another transliteration",
        "same consonants in another script",
        "consonants one apart in another script",
        "initial of the given name",
        "article al- written joined",
    }
)


def _decided(ka: tuple[KeyToken, ...], kb: tuple[KeyToken, ...], al: Any, score: float) -> str:
    """The part of the name that decided the outcome, in words for the hit page."""
    if score >= DEFAULT_THRESHOLD:
        if any(f < 1.0 for _, f in al.factors) or any(s < 1.0 for _, _, s, _ in al.pairs):
            return "names agree apart from minor differences"
        return "names agree"
    if not al.pairs:
        return "no name to compare"
    worst_factor = min(al.factors, key=lambda x: x[1], default=("", 1.0))
    i, j, sim, why = min(al.pairs, key=lambda p: p[2])
    if worst_factor[1] < sim:
        return worst_factor[0]
    ta, tb = ka[i], kb[j]
    roles = {ta.role, tb.role}
    if roles == {"father"}:
        part = "father's name differs"
    elif ta.article or tb.article:
        part = "last name element differs (family, tribe or nisba)"
    elif "surname" in roles:
        part = "last name element differs" if (ta.ordered or tb.ordered) else "surname differs"
    else:
        part = "given name differs"
    if why == "different names that look alike":
        return f"{part}: {ta.text} / {tb.text} look alike but are different names"
    return f"{part} ({ta.text} / {tb.text})"


def clear_caches() -> None:
    """Empty every memo cache (benchmarks call this to measure real work, not cache hits)."""
    from . import score as _score
    from . import translit as _translit

    normalise_name.cache_clear()
    _key_tokens_for.cache_clear()
    _key_tokens.cache_clear()
    _score._compare_keys.cache_clear()
    _translit.fold_key.cache_clear()
    _translit.light_key.cache_clear()
    _translit.diacritic_key.cache_clear()
