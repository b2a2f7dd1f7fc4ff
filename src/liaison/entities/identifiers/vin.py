"""Vehicle identification numbers (ISO 3779).

Decision on the check digit: position 9 carries a check digit computed with the
North-American weighting (49 CFR 565). It is mandatory for vehicles made for the US
and Canadian markets, but ISO 3779 does not require it and most European makers
(VW, Mercedes, Fiat, Renault…) put a letter or ``Z`` there. Stolen-vehicle work in the
region is mostly European cars, so a wrong check digit must not make a VIN unusable:
it is reported in ``problems`` as a warning while ``valid`` stays ``True``. ``valid``
is ``False`` only when the *format* is wrong (length other than 17, or the letters I, O,
Q, or non-alphanumeric characters), and even then the value is kept for matching.

Letters I, O and Q are never folded to 1/0: a VIN containing them is a typing or OCR
error the officer should see, not something to hide.
"""

from __future__ import annotations

import re

from liaison.core.i18n import _

from .base import Normalised, compact, fold_lookalikes, require_text

KIND = "vin"

_SEPARATORS = re.compile(r"[\s\-./]")
_TRANSLITERATION = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_ALLOWED = set(_TRANSLITERATION)


def check_digit(vin: str) -> str:
    """Compute the North-American check digit of a 17-character VIN (``0``-``9`` or ``X``).

    Raises ``ValueError`` for characters outside the VIN alphabet.
    """
    if len(vin) != 17:
        raise ValueError("a VIN has 17 characters")
    try:
        total = sum(_TRANSLITERATION[c] * w for c, w in zip(vin, _WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not allowed in a VIN") from exc
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise a VIN: upper case, no separators, Cyrillic look-alikes mapped to Latin."""
    text = require_text(raw, KIND)
    value = _SEPARATORS.sub("", fold_lookalikes(text))
    if not value:
        return Normalised(compact(text), text, False, [_("no VIN characters left")], KIND)
    problems: list[str] = []
    valid = True
    if len(value) != 17:
        valid = False
        problems.append(_("VIN has %(count)s characters, expected 17") % {"count": len(value)})
    forbidden = sorted({c for c in value if c in "IOQ"})
    if forbidden:
        valid = False
        problems.append(
            _("VIN contains %(letters)s, which ISO 3779 does not allow") % {"letters": ", ".join(forbidden)}
        )
    other = sorted({c for c in value if c not in _ALLOWED and c not in "IOQ"})
    if other:
        valid = False
        problems.append(
            _("VIN contains characters outside A-Z and 0-9: %(characters)s") % {"characters": repr("".join(other))}
        )
    if valid:
        expected = check_digit(value)
        if value[8] != expected:
            problems.append(
                _(
                    "VIN check digit is %(shown)s, expected %(expected)s "
                    "(warning only: many European VINs do not use a check digit)"
                )
                % {"shown": value[8], "expected": expected}
            )
    return Normalised(value, text, valid, problems, KIND, country.upper() if country else None)
