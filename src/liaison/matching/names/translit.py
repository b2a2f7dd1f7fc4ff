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
    **BULGARIAN_2009,
    "х": "kh",
    "щ": "shch",
    "ъ": "ŭ",
    "ь": "'",
}

#: Russian, basic BGN/PCGN-like romanisation (enough for names met in regional records).
RUSSIAN: Final[dict[str, str]] = {
    **BULGARIAN_2009,
    "х": "kh",
    "щ": "shch",
    "ъ": "",
    "ь": "",
    "ы": "y",
    "э": "e",
    "ё": "e",
    "й": "y",
}

#: Ukrainian, basic national romanisation (2010).
UKRAINIAN: Final[dict[str, str]] = {
    **RUSSIAN,
    "г": "h",
    "ґ": "g",
    "и": "y",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "х": "kh",
    "щ": "shch",
}

#: Belarusian, national romanisation as in passports (Г→H, Ў→U).
BELARUSIAN: Final[dict[str, str]] = {**RUSSIAN, "г": "h", "і": "i", "ў": "u", "и": "i"}

SYSTEMS: Final[dict[str, dict[str, str]]] = {
    "sr": SERBIAN,
    "mk": MACEDONIAN_SCHOLARLY,
    "mk-passport": MACEDONIAN_PASSPORT,
    "bg": BULGARIAN_2009,
    "bg-1952": BULGARIAN_1952,
    "ru": RUSSIAN,
    "uk": UKRAINIAN,
    "be": BELARUSIAN,
}

_ALL_CYRILLIC: Final[dict[str, str]] = {
    **BELARUSIAN,
    **UKRAINIAN,
    **RUSSIAN,
    **BULGARIAN_2009,
    **SERBIAN,
    **MACEDONIAN_SCHOLARLY,
}


_CYRILLIC_RE: Final[re.Pattern[str]] = re.compile("[\u0400-\u04ff]")


#: Bulgarian writes ь only before о; a soft sign elsewhere is Russian (or Ukrainian/Belarusian).
_SOFT_SIGN_RE: Final[re.Pattern[str]] = re.compile("ь(?!о)")


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
    if "ў" in low or ("і" in low and any(ch in low for ch in "ыэ")):
        return "be"
    if any(ch in low for ch in "єїіґ"):
        return "uk"
    if any(ch in low for ch in "ыэё") or _SOFT_SIGN_RE.search(low):
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
    """Transliterate ``text`` to Latin: Cyrillic by our tables, every other script by
    :func:`other_scripts_to_latin`; Latin letters pass unchanged.

    ``system`` is one of :data:`SYSTEMS` or ``"auto"`` (chosen per text by
    :func:`detect_system`).  Mixed-script input (``Емир Хоxха``) is handled letter by letter.
    """
    if text.isascii():
        return text
    if _CYRILLIC_RE.search(text):
        text = _cyrillic_to_latin(text, system)
    if _OTHER_SCRIPT_RE.search(text):
        text = other_scripts_to_latin(text)
    return text


def _cyrillic_to_latin(text: str, system: str) -> str:
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
        out.append(_apply_case(ch, mapped, nxt.isupper() or (not nxt.isalpha() and i > 0 and text[i - 1].isupper())))
    return "".join(out)


# --- folding to the comparison key --------------------------------------------------------------

#: Letters whose decomposition would lose information or map wrongly before the rules run.
_PRE: Final[dict[str, str]] = {
    "đ": "dj",
    "ǵ": "gj",
    "ḱ": "kj",
    "ŭ": "a",
    "ß": "ss",
    "æ": "ae",
    "ø": "o",
    "ł": "l",
    "ı": "i",
    "'": "",
    "’": "",
    "`": "",
}

