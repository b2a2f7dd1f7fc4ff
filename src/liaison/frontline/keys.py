"""The normalised keys a watchlist entry is stored under and a check looks up.

The importer, the online check and the offline replica all go through these functions, so a key
written by one is always the key the others look for. The identifier rules themselves live in
:mod:`liaison.entities.identifiers`; this module only adapts them to "a key or a reason why not".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

import pycountry

from liaison.core.i18n import N_, _
from liaison.entities.identifiers import document, plate, vin
from liaison.entities.identifiers.mrz import state_to_alpha2

#: The nouns the messages below name a field by (translated when the message is written).
WHAT = {
    "country": N_("country"),
    "issuing country": N_("issuing country"),
    "nationality": N_("nationality"),
    "document number": N_("document number"),
    "plate": N_("plate"),
    "VIN": N_("VIN"),
}


def _what(what: str) -> str:
    label = WHAT.get(what)
    return str(label) if label is not None else what


class BadKey(ValueError):
    """A value that cannot be used as a lookup key; the message says why, for a person."""


#: User-assigned or special codes the region needs that ISO 3166 does not list.
EXTRA_COUNTRIES = {"XK"}
_SERIAL_SEPARATORS = re.compile(r"[\s\-./]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@lru_cache(maxsize=1024)
def country(raw: str | None, what: str = "country") -> str:
    """ISO 3166-1 alpha-2 (``XK`` for Kosovo) from alpha-2, alpha-3 or an MRZ state code."""
    code = (raw or "").strip().upper()
    if not code:
        raise BadKey(_("%(what)s is missing") % {"what": _what(what)})
    if len(code) == 2 and (code in EXTRA_COUNTRIES or pycountry.countries.get(alpha_2=code) is not None):
        return code
    if len(code) in (1, 3):
        alpha2 = state_to_alpha2(code)
        if alpha2:
            return alpha2
    raise BadKey(
        _("%(what)s %(value)s is not an ISO 3166 country code (use e.g. RS, MK, XK)")
        % {"what": _what(what), "value": repr(raw)}
    )


def visible(raw: str | None) -> str:
    """The text without whitespace and invisible format characters (zero-width space, joiners, BOM...).

    A field holding only such characters was left empty in substance: it is "missing", never a key
    (and never a crash in a normaliser that finds nothing left to normalise).
    """
    text = raw or ""
    if text.isascii():  # no ASCII character is a format character: only whitespace to drop
        return "".join(text.split())
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def _normalised(normalise: object, raw: str, what: str) -> str:
    """Run an identifier normaliser; its refusals (including "nothing left") become a :class:`BadKey`."""
    try:
        result = normalise(raw)  # type: ignore[operator]
    except ValueError as exc:
        raise BadKey(_("%(what)s: %(problem)s") % {"what": _what(what), "problem": exc}) from None
    if not result.valid:
        raise BadKey(_("%(what)s: %(problem)s") % {"what": _what(what), "problem": "; ".join(result.problems)})
    return str(result.value)


def _plain(raw: str) -> str | None:
    """Fast path for the common case (ASCII letters and digits, maybe spaces and dashes).

    For such input every normaliser below gives exactly the upper-cased text without separators; an
    import of millions of rows should not pay for Unicode folding it does not need.
    """
    text = raw.replace(" ", "").replace("-", "")
    return text.upper() if text.isascii() and text.isalnum() and len(text) <= 20 else None


def document_key(number: str | None) -> str:
    if not visible(number):
        raise BadKey(_("document number is missing"))
    fast = _plain(str(number))
    if fast is not None:
        return fast
    return _normalised(document.normalise, str(number), "document number")


def plate_key(raw: str | None) -> str:
    if not visible(raw):
        raise BadKey(_("plate is missing"))
    fast = _plain(str(raw))
    if fast is not None:
        return fast
    return _normalised(plate.normalise, str(raw), "plate")


def vin_key(raw: str | None) -> str:
    """A VIN of valid format; a wrong North-American check digit is only a warning (see vin.py)."""
    if not visible(raw):
        raise BadKey(_("VIN is missing"))
    text = str(raw)
    if len(text) == 17 and text.isascii() and text.isalnum():
        # Fast path: 17 ASCII letters and digits normalise to themselves upper-cased; only I, O and Q
        # (not allowed in a VIN) need the full normaliser's reasons. The check digit is a warning only.
        upper = text.upper()
        if "I" not in upper and "O" not in upper and "Q" not in upper:
            return upper
    return _normalised(vin.normalise, text, "VIN")


def serial_key(raw: str | None) -> str:
    value = _SERIAL_SEPARATORS.sub("", visible(raw).upper())
    if not value:
        raise BadKey(_("serial number is missing"))
    if len(value) > 40:
        raise BadKey(_("serial number is longer than 40 characters"))
    return value


def birth_date(raw: str | None) -> str:
    """A full birth date as ``YYYY-MM-DD``; partial dates cannot corroborate a frontline hit."""
    text = (raw or "").strip()
    if not text:
        raise BadKey(_("birth date is missing"))
    if not _ISO_DATE.match(text):
        raise BadKey(_("birth date %(value)s is not a date written YYYY-MM-DD") % {"value": repr(raw)})
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise BadKey(_("birth date %(value)s does not exist") % {"value": repr(raw)}) from None
    if value > date.today():
        raise BadKey(_("birth date %(value)s is in the future") % {"value": repr(raw)})
    return text


def birth_date_variants(value: str) -> tuple[str, ...]:
    """The date and, when it is a valid date too, the date with day and month swapped."""
    year, month, day = value.split("-")
    if month == day:
        return (value,)
    swapped = f"{year}-{day}-{month}"
    try:
        date.fromisoformat(swapped)
    except ValueError:
        return (value,)
    return (value, swapped)


def iso_date(raw: str | None, what: str) -> str | None:
    """A date written YYYY-MM-DD, returned as that text (it travels on to COPY or SQLite as is)."""
    text = (raw or "").strip()
    if not text:
        return None
    if not _ISO_DATE.match(text):
        raise BadKey(
            _("%(what)s %(value)s is not a date written YYYY-MM-DD") % {"what": _what(what), "value": repr(raw)}
        )
    try:
        date.fromisoformat(text)
    except ValueError:
        raise BadKey(_("%(what)s %(value)s does not exist") % {"what": _what(what), "value": repr(raw)}) from None
    return text
