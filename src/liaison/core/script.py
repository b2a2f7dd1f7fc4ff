"""Serbian, Montenegrin and Macedonian between Cyrillic and Latin: for showing a name in the reader's script
beside the one it was entered in, and for generating the Serbian Latin catalogue from the Cyrillic one.

Both directions are exact for these alphabets (one letter or digraph per letter), which is why they live
here and not in ``matching/names``: that module *matches* names from every script, with lossy folding;
this one *writes* them, losslessly, and core may not import matching.
"""

from __future__ import annotations

import re

_SR_CYR_TO_LAT: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip
#: Macedonian letters not in Serbian, in the official romanisation used on Macedonian documents.
_MK_EXTRA: dict[str, str] = {"ѓ": "gj", "ќ": "kj", "ѕ": "dz"}
#: Montenegrin's two letters beyond Serbian, written with a combining acute in Cyrillic.
_CNR_EXTRA: dict[str, str] = {"с\u0301": "ś", "з\u0301": "ź"}

_CYR_TO_LAT: dict[str, str] = {**_SR_CYR_TO_LAT, **_MK_EXTRA}
_LAT_TO_SR: dict[str, str] = {v: k for k, v in _SR_CYR_TO_LAT.items()}
_LAT_TO_MK: dict[str, str] = {**{k: v for k, v in _LAT_TO_SR.items() if k not in ("đ", "ć")},
                              "gj": "ѓ", "kj": "ќ", "dz": "ѕ", "đ": "ѓ", "ć": "ќ"}  # fmt: skip
_LATIN_LETTERS = set("abcdefghijklmnopqrstuvwxyzčćđšžśź")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-zčćđšžśźČĆĐŠŽŚŹ]")


def _case_like(source: str, target: str, next_char: str) -> str:
    """``Љ`` → ``Lj`` before a lower-case letter, ``LJ`` in an all-capitals word."""
    if not source[:1].isupper():
        return target
    if len(target) > 1 and not next_char.isupper():
        return target[0].upper() + target[1:]
    return target.upper()


def has_cyrillic(value: str) -> bool:
    return bool(_CYRILLIC.search(value))


def has_latin(value: str) -> bool:
    return bool(_LATIN.search(value))


def cyrillic_to_latin(value: str) -> str:
    """Serbian/Montenegrin/Macedonian Cyrillic to Latin; other characters unchanged."""
    for cyr, lat in _CNR_EXTRA.items():
        value = value.replace(cyr, lat).replace(cyr.upper(), lat.upper())
    out: list[str] = []
    for i, ch in enumerate(value):
        found = _CYR_TO_LAT.get(ch.lower())
        if found is None:
            out.append(ch)
            continue
        following = value[i + 1] if i + 1 < len(value) else ""
        out.append(_case_like(ch, found, following))
    return "".join(out)


def latin_to_cyrillic(value: str, *, macedonian: bool = False) -> str:
    """Gaj's Latin (Serbian, Bosnian, Croatian, Montenegrin) to Serbian or Macedonian Cyrillic.

    Digraphs (lj, nj, dž; for Macedonian also gj, kj, dz) are read as one letter: right for names, which is
    what this is for, wrong for the rare compound across a morpheme boundary (keep those in the exceptions
    of the catalogue step).
    """
    table = _LAT_TO_MK if macedonian else _LAT_TO_SR
    out: list[str] = []
    i = 0
    while i < len(value):
        pair = value[i : i + 2]
        if len(pair) == 2 and pair.lower() in table:
            letter = table[pair.lower()]
            out.append(letter.upper() if pair[0].isupper() else letter)
            i += 2
            continue
        ch = value[i]
        if ch.lower() in ("ś", "ź"):
            base = "с" if ch.lower() == "ś" else "з"
            out.append((base.upper() if ch.isupper() else base) + "\u0301")
        else:
            single = table.get(ch.lower())
            out.append(ch if single is None else (single.upper() if ch.isupper() else single))
        i += 1
    return "".join(out)


def is_gaj_latin(value: str) -> bool:
    """Whether ``value`` is written in the Latin alphabet of the region's Slavic languages, so that writing
    it in Cyrillic is meaningful: every letter in that alphabet and at least one of its own letters
    (č, ć, đ, š, ž): "John" uses only letters of that alphabet too, but is no Serbian name."""
    letters = [ch.lower() for ch in value if ch.isalpha()]
    own = any(ch in "čćđšžśź" for ch in letters)
    return own and all(ch in _LATIN_LETTERS and ch not in "qwxy" for ch in letters)


def other_script(value: str, *, cyrillic_reader: bool, macedonian: bool = False) -> str | None:
    """``value`` in the script a reader of the other script needs, or ``None`` where it would not help."""
    if not value or not value.strip():
        return None
    if has_cyrillic(value) and not cyrillic_reader:
        return cyrillic_to_latin(value)
    if cyrillic_reader and not has_cyrillic(value) and is_gaj_latin(value):
        return latin_to_cyrillic(value, macedonian=macedonian)
    return None
