"""Shared result type and helpers for identifier normalisers.

Every normaliser in this package returns a :class:`Normalised`. The contract is the
same for all kinds, so that forms, imports, the matcher and frontline checks can treat
identifiers uniformly:

* ``value`` is the canonical key used for *exact* matching. Normalising ``value`` again
  yields the same ``value`` (idempotence), so keys stored today still match tomorrow.
* Input that cannot be parsed is **kept** (compacted, never dropped) and flagged with
  ``valid=False`` and a human-readable reason in ``problems``. Police records are
  evidence: silently discarding what an officer typed would lose information.
* ``valid`` means "not known to be malformed". Warnings that do not make the value
  unusable (e.g. a European VIN without a North-American check digit) appear in
  ``problems`` while ``valid`` stays ``True``.
* Empty input raises :class:`ValueError`: there is nothing to keep, and an empty key
  would match every other empty key.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "Normalised",
    "require_text",
    "compact",
    "fold_lookalikes",
    "CYRILLIC_LOOKALIKES",
    "is_ascii_alnum",
]


@dataclass(frozen=True)
class Normalised:
    """The outcome of normalising one identifier.

    ``country`` is the ISO 3166 alpha-2 country the identifier belongs to when the
    normaliser knows it (the region of a phone number, the country of an IBAN, the
    plate or issuing country passed in); ``None`` otherwise.
    """

    value: str
    raw: str
    valid: bool
    problems: list[str] = field(default_factory=list)
    kind: str = ""
    country: str | None = None

    def __post_init__(self) -> None:
        # A key made only of invisible characters (separators stripped from "-\u200b") could not be
        # normalised again: fall back to what the officer typed, compacted, so the key stays a fixed point.
        if not compact(self.value) and compact(self.raw):
            object.__setattr__(self, "value", compact(self.raw))


def require_text(raw: object, kind: str) -> str:
    """Return ``raw`` as a string, refusing empty or whitespace-only input.

    Raised early and loudly because an empty identifier is always a caller bug
    (a blank form field should not be passed to a normaliser at all).
    """
    if raw is None:
        raise ValueError(f"{kind}: no value given (None)")
    if not isinstance(raw, str):
        raise ValueError(f"{kind}: expected text, got {type(raw).__name__}")
    if not compact(raw):
        raise ValueError(f"{kind}: empty value; nothing to normalise")
    return raw


def compact(text: str) -> str:
    """Remove all whitespace (including non-breaking and zero-width spaces).

    Used as the fallback key for unparseable input: it keeps everything the officer
    typed while making ``"AB 12"`` and ``"AB12"`` the same key.
    """
    out = []
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp"):
            continue
        out.append(ch)
    return "".join(out)


# Cyrillic capitals that look exactly like Latin capitals. Officers working on a
# Cyrillic keyboard type plates and document numbers with these; visually the record
# is correct, byte-wise it would never match. Lower-case forms are covered because
# callers upper-case first.
CYRILLIC_LOOKALIKES: dict[str, str] = {
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    # Serbian/Macedonian Ј and Ukrainian/Macedonian І, Ѕ look like Latin J, I, S.
    "Ј": "J",
    "І": "I",
    "Ѕ": "S",
}

_LOOKALIKE_TABLE = str.maketrans(CYRILLIC_LOOKALIKES)


def fold_lookalikes(text: str) -> str:
    """Upper-case ``text`` and replace Cyrillic look-alike capitals by Latin ones."""
    return text.upper().translate(_LOOKALIKE_TABLE)


def is_ascii_alnum(text: str) -> bool:
    """True for non-empty strings of ASCII letters and digits only."""
    return bool(text) and text.isascii() and text.isalnum()
