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

# --- parts of a name that are not compared ------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Titles and honorifics, dropped anywhere in a name (kept for display).
TITLES: Final[frozenset[str]] = _wordset(
    "mr mrs ms miss mx dr prof professor sir dame rev reverend hrh excellency honourable honorable "
    "president minister ambassador colonel lieutenant sgt brigadier admiral marshal senator "
    "shaikh sheikh sheik shaykh cheikh shekh sekh haji hajji hadji hajj alhaj alhaji hajjah hajja ayatollah "
    "ayatullah hojatoleslam hujjatulislam mullah mulla maulana mawlana maulvi moulvi mufti "
    "shri shree smt herr frau mme mlle monsieur madame dott jr jnr snr phd esq ii iii iv"
)
#: Words that are titles only in front of a name that goes on (elsewhere they can be names:
#: Emir Hoxha, John Major, Hon Sen's family name is not "Honourable").
LEADING_TITLES: Final[frozenset[str]] = _wordset(
    "emir amir sayyid sayed syed sultan mirza pir begum general gen col maj major capt captain lt "
    "judge justice king queen prince princess lord lady imam qari hafiz sri kumari don dona ing "
    "mag hon sr"
)
#: Legal-form words of companies: a record that mixes them into a name is not a person's name part.
LEGAL_FORMS: Final[frozenset[str]] = _wordset(
    "ltd llc llp inc incorporated corp corporation co company limited plc gmbh ag kg sa sarl sas "
    "srl spa bv nv doo dd ad ood eood jsc ojsc pjsc cjsc ooo zao oao pao tov pte pty kft zrt sro "
    "as asa ab oy ltda sl fze fzco fzc wll"
)
_LEGAL_TAIL_RE: Final[re.Pattern[str]] = re.compile(
    r"[\s,]+(d\.\s?o\.\s?o\.?|sp\.?\s?z\s?o\.\s?o\.?|s\.\s?a\.?|s\.\s?r\.\s?l\.?|b\.\s?v\.?|n\.\s?v\.?)\s*$",
    re.IGNORECASE,
)
#: Nasab markers: the next word is the father's (or a further ancestor's) name.
NASAB: Final[frozenset[str]] = _wordset("bin ibn ibnu bn ben bint binti bnt ould ouled wuld walad")
#: Turkic patronymic markers after the father's name (Heydar oglu, Aliyev qizi).
PATRONYMIC_AFTER: Final[frozenset[str]] = _wordset("oglu ogly oglou ogli uly kyzy kizi qizi gizi")
#: The Arabic article written apart (al-Rawi, el Sayed, ul-Haq) and the sun-letter assimilations.
ARTICLES: Final[frozenset[str]] = _wordset("al el ul il ad ud ed ar ur er as us es ash at az an")
#: First parts of compound names that never stand alone (ʿAbd al-…, Abu …).
COMPOUND_HEADS: Final[frozenset[str]] = _wordset(
    "abd abdul abdel abdal abdol abdou abdoul abdu abdur abder abdus abdes abu abou abo"
)
_DIN: Final[frozenset[str]] = _wordset("din deen dine dinn udin uddin eddin eddine uddeen")

_MRZ_LINE_PREFIX_RE: Final[re.Pattern[str]] = re.compile(r"^[A-Z][A-Z<]([A-Z<]{3})(?=[A-Z])")
_PAREN_RE: Final[re.Pattern[str]] = re.compile(r"\(([^()\[\]]*)\)|\[([^()\[\]]*)\]")
_SPLIT_RE: Final[re.Pattern[str]] = re.compile(r"[\s\-‐‑–—_.,;/\\\"“”„]+")
_MRZ_CHARS_RE: Final[re.Pattern[str]] = re.compile(r"^[A-Z0-9<\s]+$")


@dataclass(frozen=True, slots=True)
class Token:
    """One name token as written (after splitting), with its role in the name."""

    text: str
    role: Role
    article: bool = False  # written with the Arabic article (al-Rawi): a family or nisba name


@dataclass(frozen=True, slots=True)
class ParsedName:
    """Tokens of a name plus what was set aside: titles, honorifics and legal forms (for
    display), and whether the order of given and father's names is significant (nasab chain)."""

    tokens: tuple[Token, ...]
    titles: tuple[str, ...] = ()
    ordered: bool = False


