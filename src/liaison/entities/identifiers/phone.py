"""Telephone numbers in E.164 form, parsed with ``phonenumbers``.

Why E.164: it is the one representation in which the same line written by a Serbian
officer (``063 123 4567``), a German one (``0038163 1234567``) and a phone extraction
report (``+381631234567``) are byte-identical.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from liaison.core.i18n import N_, LazyString, _

from .base import Normalised, compact, require_text

KIND = "phone"

# Characters people put inside phone numbers; removing them does not change the number.
_SEPARATORS = re.compile(r"[\s\-./()\u2010-\u2015]")

#: Why ``phonenumbers`` could not parse a number, in the reader's words (its own messages are English only).
PARSE_ERRORS: dict[int, LazyString] = {
    NumberParseException.INVALID_COUNTRY_CODE: N_("unknown country calling code"),
    NumberParseException.NOT_A_NUMBER: N_("it is not a number"),
    NumberParseException.TOO_SHORT_AFTER_IDD: N_("too short after the international prefix"),
    NumberParseException.TOO_SHORT_NSN: N_("too short"),
    NumberParseException.TOO_LONG: N_("too long"),
}


def _stable(e164: str) -> bool:
    try:
        again = phonenumbers.parse(e164, None)
    except NumberParseException:
        return False
    return bool(phonenumbers.format_number(again, PhoneNumberFormat.E164) == e164)


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise a phone number to E.164.

    ``country`` (ISO alpha-2, ``XK`` allowed) is the default region for numbers written
    in national form (``063 123 4567``). A national number without a country cannot be
    resolved: it is kept as entered and flagged. A leading international ``00`` is read
    as ``+`` (the ITU prefix used across Europe), so no region is needed for it.
    """
    text = require_text(raw, KIND)
    stripped = _SEPARATORS.sub("", text.strip())
    if stripped.startswith("00"):
        stripped = "+" + stripped[2:]
    region = country.upper() if country else None
    problems: list[str] = []
    # Unparseable: keep what was typed, minus separators, so that two spellings of the
    # same unresolvable number still meet.
    fallback = stripped or compact(text)
    try:
        number = phonenumbers.parse(stripped, region)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE and not stripped.startswith("+"):
            problems.append(_("national number without a country: give the country or write it with +"))
        else:
            reason = PARSE_ERRORS.get(exc.error_type)
            problems.append(_("not a phone number: %(reason)s") % {"reason": reason if reason else exc._msg})
        return Normalised(fallback, text, False, problems, KIND, region)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    number_region = phonenumbers.region_code_for_number(number)
    valid = phonenumbers.is_valid_number(number)
    if not _stable(e164):
        # Some invalid numbers lose a digit each time they are parsed (a trunk "0"
        # after the country code is stripped again): keep them as typed instead, so
        # that the key does not drift.
        problems.append(_("not a valid phone number (kept as entered)"))
        return Normalised(stripped, text, False, problems, KIND, region)
    if not valid:
        problems.append(_("not a valid number for its country code (kept in E.164 form)"))
    if number_region in (None, "ZZ", "001"):
        number_region = None
    return Normalised(e164, text, valid, problems, KIND, number_region)
