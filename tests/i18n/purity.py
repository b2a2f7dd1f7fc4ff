"""Script purity: a Serbian-Cyrillic (or Macedonian) text shows no Latin letters outside names, codes and
data, and a Latin-script text no Cyrillic. Used on catalogue entries and on rendered pages."""

from __future__ import annotations

import re

#: Proper names and terms written in Latin letters in Cyrillic text too (systems, treaties, formats).
_TERMS = """SIENA SIRENE INTERPOL Europol EMPACT SELEC NEST CITES MRZ IBAN VIN FtM CSV JSON API TOTP UTC HS CAS
ICAO ISO LED PCC SPOC URL ID PDF HTML SQL IMO OK Liaison FIU.net Ma3tch EU FRONTEX Frontex OLAF WCO
HTTPS X-CSRF-Token TE-SAT WB-RAN PostgreSQL FollowTheMoney Gephi OzonAction UNODC
Anguilla anguilla A. Dalbergia Pterocarpus Swietenia README"""
LATIN_TERMS = frozenset(_TERMS.split())
_PLACEHOLDER = re.compile(
    r"%\([a-z_]+\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%[sdif]|\{[a-z_]*\}|<[^>]+>|&[a-z]+;"
    # technical tokens a user types as they are: 'quoted commands', --options, ENV_VARS, field_names, key:12
    r"|'[^'\s][^']*'|--[a-z][a-z-]*|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]+:\d+\b"
)
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ0-9./-]*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _is_code(word: str) -> bool:
    """Codes and acronyms: all capitals (H2, XK, RS), or with digits (I-24/7, 2023/977)."""
    letters = [ch for ch in word if ch.isalpha()]
    return word in LATIN_TERMS or any(ch.isdigit() for ch in word) or (len(letters) <= 4 and word.isupper())


def latin_outside_codes(text: str) -> list[str]:
    """The Latin words of ``text`` that are not placeholders, markup, codes or known terms."""
    stripped = _PLACEHOLDER.sub(" ", text)
    return [w for w in _LATIN_WORD.findall(stripped) if not _is_code(w.strip("./-"))]


def cyrillic_in(text: str) -> list[str]:
    return _CYRILLIC.findall(_PLACEHOLDER.sub(" ", text))


def impurities(text: str, *, cyrillic: bool) -> list[str]:
    """What breaks the script of a text meant to be Cyrillic (``cyrillic=True``) or Latin."""
    return latin_outside_codes(text) if cyrillic else cyrillic_in(text)