def _split_camel(word: str) -> list[str]:
    """``SergeiLavrov`` → ``Sergei``, ``Lavrov``: a capital after at least three lower-case
    letters and followed by lower-case ones starts a new word (McDonald, DiCaprio stay whole)."""
    if len(word) < 6 or word.isupper() or word.islower():
        return [word]
    out: list[str] = []
    start = 0
    for i in range(3, len(word) - 2):
        lower_before = word[i - 1].islower() and word[i - 2].islower() and word[i - 3].islower()
        if word[i].isupper() and lower_before and i - start >= 3 and word[i + 1].islower():
            out.append(word[start:i])
            start = i
    out.append(word[start:])
    return out


def _words(text: str) -> list[str]:
    out: list[str] = []
    for w in _SPLIT_RE.split(text):
        if w and any(ch.isalpha() for ch in w):
            out.extend(_split_camel(w))
    return out


def _plain(word: str) -> str:
    return word.lower().replace("'", "").replace("’", "").replace("`", "")


@dataclass(slots=True)
class _Prep:
    words: list[str]
    father: set[int]
    article: set[int]
    titles: list[str]
    ordered: bool


def _prepare(words: list[str], titles: list[str]) -> _Prep:
    """Set titles and legal forms aside; join particles to the names they belong to.

    Returns the words to compare, the indices that a nasab or patronymic marker made father's
    names, the indices written with the Arabic article, and whether a nasab marker was seen.
    """
    n = len(words)
    keep: list[str] = []
    for i, w in enumerate(words):
        p = _plain(w)
        title = p in TITLES and n > 1
        leading = p in LEADING_TITLES and not keep and n - i >= 3
        legal = p in LEGAL_FORMS and i >= n - 2 and i >= 2 and n >= 3
        if title or leading or legal:
            titles.append(w)
        else:
            keep.append(w)
    if not keep:
        keep = list(words)
    out: list[str] = []
    father: set[int] = set()
    article: set[int] = set()
    ordered = False
    i = 0
    m = len(keep)
    while i < m:
        w = keep[i]
        p = _plain(w)
        nxt = keep[i + 1] if i + 1 < m else None
        if p in NASAB and out and nxt is not None and (p != "ben" or i >= 1):
            ordered = True
            i += 1
            w = keep[i]
            p = _plain(w)
            nxt = keep[i + 1] if i + 1 < m else None
            mark_father = True
        else:
            mark_father = False
        if p in PATRONYMIC_AFTER and out:
            father.add(len(out) - 1)
            i += 1
            continue
        # An article joins a name, not an initial: "Ar A" (a given name Ar and an initial) stays two words.
        if p in ARTICLES and nxt is not None and len(_plain(nxt).strip(".")) > 1:
            if _plain(nxt) in _DIN and out:
                out[-1] = out[-1] + "ud-" + nxt  # Nizam ud-Din = Nizamuddin
                i += 2
                continue
            if out and _plain(out[-1]) in COMPOUND_HEADS:
                out[-1] = out[-1] + "-" + w + "-" + nxt  # ʿAbd al-Rahman
                i += 2
                continue
            if nxt is not None and _plain(nxt) not in NASAB:
                article.add(len(out))
                if mark_father:
                    father.add(len(out))
                out.append(w + "-" + nxt)
                i += 2
                continue
        if p in _DIN and out and _plain(out[-1]) not in NASAB:
            out[-1] = out[-1] + "-" + w
            i += 1
            continue
        if p in COMPOUND_HEADS and nxt is not None and _plain(nxt) not in NASAB | ARTICLES:
            if mark_father:
                father.add(len(out))
            out.append(w + "-" + nxt)
            i += 2
            continue
        if mark_father:
            father.add(len(out))
        if p[:3] in ("al-", "el-") or (p[:2] in ("al", "el") and len(w) > 3 and w[2:3] in "-‐‑"):
            article.add(len(out))
        out.append(w)
        i += 1
    if not out:
        out = keep
    return _Prep(out, father, article, titles, ordered)


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
            s = s[m.end() :]
    s = s.rstrip("<")
    surname_part, _, given_part = s.partition("<<")
    tokens = [Token(w, "surname") for w in surname_part.split("<") if w and w.isalpha()]
    tokens += [Token(w, "given") for w in given_part.replace("<<", "<").split("<") if w and w.isalpha()]
    return tokens


