"""Text folding and keyword matching shared by the reference indexes and the engine.

Declarations arrive in five languages and two scripts, often typed without diacritics
("kornjaca" for "kornjača") and in capitals. Folding both the reference keywords and the
declaration the same way lets one substring test match them all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters that NFKD does not decompose but that people routinely type without the stroke.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ß": "ss", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"})
_NON_WORD = re.compile(r"[^\w]+|_+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation, and collapse spaces.

    Cyrillic stays Cyrillic (Serbian Cyrillic keywords are listed separately); only the
    combining marks are removed, so "ѓ" and "г" fold alike, as people type them.
    """
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class Pattern:
    """A folded keyword; words ending in ``*`` match any word starting with that stem."""

    raw: str
    folded: str
    regex: re.Pattern[str] | None

    def search(self, padded: str) -> bool:
        """Search a folded text padded with one space on each side."""
        if self.regex is None:
            return f" {self.folded} " in padded
        return self.regex.search(padded) is not None


def compile_pattern(keyword: str) -> Pattern:
    """Compile a keyword such as ``olovn* akumulator*`` or ``glass eel*``."""
    words = keyword.split()
    folded_words: list[str] = []
    regex_parts: list[str] = []
    has_stem = False
    for word in words:
        stem = word.endswith("*")
        fw = fold(word.rstrip("*"))
        if not fw:
            continue
        folded_words.append(fw)
        part = r"\s".join(re.escape(p) for p in fw.split())
        if stem:
            has_stem = True
            part += r"\w*"
        regex_parts.append(part)
    folded = " ".join(folded_words)
    regex = re.compile(r"(?<!\w)" + r"\s".join(regex_parts) + r"(?!\w)") if has_stem else None
    return Pattern(raw=keyword, folded=folded, regex=regex)


def padded(text: str) -> str:
    """Fold a text and pad it for :meth:`Pattern.search`."""
    return f" {fold(text)} "
