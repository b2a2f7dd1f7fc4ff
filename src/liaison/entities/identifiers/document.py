"""Passport and identity-card numbers.

The key is upper case with spaces, dashes, dots, slashes and MRZ ``<`` fillers removed,
and Cyrillic look-alike capitals mapped to Latin (a Serbian clerk typing ``АБ123`` on a
Cyrillic keyboard means ``AB123``).

The letter O and the digit 0 are deliberately **not** folded together (nor I/1, S/5,
B/8). ICAO 9303 allows letters and digits anywhere in a document number and several
states mix them, so ``O1234567`` and ``01234567`` can be two genuine, different
documents; folding would create false hits on lost-and-stolen lists, where a hit can
mean an arrest. OCR confusions are caught instead by the MRZ check digit, and a near
miss is the fuzzy matcher's job, reported as such, not an exact identifier match.

Per-country formats are *hints* (a warning in ``problems``; ``valid`` stays ``True``):
series change with each new document generation and old documents stay in
circulation, so rejecting a number because it does not fit today's series would lose
real data.
"""

from __future__ import annotations

import re

from liaison.core.i18n import N_, LazyString, _

from .base import Normalised, compact, fold_lookalikes, require_text

KIND = "document"

_SEPARATORS = re.compile(r"[\s\-./<_]")

# (pattern, description) per issuing state, for passports and ID cards of the current
# biometric generations, from commonly seen specimens (e.g. PRADO). They have not been
# checked against each state's specification, which is why they only warn; correct
# them here when an issuing authority's format is confirmed.
FORMAT_HINTS: dict[str, tuple[re.Pattern[str], LazyString]] = {
    # Serbia: biometric passports (2008-) and ID cards (2008-) use 9 digits.
    "RS": (re.compile(r"[0-9]{9}"), N_("9 digits")),
    # Albania: biometric passports and ID cards, 2 letters followed by 7 digits.
    "AL": (re.compile(r"[A-Z]{2}[0-9]{7}"), N_("2 letters and 7 digits")),
    # North Macedonia: a letter followed by 7 digits.
    "MK": (re.compile(r"[A-Z][0-9]{7}"), N_("a letter and 7 digits")),
    # Montenegro, Bosnia and Herzegovina, Kosovo: alphanumeric series of up to 9
    # characters; only the ICAO length limit is checked.
    "ME": (re.compile(r"[A-Z0-9]{6,9}"), N_("6-9 letters and digits")),
    "BA": (re.compile(r"[A-Z0-9]{6,9}"), N_("6-9 letters and digits")),
    "XK": (re.compile(r"[A-Z0-9]{6,9}"), N_("6-9 letters and digits")),
}


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise a document number; ``country`` is the issuing state (ISO alpha-2)."""
    text = require_text(raw, KIND)
    value = _SEPARATORS.sub("", fold_lookalikes(text))
    cc = country.upper() if country else None
    if not value:
        return Normalised(compact(text), text, False, [_("no letters or digits in document number")], KIND, cc)
    problems: list[str] = []
    valid = True
    if not (value.isascii() and value.isalnum()):
        valid = False
        problems.append(_("document number contains characters other than A-Z and 0-9"))
    elif len(value) > 20:
        problems.append(_("document number has %(count)s characters; that is unusually long") % {"count": len(value)})
    hint = FORMAT_HINTS.get(cc or "")
    if valid and hint and not hint[0].fullmatch(value):
        problems.append(
            _("unusual format for a %(country)s document number; expected %(format)s")
            % {"country": cc, "format": hint[1]}
        )
    return Normalised(value, text, valid, problems, KIND, cc)
