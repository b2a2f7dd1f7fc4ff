"""Vehicle registration plates.

The canonical key is upper-case ASCII letters and digits only:

* spaces, dashes, dots and any other separators (the coat of arms, the country
  emblem, a slash) are removed;
* Cyrillic capitals that look like Latin ones map by *appearance* (Р→P, Н→H, В→B,
  С→C, У→Y, Х→X…), because plates in the region use the Latin alphabet and a record
  kept in Cyrillic shows what the officer *saw*;
* Serbian and Macedonian Cyrillic letters without a Latin look-alike map to their
  Latin transliteration (Б→B, Г→G, Д→D, Л→L, П→P, Ф→F, Ц→C, Љ→LJ, Њ→NJ, Џ→DZ…);
* letters with diacritics lose them: Č, Ć → C; Š → S; Ž → Z; Đ → D (Ђ, Ћ, Ч, Ш, Ж
  likewise). Serbian district codes do carry such letters (ČA Čačak, ŠA Šabac, ĆU
  Ćuprija), but foreign systems, scanners and keyboards record them without the
  diacritic, and no two district codes differ only by one. The key therefore uses
  the base letter; the plate as written is kept in ``raw``.

Country formats are checked as hints only (plates of old, special, diplomatic or
temporary series vary), so a mismatch is a warning and ``valid`` stays ``True``.
"""

from __future__ import annotations

import re
import unicodedata

from liaison.core.i18n import N_, LazyString, _

from .base import CYRILLIC_LOOKALIKES, Normalised, compact, require_text

KIND = "plate"

# Transliteration for Cyrillic letters with no Latin look-alike (Serbian and
# Macedonian alphabets plus the Russian letters an officer might meet), diacritics
# already dropped as described above.
_CYRILLIC_TRANSLIT = {
    "Б": "B",
    "Г": "G",
    "Д": "D",
    "Ђ": "D",
    "Ѓ": "G",
    "Ж": "Z",
    "З": "Z",
    "И": "I",
    "Й": "J",
    "Ќ": "K",
    "Л": "L",
    "Љ": "LJ",
    "Њ": "NJ",
    "П": "P",
    "Ф": "F",
    "Ћ": "C",
    "Ц": "C",
    "Ч": "C",
    "Џ": "DZ",
    "Ш": "S",
    "Щ": "S",
    "Ъ": "",
    "Ь": "",
    "Ю": "JU",
    "Я": "JA",
    "Ы": "Y",
    "Э": "E",
    "Ё": "E",
}
_TABLE = str.maketrans({**CYRILLIC_LOOKALIKES, **_CYRILLIC_TRANSLIT, "Đ": "D", "Ð": "D", "Ø": "O", "Ł": "L"})

# Current standard civilian series as commonly seen on the road; not checked against
# each state's regulation, and special series (police, diplomatic, trailers, temporary,
# older issues) differ. Hints only.
FORMAT_HINTS: dict[str, tuple[re.Pattern[str], LazyString]] = {
    "RS": (re.compile(r"[A-Z]{2}[0-9]{3,5}[A-Z]{2}"), N_("two letters, 3-5 digits, two letters (BG123AB)")),
    "ME": (
        re.compile(r"[A-Z]{2}[A-Z]{1,2}[0-9]{3,4}|[A-Z]{2}[0-9]{3,4}[A-Z]{1,2}"),
        N_("district + letters/digits (PGAB123)"),
    ),
    "MK": (re.compile(r"[A-Z]{2}[0-9]{3,4}[A-Z]{1,2}"), N_("two letters, 3-4 digits, 1-2 letters (SK1234AB)")),
    "AL": (re.compile(r"[A-Z]{2}[0-9]{3}[A-Z]{2}"), N_("two letters, three digits, two letters (AA123BB)")),
    "BA": (re.compile(r"[AEJKMOT][0-9]{2}[AEJKMOT][0-9]{3}"), N_("letter, 2 digits, letter, 3 digits (A12E345)")),
    "XK": (re.compile(r"[0-9]{2}[0-9]{3,4}[A-Z]{1,2}"), N_("district number, 3-4 digits, letters (01123AB)")),
}


def _fold_once(text: str) -> str:
    upper = text.upper().translate(_TABLE)
    # Drop combining marks (Č → C, Š → S) after decomposition.
    decomposed = unicodedata.normalize("NFKD", upper)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c.isalnum())


def _fold(text: str) -> str:
    # Compatibility decomposition can produce new lower-case or Cyrillic letters
    # (ǅ → Dž); fold until stable so that the key is idempotent.
    for _attempt in range(4):
        folded = _fold_once(text)
        if folded == text:
            break
        text = folded
    return text


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise a plate; ``country`` (ISO alpha-2) selects the format hint."""
    text = require_text(raw, KIND)
    value = _fold(text)
    cc = country.upper() if country else None
    if not value:
        return Normalised(compact(text), text, False, [_("no letters or digits in plate")], KIND, cc)
    problems: list[str] = []
    valid = True
    if not value.isascii():
        valid = False
        problems.append(_("plate contains letters that are neither Latin nor Cyrillic"))
    hint = FORMAT_HINTS.get(cc or "")
    if valid and hint and not hint[0].fullmatch(value):
        problems.append(
            _("unusual format for a %(country)s plate; the standard series is %(format)s")
            % {"country": cc, "format": hint[1]}
        )
    return Normalised(value, text, valid, problems, KIND, cc)
