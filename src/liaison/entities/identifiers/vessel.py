"""IMO ship identification numbers.

The key is ``IMO`` followed by the seven digits (``IMO9074729``), the form used by
OpenSanctions and FollowTheMoney's ``imoNumber``. The last digit is a check digit over
the first six (weights 7..2), so a wrong one makes ``valid`` ``False``.
"""

from __future__ import annotations

import re

from liaison.core.i18n import _

from .base import Normalised, compact, require_text

KIND = "imo"

_SEPARATORS = re.compile(r"[\s\-./:#]")


def check_digit(first6: str) -> str:
    """The IMO check digit of the first six digits."""
    return str(sum(int(d) * w for d, w in zip(first6, range(7, 1, -1), strict=True)) % 10)


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise an IMO number; ``IMO 9074729``, ``9074729`` and ``imo-9074729`` agree."""
    text = require_text(raw, KIND)
    body = _SEPARATORS.sub("", text).upper()
    if body.startswith("IMO"):
        body = body[3:]
    if not (len(body) == 7 and body.isascii() and body.isdigit()):
        value = ("IMO" + body) if body else compact(text)
        return Normalised(value, text, False, [_("an IMO number has exactly 7 digits")], KIND)
    value = "IMO" + body
    expected = check_digit(body[:6])
    if body[6] != expected:
        problem = _("IMO check digit is %(shown)s, expected %(expected)s") % {"shown": body[6], "expected": expected}
        return Normalised(value, text, False, [problem], KIND)
    return Normalised(value, text, True, [], KIND)