# Multi-letter rules, applied left to right at each position, longest first.  Each encodes one
# general spelling fact (see module docstring); none is a memorised name pair.
_RULES: Final[tuple[tuple[str, str], ...]] = (
    ("tsch", "c"),  # German Č/Ć: Petrowitsch
    ("dsch", "dz"),  # German Dž: Hodschitsch
    ("shch", "sc"),  # English Šć (Šćekić → Shchekich); Russian/Bulgarian 1952 Щ
    ("sch", "s"),  # German Š/Ž
    ("dzh", "dz"),  # English/Macedonian Dž
    ("tch", "c"),  # French/English -itch
    ("xh", "dz"),  # Albanian xh = Serbian dž
    ("gj", "d"),  # Albanian gj, Macedonian Ѓ (digraph) = Serbian đ
    ("kj", "c"),  # Macedonian Ќ (digraph) = Serbian ć
    ("dj", "d"),  # Đ written Dj; MRZ and foreign records write plain D
    ("ch", "c"),  # English/Macedonian/Bulgarian Č/Ć
    ("sh", "s"),  # Albanian, English, Macedonian, Bulgarian Š
    ("zh", "z"),  # Albanian, English, Macedonian, Bulgarian Ž
    ("kh", "h"),  # Bulgarian 1952, Russian Х
    ("ts", "c"),  # Bulgarian/Russian Ц
    ("th", "t"),  # Albanian th (Thaçi / Tači)
    ("dh", "d"),  # Albanian dh
    ("ph", "f"),
    ("q", "c"),  # Albanian q = Serbian ć (Krasniqi / Krasnići)
    ("w", "v"),  # German w = v (Petrowitsch)
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
    if len(word) > 3 and word[0] == "i" and word[1] in "aeou":
        # ICAO 9303 writes Я, Ю, Є at the start of a name as IA, IU, IE (IULIIA = Yuliya).
        word = "j" + word[1:]
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
    ("xh", "dž"),
    ("sh", "š"),
    ("zh", "ž"),
    ("ch", "č"),
    ("ç", "č"),
    ("q", "ć"),
    ("gj", "đ"),
    ("kj", "ć"),
    ("ǵ", "đ"),
    ("ḱ", "ć"),
    ("ë", "e"),
    ("th", "t"),
    ("dh", "d"),
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


_PRECISE_TABLE: Final[dict[int, str]] = {k: v for k, v in _ASCII_TABLE.items() if chr(k) not in "šžčćđ"}


# --- scripts other than Latin and Cyrillic -------------------------------------------------------
#
# Partner records and passports of people checked at a PCC come in Arabic (with the Persian, Urdu
# and Pashto letters), Greek, Georgian, Armenian, Hebrew, Han, kana, Hangul, Devanagari, Bengali,
# Thai, Khmer…  ``anyascii`` (a maintained, pure-Python table of every Unicode letter) gives the
# base reading; the rules below only add what names need on top of it:
#
# * Han names carry no spaces: the first syllable is the family name (two for the compound
#   family names below), the rest the given name written as one word (习近平 → Xi Jinping).
# * Hangul: family names by their customary passport spelling (김 → Kim, 이 → Lee), the given
#   name in Revised Romanisation with eo/eu simplified as most passports write them.
# * Arabic script: the article ال is written ``al-`` so that the parser sees it; a word-initial
#   ʿayn or hamza is the vowel the Latin spelling starts with; short vowels are not written, so
#   tokens from abjad and abugida scripts are compared by consonant skeleton (see
#   :func:`skeleton`), not letter by letter.
# * Hebrew ב/כ/פ without points are read b/k/p (the name forms, Binyamin rather than Vinyamin).
# * Devanagari/Bengali anusvara before a consonant is n (नरेंद्र → Narendra).

_OTHER_SCRIPT_RE: Final[re.Pattern[str]] = re.compile(
    r"[^\u0000-\u024f\u0300-\u036f\u0400-\u04ff\u1e00-\u1eff\u2000-\u206f]"
)
#: Scripts that do not write short vowels (abjads) or whose romanisation of vowels varies widely.
LOOSE_SCRIPT_RE: Final[re.Pattern[str]] = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0e7f\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff]"
)
_HAN_RE: Final[re.Pattern[str]] = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HANGUL_RE: Final[re.Pattern[str]] = re.compile(r"[\uac00-\ud7af]+")
_ARABIC_WORD_RE: Final[re.Pattern[str]] = re.compile(
    r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c\u200d]+"
)
_HEBREW_RE: Final[re.Pattern[str]] = re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]+")
_ARABIC_MARKS_RE: Final[re.Pattern[str]] = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]")
_HAN_COMPOUND: Final[frozenset[str]] = frozenset(
    {
        "欧阳",
        "歐陽",
        "司马",
        "司馬",
        "诸葛",
        "諸葛",
        "上官",
        "东方",
        "東方",
        "皇甫",
        "令狐",
        "慕容",
        "夏侯",
        "尉迟",
        "尉遲",
    }
)
_HANGUL_SURNAMES: Final[dict[str, str]] = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang", "조": "Cho",
    "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh", "서": "Seo", "신": "Shin",
    "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "류": "Ryu", "유": "Yoo", "홍": "Hong",
    "전": "Jeon", "고": "Ko", "문": "Moon", "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek",
    "허": "Heo", "노": "Roh", "남": "Nam", "심": "Shim", "하": "Ha", "곽": "Kwak", "성": "Sung",
    "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "진": "Jin", "나": "Na",
}  # fmt: skip
_HEBREW_PRE: Final[dict[int, str]] = str.maketrans({"ב": "b", "כ": "k", "ך": "k", "פ": "p", "ף": "f"})
_ARABIC_INITIAL_VOWEL: Final[frozenset[str]] = frozenset("عءأإآا")


