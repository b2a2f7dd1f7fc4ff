"""IBANs in electronic form (upper case, no spaces), validated with ``schwifty``.

The electronic form is the key because banks, FIUs and account-opening records print
IBANs in groups of four, with or without spaces; the account is the same.
"""

from __future__ import annotations

import re

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from .base import Normalised, compact, require_text

KIND = "iban"

_SEPARATORS = re.compile(r"[\s\-.]")


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise an IBAN; a bad checksum, length or country code is flagged, not dropped.

    ``country`` is accepted for a uniform signature but not used: the IBAN carries its own
    country, and an account held abroad is normal, not an error.
    """
    text = require_text(raw, KIND)
    candidate = _SEPARATORS.sub("", text).upper()
    if candidate.startswith("IBAN"):
        candidate = candidate[4:]
    if not candidate:
        return Normalised(compact(text), text, False, ["no IBAN characters left"], KIND)
    try:
        iban = IBAN(candidate)
    except SchwiftyException as exc:
        return Normalised(candidate, text, False, [f"invalid IBAN: {exc}"], KIND)
    except Exception as exc:  # schwifty may raise ValueError variants on odd input
        return Normalised(candidate, text, False, [f"invalid IBAN: {exc}"], KIND)
    return Normalised(iban.compact, text, True, [], KIND, iban.country_code)