def _is_caps_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


_PATRONYMIC_ENDINGS: Final[tuple[str, ...]] = (
    "ovich", "evich", "ovych", "ovitch", "evitch", "ovna", "evna", "ivna", "oglu", "ogly",
)  # fmt: skip


def _is_patronymic(word: str) -> bool:
    p = _plain(word)
    return len(p) > 6 and p.endswith(_PATRONYMIC_ENDINGS)


def _given_tokens(prep: _Prep) -> list[Token]:
    out = []
    for i, w in enumerate(prep.words):
        father = i in prep.father or (i > 0 and _is_patronymic(w))
        out.append(Token(w, "father" if father else "given", i in prep.article))
    return out


def _assemble(
    given: list[str], surname: list[str], fathers: list[str], titles: list[str], surname_first: bool = False
) -> ParsedName:
    gp = _prepare(given, titles)
    sp = _prepare(surname, titles)
    sur = [Token(w, "surname", i in sp.article) for i, w in enumerate(sp.words)]
    tokens = _given_tokens(gp) + [Token(w, "father") for w in fathers]
    tokens = sur + tokens if surname_first else tokens + sur
    return ParsedName(tuple(tokens), tuple(titles), gp.ordered or sp.ordered)


def parse_name(text: str) -> list[Token]:
    """Split a written name into role-tagged tokens; never raises, returns [] for no letters."""
    return list(parse_name_full(text).tokens)


def parse_name_full(text: str) -> ParsedName:
    """Parse a written name: role-tagged tokens, the titles set aside, and the nasab flag."""
    if not text or not text.strip():
        return ParsedName(())
    titles: list[str] = []
    if is_mrz(text):
        toks = parse_mrz(text)
        return _assemble(
            [t.text for t in toks if t.role == "given"], [t.text for t in toks if t.role == "surname"], [], titles, True
        )
    fathers: list[str] = []
    for m in _PAREN_RE.finditer(text):
        fathers.extend(_words(m.group(1) or m.group(2) or ""))
    body = _PAREN_RE.sub(" ", text)
    for ch in "()[]":
        body = body.replace(ch, " ")
    lm = _LEGAL_TAIL_RE.search(body)
    if lm and lm.start() > 0:
        titles.append(lm.group(1))
        body = body[: lm.start()]
    if "," in body:
        surname_part, _, given_part = body.partition(",")
        sur = _words(surname_part)
        giv = _words(given_part)
        if sur and giv:
            return _assemble(giv, sur, fathers, titles)
        body = surname_part + " " + given_part
    words = _words(body)
    if not words:
        return ParsedName(tuple(Token(w, "father") for w in fathers))
    caps = [_is_caps_word(w) for w in words]
    if 0 < sum(caps) < len(words) and caps[0]:
        # Surname first in capitals: "PETROVIĆ Marko".
        n = caps.index(False)
        return _assemble(words[n:], words[:n], fathers, titles)
    prep = _prepare(words, titles)
    words = prep.words
    if len(words) == 1:
        return ParsedName(
            (Token(words[0], "unknown", 0 in prep.article), *(Token(w, "father") for w in fathers)),
            tuple(titles),
            prep.ordered,
        )
    last = len(words) - 1
    given = _given_tokens(_Prep(words[:-1], prep.father, prep.article, titles, prep.ordered))
    if last in prep.father:
        given.append(Token(words[-1], "father", last in prep.article))
        return ParsedName(tuple(given + [Token(w, "father") for w in fathers]), tuple(titles), prep.ordered)
    tail = Token(words[-1], "surname", last in prep.article)
    if fathers:
        return ParsedName(tuple(given + [Token(w, "father") for w in fathers] + [tail]), tuple(titles), prep.ordered)
    if len(words) == 3 and given[1].role == "given":
        # Serbian records: given, father's, surname (Arabic names too: given, father, family).
        # Kept "given" for the middle one would make a second given name mandatory; "father"
        # makes it optional for the scorer.
        given = [given[0], Token(given[1].text, "father", given[1].article)]
    return ParsedName(tuple(given + [tail]), tuple(titles), prep.ordered)