def _ascii(text: str) -> str:
    from anyascii import anyascii

    return anyascii(text)


def _han(m: re.Match[str]) -> str:
    run = m.group(0)
    n_sur = 2 if run[:2] in _HAN_COMPOUND else 1
    sur = "".join(_ascii(c) for c in run[:n_sur]).capitalize()
    given = "".join(_ascii(c) for c in run[n_sur:]).capitalize()
    return f" {sur} {given} " if given else f" {sur} "


def _hangul_syllable(c: str) -> str:
    return _ascii(c).lower().replace("eo", "o")


def _hangul(m: re.Match[str]) -> str:
    run = m.group(0)
    if len(run) == 1:
        return f" {_hangul_syllable(run).capitalize()} "
    sur = _HANGUL_SURNAMES.get(run[0]) or _hangul_syllable(run[0]).capitalize()
    given = "".join(_hangul_syllable(c) for c in run[1:]).capitalize()
    return f" {sur} {given} "


def _arabic(m: re.Match[str]) -> str:
    word = _ARABIC_MARKS_RE.sub("", m.group(0))
    if not word:
        return ""
    prefix = ""
    if word.startswith("ال") and len(word) > 3:
        prefix, word = "al-", word[2:]
    head = ""
    if word[0] in _ARABIC_INITIAL_VOWEL:
        head, word = "a", word[1:]
    # Inside a word ʿayn and hamza carry no Latin letter in most name spellings.
    body = _ascii(word.replace("ع", "").replace("ء", "")).replace("'", "").replace("`", "")
    latin = (head + body).capitalize()
    return prefix + latin if latin else prefix.rstrip("-")


_GREEK_RE: Final[re.Pattern[str]] = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]+")


def _greek(m: re.Match[str]) -> str:
    # ου is ou in every romanisation of names (ELOT 743, passports): Papadopoulou.
    return _ascii(m.group(0)).replace("oy", "ou").replace("Oy", "Ou").replace("OY", "OU")


def _hebrew(m: re.Match[str]) -> str:
    return _ascii(m.group(0).translate(_HEBREW_PRE)).replace("'", "").capitalize()


def other_scripts_to_latin(text: str) -> str:
    """Latin form of a name written in any script other than Latin and Cyrillic.

    Never raises; letters with no reading are dropped.  Characters already Latin pass unchanged.
    """
    if "\u0902" in text or "\u0982" in text:
        text = text.replace("\u0902", "n").replace("\u0982", "n")
    text = _HAN_RE.sub(_han, text)
    text = _HANGUL_RE.sub(_hangul, text)
    text = _ARABIC_WORD_RE.sub(_arabic, text)
    text = _HEBREW_RE.sub(_hebrew, text)
    text = _GREEK_RE.sub(_greek, text)
    if _OTHER_SCRIPT_RE.search(text):
        out = []
        for word in text.split(" "):
            if _OTHER_SCRIPT_RE.search(word):
                latin = _ascii(word)
                word = latin.capitalize() if latin.islower() else latin
            out.append(word)
        text = " ".join(out)
    return " ".join(text.split()) if "  " in text or text[:1] == " " or text[-1:] == " " else text


_SKELETON_DROP: Final[dict[int, None | str]] = str.maketrans(
    {"a": None, "e": None, "i": None, "o": None, "u": None, "j": None, "v": None, "w": None,
     "y": None, "q": "k", "c": "k", "p": "f", "z": "s"}
)  # fmt: skip


@lru_cache(maxsize=262_144)
def skeleton(key: str) -> str:
    """Consonant skeleton of a folded key, for comparing with an abjad or abugida spelling.

    Arabic and Hebrew do not write short vowels and write long ones with letters that are also
    consonants (و w/u/o, ي y/i/e); Indic and South-East Asian romanisations vary the vowels.
    So vowels and glides are dropped, a final h (tāʾ marbūṭa, Persian silent he) too, and the
    consonant pairs that romanisations of one letter disagree on are merged (q/k/c, p/f, z/s).
    """
    sk = key.translate(_SKELETON_DROP)
    if sk.endswith("h") and len(sk) > 1:
        sk = sk[:-1]
    return _DOUBLE_RE.sub(r"\1", sk)
