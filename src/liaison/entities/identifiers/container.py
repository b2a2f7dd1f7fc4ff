"""Freight container numbers (ISO 6346): owner code, category, serial, check digit.

A container number is 3 owner letters, a category letter (U freight, J detachable
equipment, Z trailer/chassis), 6 digits and a check digit. Unlike the VIN's, the ISO
6346 check digit is universally printed, so a wrong one makes ``valid`` ``False``.
"""

from __future__ import annotations

import re
import string

from liaison.core.i18n import _

from .base import Normalised, compact, fold_lookalikes, require_text

KIND = "container"

_SEPARATORS = re.compile(r"[\s\-./]")
_FORMAT = re.compile(r"[A-Z]{3}[UJZ][0-9]{7}")


def _letter_values() -> dict[str, int]:
    # Letters count from 10, skipping multiples of 11 (11, 22, 33).
    values: dict[str, int] = {d: int(d) for d in string.digits}
    n = 10
    for letter in string.ascii_uppercase:
        if n % 11 == 0:
            n += 1
        values[letter] = n
        n += 1
    return values


_VALUES = _letter_values()


def check_digit(first10: str) -> str:
    """Check digit for the first 10 characters (owner, category, serial)."""
    if len(first10) != 10:
        raise ValueError("ISO 6346 check digit needs the first 10 characters")
    total = sum(_VALUES[c] * (2**i) for i, c in enumerate(first10))
    return str(total % 11 % 10)


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise a container number and verify its check digit."""
    text = require_text(raw, KIND)
    value = compact(_SEPARATORS.sub("", fold_lookalikes(text)))
    if not value:
        return Normalised(compact(text), text, False, [_("no letters or digits in container number")], KIND)
    if not _FORMAT.fullmatch(value):
        return Normalised(
            value,
            text,
            False,
            [_("not an ISO 6346 container number: expected 3 letters, U/J/Z, 6 digits and a check digit")],
            KIND,
        )
    expected = check_digit(value[:10])
    if value[10] != expected:
        problem = _("container check digit is %(shown)s, expected %(expected)s") % {
            "shown": value[10],
            "expected": expected,
        }
        return Normalised(value, text, False, [problem], KIND)
    return Normalised(value, text, True, [], KIND)
