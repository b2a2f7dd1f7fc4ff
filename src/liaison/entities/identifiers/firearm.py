"""Firearm serial numbers.

Upper case with spaces, dashes, dots and slashes removed and Cyrillic look-alikes
mapped to Latin. Serials are maker-specific (letters and digits, sometimes a prefix
stamped apart from the number), so no format is imposed and O/0 are not folded, for
the same reason as document numbers: two genuine serials may differ only there.
"""

from __future__ import annotations

import re

from liaison.core.i18n import _

from .base import Normalised, compact, fold_lookalikes, require_text

KIND = "firearm_serial"

_SEPARATORS = re.compile(r"[\s\-./_]")


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise a firearm serial number (``country`` is accepted but unused)."""
    text = require_text(raw, KIND)
    value = _SEPARATORS.sub("", fold_lookalikes(text))
    if not value:
        return Normalised(compact(text), text, False, [_("no letters or digits in serial number")], KIND)
    problems: list[str] = []
    valid = value.isascii() and value.isalnum()
    if not valid:
        problems.append(_("serial number contains characters other than A-Z and 0-9"))
    return Normalised(value, text, valid, problems, KIND)
