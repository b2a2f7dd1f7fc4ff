"""IBANs in electronic form (upper case, no spaces), validated with ``schwifty``.

The electronic form is the key because banks, FIUs and account-opening records print
IBANs in groups of four, with or without spaces; the account is the same.
"""

from __future__ import annotations

import re

from schwifty import IBAN
from schwifty import exceptions as iban_errors
from schwifty.exceptions import SchwiftyException

from liaison.core.i18n import N_, LazyString, _

from .base import Normalised, compact, require_text

KIND = "iban"

_SEPARATORS = re.compile(r"[\s\-.]")

#: Why schwifty refused an IBAN, in the reader's words (its own messages are English only). A refusal not
#: listed here is reported with schwifty's text.
REASONS: dict[type[Exception], LazyString] = {
    iban_errors.InvalidLength: N_("wrong length for its country"),
    iban_errors.InvalidCountryCode: N_("unknown country code"),
    iban_errors.InvalidChecksumDigits: N_("wrong checksum digits"),
    iban_errors.InvalidBBANChecksum: N_("wrong national check digits"),
    iban_errors.InvalidStructure: N_("the account part does not have its country's format"),
    iban_errors.InvalidBankCode: N_("unknown bank code"),
    iban_errors.InvalidBranchCode: N_("unknown branch code"),
    iban_errors.InvalidAccountCode: N_("the account number is not valid"),
}


def _reason(exc: Exception) -> str:
    for kind, reason in REASONS.items():
        if isinstance(exc, kind):
            return str(reason)
    return str(exc)


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
        return Normalised(compact(text), text, False, [_("no IBAN characters left")], KIND)
    try:
        iban = IBAN(candidate)
    except SchwiftyException as exc:
        return Normalised(candidate, text, False, [_("invalid IBAN: %(reason)s") % {"reason": _reason(exc)}], KIND)
    except Exception as exc:  # schwifty may raise ValueError variants on odd input
        return Normalised(candidate, text, False, [_("invalid IBAN: %(reason)s") % {"reason": exc}], KIND)
    return Normalised(iban.compact, text, True, [], KIND, iban.country_code)
