"""CAS Registry Number parsing and check-digit validation.

A CAS number is 2-7 digits, 2 digits and one check digit (e.g. 75-45-6). The check digit is
the sum of the other digits weighted 1, 2, 3 ... from the right, modulo 10. A wrong check
digit almost always means a typo, and a typo must never silently turn a controlled
chemical into "no match": the engine warns instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s\-‐-―−.]+")
_DIGITS = re.compile(r"[0-9]{5,10}", re.ASCII)
CAS_IN_TEXT = re.compile(r"(?<![0-9-])([0-9]{2,7})-([0-9]{2})-([0-9])(?![0-9-])", re.ASCII)


@dataclass(frozen=True)
class CasNumber:
    """A parsed CAS number: ``text`` is canonical (``NNNNNNN-NN-N``)."""

    text: str
    valid: bool
    expected_check_digit: int

    @property
    def corrected(self) -> str:
        """The same number with the check digit that would make it valid."""
        return self.text[:-1] + str(self.expected_check_digit)


def check_digit(body: str) -> int:
    """Check digit for the digits of a CAS number without its last digit."""
    return sum(i * int(d) for i, d in enumerate(reversed(body), start=1)) % 10


def parse_cas(text: str) -> CasNumber | None:
    """Parse a CAS number written with hyphens, spaces, dots or none; ``None`` if not one.

    Leading zeros are dropped so that ``0075-45-6`` and ``75-45-6`` are the same number.
    """
    if not isinstance(text, str):
        return None
    compact = _SEPARATORS.sub("", text.strip())
    if not _DIGITS.fullmatch(compact):
        return None
    digits = compact.lstrip("0")
    if len(digits) < 5 or len(digits) > 10:
        return None
    body, check = digits[:-1], int(digits[-1])
    expected = check_digit(body)
    canonical = f"{body[:-2]}-{body[-2:]}-{check}"
    return CasNumber(text=canonical, valid=expected == check, expected_check_digit=expected)


def normalize_cas(text: str) -> str | None:
    """Canonical form of a CAS number (valid or not), or ``None`` if it is not one."""
    parsed = parse_cas(text)
    return parsed.text if parsed else None


def is_valid_cas(text: str) -> bool:
    """True when ``text`` is a CAS number with a correct check digit."""
    parsed = parse_cas(text)
    return bool(parsed and parsed.valid)


def find_cas_numbers(text: str) -> list[str]:
    """CAS numbers written in hyphenated form inside free text (e.g. a goods description)."""
    return ["-".join(m.groups()) for m in CAS_IN_TEXT.finditer(text or "")]
