"""Parse a written person name into tokens with roles (given, surname, father, unknown).

Names reach the system in several shapes, and the scorer needs to know which token is which so
that it can be strict where a difference means another person (a given name's feminine -a) and
lenient where records differ by habit (order, an extra father's name):

* ICAO 9303 MRZ name fields: ``SURNAME<<GIVEN<NAMES`` with filler ``<`` (also a full line
  ``P<SRBPETROVIC<<MARKO<<<<`` with its document code and issuing state).
* ``SURNAME, Given`` (comma form used by registers and many foreign systems).
* Surname first written in capitals: ``PETROVIĆ Marko``.
* Serbian official records carry the father's name between given name and surname, often in
  parentheses: ``Marko (Jovan) Petrović``.
* Plain ``Given [Given…] Surname`` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

Role = Literal["given", "surname", "father", "unknown"]

_MRZ_LINE_PREFIX_RE: Final[re.Pattern[str]] = re.compile(r"^[A-Z][A-Z<]([A-Z<]{3})(?=[A-Z])")
_PAREN_RE: Final[re.Pattern[str]] = re.compile(r"\(([^()\[\]]*)\)|\[([^()\[\]]*)\]")
_SPLIT_RE: Final[re.Pattern[str]] = re.compile(r"[\s\-‐‑–—_.,;/\\\"“”„]+")
_MRZ_CHARS_RE: Final[re.Pattern[str]] = re.compile(r"^[A-Z0-9<\s]+$")


@dataclass(frozen=True, slots=True)
class Token:
    """One name token as written (after splitting), with its role in the name."""

    text: str
    role: Role


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT_RE.split(text) if w and any(ch.isalpha() for ch in w)]


def is_mrz(text: str) -> bool:
    """True when ``text`` looks like an MRZ name field (upper-case ASCII with ``<<``)."""
    s = text.strip()
    return "<<" in s and bool(_MRZ_CHARS_RE.match(s))


def parse_mrz(text: str) -> list[Token]:
    """Parse an MRZ name field; a leading document code and issuing state are dropped.

    ``P<SRBPETROVIC<<MARKO<<<<`` and ``PETROVIC<<MARKO<JOVAN<<<`` both work.  The surname part
    may itself contain ``<`` between words (double surnames).
    """
    s = text.strip().replace(" ", "")
    if s.startswith(("P<", "I<", "ID", "A<", "C<", "V<")) and len(s) > 5 and s[1] in "<D":
        m = _MRZ_LINE_PREFIX_RE.match(s)
        if m:
            s = s[m.end():]
    s = s.rstrip("<")
    surname_part, _, given_part = s.partition("<<")
    tokens = [Token(w, "surname") for w in surname_part.split("<") if w and w.isalpha()]
    tokens += [Token(w, "given") for w in given_part.replace("<<", "<").split("<")
               if w and w.isalpha()]
    return tokens


def _is_caps_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def parse_name(text: str) -> list[Token]:
    """Split a written name into role-tagged tokens; never raises, returns [] for no letters."""
    if not text or not text.strip():
        return []
    if is_mrz(text):
        return parse_mrz(text)
    fathers: list[str] = []
    for m in _PAREN_RE.finditer(text):
        fathers.extend(_words(m.group(1) or m.group(2) or ""))
    body = _PAREN_RE.sub(" ", text)
    for ch in "()[]":
        body = body.replace(ch, " ")
    if "," in body:
        surname_part, _, given_part = body.partition(",")
        sur = _words(surname_part)
        giv = _words(given_part)
        if sur and giv:
            return ([Token(w, "given") for w in giv] + [Token(w, "father") for w in fathers]
                    + [Token(w, "surname") for w in sur])
        body = surname_part + " " + given_part
    words = _words(body)
    if not words:
        return [Token(w, "father") for w in fathers]
    caps = [_is_caps_word(w) for w in words]
    if 0 < sum(caps) < len(words) and caps[0]:
        # Surname first in capitals: "PETROVIĆ Marko".
        n = caps.index(False)
        sur, giv = words[:n], words[n:]
        return ([Token(w, "given") for w in giv] + [Token(w, "father") for w in fathers]
                + [Token(w, "surname") for w in sur])
    if len(words) == 1:
        return [Token(words[0], "unknown")] + [Token(w, "father") for w in fathers]
    given = [Token(w, "given") for w in words[:-1]]
    if fathers:
        return given + [Token(w, "father") for w in fathers] + [Token(words[-1], "surname")]
    if len(words) == 3:
        # Serbian records: given, father's, surname.  Kept "given" for the middle one would
        # make a second given name mandatory; "father" makes it optional for the scorer.
        given = [given[0], Token(words[1], "father")]
    return given + [Token(words[-1], "surname")]
