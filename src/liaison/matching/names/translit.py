"""Transliteration of regional scripts and folding to a comparison key.

Why our own tables rather than ICU or ``unidecode``:

* ICU's ``Any-Latin`` follows ISO 9 and turns Љ/Њ into L/N with a diacritic that is later
  stripped, so Ljubomir becomes "Lubomir" and Njegoš "Negoš"; Serbian records write Lj and Nj.
* No library implements Bulgaria's Transliteration Act of 2009 (Щ→Sht, Ъ→A, final -ия→-ia),
  and older Bulgarian records use the 1952 forms (Kh, Shch, Ŭ) which must still be recognised.
* Macedonian has two systems in use (scholarly Ǵ/Ḱ and the passport digraphs Gj/Kj/Zh/Ch/Sh)
  and Serbian-style readings (Đ/Ć) appear in regional records; all must meet.

Two stages are kept apart on purpose:

1. :func:`transliterate` gives a human-readable Latin form (Serbian Latin is canonical because
   Serbian Cyrillic↔Latin is one-to-one, while Latin→Cyrillic is ambiguous: nadživeti, injekcija).
2. :func:`fold_key` maps any Latin spelling (Serbian, Croatian, Bosnian, Albanian, Macedonian
   digraphs, English/German/Italian transcriptions, MRZ) into one lower-case ASCII key space, by
   general spelling rules, so that Đorđević / Djordjevic / DORDEVIC / Djordjewitsch and
   Krasniqi / Krasnići meet.  The key is for comparison only and is never shown as a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

# --- Cyrillic → Latin tables -------------------------------------------------------------------

#: Serbian Cyrillic → Serbian Latin (the official one-to-one correspondence).
SERBIAN: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip

#: Macedonian, scholarly system (ISO R9:1968, Macedonian Academy, BGN/PCGN 2013).
MACEDONIAN_SCHOLARLY: Final[dict[str, str]] = {
    **{k: v for k, v in SERBIAN.items() if k not in "ђћ"},
    "ѓ": "ǵ", "ќ": "ḱ", "ѕ": "dz", "ж": "ž", "ч": "č", "ш": "š", "џ": "dž",
}  # fmt: skip

#: Macedonian, digraph system of passports and everyday use.
MACEDONIAN_PASSPORT: Final[dict[str, str]] = {
    **MACEDONIAN_SCHOLARLY,
    "ѓ": "gj", "ќ": "kj", "ж": "zh", "ч": "ch", "ш": "sh", "џ": "dzh", "ѕ": "dz",
}  # fmt: skip

#: Bulgarian, Transliteration Act 2009 (= BGN/PCGN 2013).  Final -ия is handled in code.
BULGARIAN_2009: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}  # fmt: skip

#: Bulgarian, 1952 system still found in older records (Kh, Shch, Ŭ).
BULGARIAN_1952: Final[dict[str, str]] = {
    **BULGARIAN_2009, "х": "kh", "щ": "shch", "ъ": "ŭ", "ь": "'",
}

#: Russian, basic BGN/PCGN-like romanisation (enough for names met in regional records).
RUSSIAN: Final[dict[str, str]] = {
    **BULGARIAN_2009, "х": "kh", "щ": "shch", "ъ": "", "ь": "", "ы": "y", "э": "e", "ё": "e",
    "й": "y",
}

#: Ukrainian, basic national romanisation (2010).
UKRAINIAN: Final[dict[str, str]] = {
    **RUSSIAN, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "yi", "є": "ye", "х": "kh", "щ": "shch",
}

SYSTEMS: Final[dict[str, dict[str, str]]] = {
    "sr": SERBIAN,
    "mk": MACEDONIAN_SCHOLARLY,
    "mk-passport": MACEDONIAN_PASSPORT,
    "bg": BULGARIAN_2009,
    "bg-1952": BULGARIAN_1952,
    "ru": RUSSIAN,
    "uk": UKRAINIAN,
}

_ALL_CYRILLIC: Final[dict[str, str]] = {**UKRAINIAN, **RUSSIAN, **BULGARIAN_2009, **SERBIAN,
                                         **MACEDONIAN_SCHOLARLY}


_CYRILLIC_RE: Final[re.Pattern[str]] = re.compile("[\u0400-\u04ff]")


def detect_system(text: str) -> str:
    """Guess which Cyrillic orthography ``text`` is written in, from its distinctive letters.

    Serbian is the default because its letters are a superset of what the other regional
    orthographies share with it, and its Latin form is the project's canonical one.
    """
    low = text.lower()
    if any(ch in low for ch in "ѓќѕ"):
        return "mk"
    if any(ch in low for ch in "ђћјљњџ"):
        return "sr"
    if any(ch in low for ch in "єїіґ"):
        return "uk"
    if any(ch in low for ch in "ыэё"):
        return "ru"
    if any(ch in low for ch in "щъьюяй"):
        return "bg"
    return "sr"


def _other_cyrillic(low: str) -> str:
    """A Cyrillic letter outside the tables: its base letter (ѐ → e, ѝ → i) or nothing.

    Letters of other orthographies (Kazakh, Old Church Slavonic…) do not occur in the region's
    records; dropping them keeps the Latin form Latin rather than guessing a reading.
    """
    if not "\u0400" <= low <= "\u04ff":
        return low
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    if base != low:
        return "".join(_ALL_CYRILLIC.get(c, "" if "\u0400" <= c <= "\u04ff" else c) for c in base)
    return ""


def _apply_case(src: str, out: str, next_is_upper: bool) -> str:
    if not src.isupper() or not out:
        return out
    # Digraphs: "Љубомир" → "Ljubomir" but "ЉУБОМИР" → "LJUBOMIR".
    return out.upper() if next_is_upper else out[0].upper() + out[1:]


def transliterate(text: str, system: str = "auto") -> str:
    """Transliterate any Cyrillic letters in ``text`` to Latin; other characters pass unchanged.

    ``system`` is one of :data:`SYSTEMS` or ``"auto"`` (chosen per text by
    :func:`detect_system`).  Mixed-script input (``Емир Хоxха``) is handled letter by letter.
    """
    if not _CYRILLIC_RE.search(text):
        return text
    table = SYSTEMS[detect_system(text) if system == "auto" else system]
    bulgarian = table is BULGARIAN_2009
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        low = ch.lower()
        nxt = text[i + 1] if i + 1 < n else ""
        if bulgarian and low == "я" and i > 0 and text[i - 1].lower() == "и" and not nxt.isalpha():
            # Transliteration Act 2009: final -ия is -ia, not -iya.
            out.append(_apply_case(ch, "a", nxt.isupper()))
            continue
        mapped = table.get(low)
        if mapped is None:
            mapped = _ALL_CYRILLIC.get(low)
        if mapped is None:
            mapped = _other_cyrillic(low)
        out.append(_apply_case(ch, mapped, nxt.isupper() or (not nxt.isalpha() and i > 0
                                                              and text[i - 1].isupper())))
    return "".join(out)


# --- folding to the comparison key --------------------------------------------------------------

#: Letters whose decomposition would lose information or map wrongly before the rules run.
_PRE: Final[dict[str, str]] = {
    "đ": "dj", "ǵ": "gj", "ḱ": "kj", "ŭ": "a", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l",
    "ı": "i", "'": "", "’": "", "`": "",
}

# Multi-letter rules, applied left to right at each position, longest first.  Each encodes one
# general spelling fact (see module docstring); none is a memorised name pair.
_RULES: Final[tuple[tuple[str, str], ...]] = (
    ("tsch", "c"),   # German Č/Ć: Petrowitsch
    ("dsch", "dz"),  # German Dž: Hodschitsch
    ("shch", "sc"),  # English Šć (Šćekić → Shchekich); Russian/Bulgarian 1952 Щ
    ("sch", "s"),    # German Š/Ž
    ("dzh", "dz"),   # English/Macedonian Dž
    ("tch", "c"),    # French/English -itch
    ("xh", "dz"),    # Albanian xh = Serbian dž
    ("gj", "d"),     # Albanian gj, Macedonian Ѓ (digraph) = Serbian đ
    ("kj", "c"),     # Macedonian Ќ (digraph) = Serbian ć
    ("dj", "d"),     # Đ written Dj; MRZ and foreign records write plain D
    ("ch", "c"),     # English/Macedonian/Bulgarian Č/Ć
    ("sh", "s"),     # Albanian, English, Macedonian, Bulgarian Š
    ("zh", "z"),     # Albanian, English, Macedonian, Bulgarian Ž
    ("kh", "h"),     # Bulgarian 1952, Russian Х
    ("ts", "c"),     # Bulgarian/Russian Ц
    ("th", "t"),     # Albanian th (Thaçi / Tači)
    ("dh", "d"),     # Albanian dh
    ("ph", "f"),
    ("q", "c"),      # Albanian q = Serbian ć (Krasniqi / Krasnići)
    ("w", "v"),      # German w = v (Petrowitsch)
    ("ë", "e"),
)
_RULE_RE: Final[re.Pattern[str]] = re.compile("|".join(re.escape(a) for a, _ in _RULES))
_RULE_MAP: Final[dict[str, str]] = dict(_RULES)
_VOWELS: Final[frozenset[str]] = frozenset("aeiou")
_GERMAN_RE: Final[re.Pattern[str]] = re.compile(r"tsch|sch|w", re.IGNORECASE)


def looks_german(latin_text: str) -> bool:
    """True when a name shows German transcription habits (tsch, sch, w).

    German (Duden) transcription writes Serbian c as z (Zwetkowitsch = Cvetković, Miliza =
    Milica) while others keep z; the scorer then treats c/z as a soft difference for this name
    instead of rewriting letters, so Lazitsch (z kept) and Zwetkowitsch (c→z) both meet.
    """
    return bool(_GERMAN_RE.search(latin_text))
_NON_ALPHA_RE: Final[re.Pattern[str]] = re.compile(r"[^a-z]+")


def _build_ascii_table() -> dict[int, str]:
    """Precomputed Latin letter → ASCII table (NFKD without marks), plus the special letters.

    A ``str.translate`` table is an order of magnitude faster than decomposing every name.
    """
    table: dict[int, str] = {ord(k): v for k, v in _PRE.items()}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        if cp in table or not ch.isalpha():
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base.isascii() and base != ch:
            table[cp] = base.lower()
    return table


_ASCII_TABLE: Final[dict[int, str]] = _build_ascii_table()


def _to_ascii(low: str) -> str:
    low = low.translate(_ASCII_TABLE)
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFKD", low)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_diacritics(text: str) -> str:
    """Lower-case ``text`` and remove diacritics (Č→c), after the special letters above."""
    return _to_ascii(text.lower())


def _fold_y_x(word: str) -> str:
    """Albanian/Bulgarian ``y`` and Albanian ``x`` by position.

    ``y`` next to a vowel is the glide (Bulgarian Stoyan = Serbian Stojan); elsewhere it is the
    Albanian vowel /y/, which Serbian records write ``i`` (Bytyçi → Bitiči).  A lone ``x`` at
    the start of a word is Albanian /dz/; elsewhere it is the Latin ks (Aleksandar/Alexandar).
    """
    if "y" not in word and "x" not in word:
        return word
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        if ch == "y":
            prev_v = i > 0 and word[i - 1] in _VOWELS
            next_v = i + 1 < n and word[i + 1] in _VOWELS
            out.append("j" if prev_v or next_v else "i")
        elif ch == "x":
            out.append("dz" if i == 0 else "ks")
        else:
            out.append(ch)
    return "".join(out)


def _add_ij(word: str) -> str:
    """Insert the Serbian glide between ``i`` and a following vowel (Maria → Marija).

    Bulgarian 2009 writes final -ия as -ia and Macedonian passports write Ѓорѓиевски as
    Gjorgjievski, while Serbian orthography writes the glide: Marija, Đorđijevski.
    """
    return _IJ_RE.sub("ij", word)


def _collapse_doubles(word: str) -> str:
    """Collapse runs of the same letter (Albanian ll/rr, doubled-letter typos)."""
    if len(word) < 2:
        return word
    out = [word[0]]
    for ch in word[1:]:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=262_144)
def light_key(token: str) -> str:
    """Lower-case ASCII form of one token: transliterated, diacritics stripped, nothing folded.

    Used beside :func:`fold_key` so that a typo inside a digraph (Gjorjgievski) is still seen
    as one slip when both sides use the same convention.
    """
    return _NON_ALPHA_RE.sub("", strip_diacritics(transliterate(token)))


@lru_cache(maxsize=262_144)
def fold_key(token: str) -> str:
    """Fold one name token (any script, any regional or foreign convention) to its key.

    The key alphabet is lower-case ASCII in which Đ/Dj/Gj/D → d, Č/Ć/Ch/Tsch/Q/Ç/Kj → c,
    Š/Sh/Sch → s, Ž/Zh → z, Dž/Xh/Dzh → dz, W → v, Y → i or j, doubled letters single, and a
    glide j between i and a vowel.  Differences left between s and z (German ``sch`` is both
    Š and Ž) are scored as soft by the scorer rather than merged, so Simić/Zimić stay apart.

    The rules are applied until nothing changes, so a key folds to itself (rules can create new
    digraphs across letter boundaries, e.g. Д+ю → dju → du).
    """
    key = _fold_once(token)
    for _ in range(5):
        if not _RULE_RE.search(key):
            break
        again = _fold_once(key)
        if again == key:
            break
        key = again
    return key


def _fold_once(token: str) -> str:
    low = transliterate(token).lower()
    if not low.isascii():
        low = low.translate(_PRE_TABLE)
        # Serbian Latin digraph letters written with diacritics first, before decomposition.
        low = low.replace("dž", "dz").replace("ǆ", "dz")
    low = _RULE_RE.sub(_rule_sub, low)
    low = _NON_ALPHA_RE.sub("", _to_ascii(low))
    if "y" in low or "x" in low:
        low = _fold_y_x(low)
    low = _DOUBLE_RE.sub(r"\1", low)
    return _add_ij(low)


_PRE_TABLE: Final[dict[int, str]] = {ord(k): v for k, v in _PRE.items()}
_DOUBLE_RE: Final[re.Pattern[str]] = re.compile(r"([a-z])\1+")
_IJ_RE: Final[re.Pattern[str]] = re.compile(r"i(?=[aeou])")


def _rule_sub(m: re.Match[str]) -> str:
    return _RULE_MAP[m.group(0)]


_SR_RULES: Final[tuple[tuple[str, str], ...]] = (
    ("xh", "dž"), ("sh", "š"), ("zh", "ž"), ("ch", "č"), ("ç", "č"), ("q", "ć"), ("gj", "đ"),
    ("kj", "ć"), ("ǵ", "đ"), ("ḱ", "ć"), ("ë", "e"), ("th", "t"), ("dh", "d"),
)
_SR_RE: Final[re.Pattern[str]] = re.compile("|".join(re.escape(a) for a, _ in _SR_RULES))
_SR_MAP: Final[dict[str, str]] = dict(_SR_RULES)
_KEEP_RE: Final[re.Pattern[str]] = re.compile(r"[^a-zšžčćđ]+")


@lru_cache(maxsize=262_144)
def diacritic_key(token: str) -> str | None:
    """Serbian-Latin form that keeps š/ž/č/ć, or None when the token carries no diacritics.

    Only a token written with diacritics (or in Cyrillic) says that its writer could tell Š
    from S; when both sides of a comparison are such tokens, Simić and Šimić are two names.
    A token without any diacritic (MRZ, foreign record) tells nothing and gets no such key.
    """
    if token.isascii():
        return None
    key = _precise_once(token)
    for _ in range(5):  # to a fixed point: stripping a mark can form a digraph (cħ → ch)
        again = _precise_once(key)
        if again == key:
            break
        key = again
    return key


def _precise_once(token: str) -> str:
    low = unicodedata.normalize("NFC", transliterate(token).lower())
    low = _SR_RE.sub(lambda m: _SR_MAP[m.group(0)], low)
    low = low.translate(_PRECISE_TABLE)
    return _collapse_doubles(_fold_y_x(_KEEP_RE.sub("", low)))


_PRECISE_TABLE: Final[dict[int, str]] = {
    k: v for k, v in _ASCII_TABLE.items() if chr(k) not in "šžčćđ"}
