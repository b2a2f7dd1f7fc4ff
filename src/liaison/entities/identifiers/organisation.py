"""Company and organisation registration numbers, validated with ``python-stdnum``.

Which number: the region's company identifiers that ``python-stdnum`` implements are
tax numbers — Serbia ``rs.pib`` (PIB), Montenegro ``me.pib`` (PIB), North Macedonia
``mk.edb`` (EDB), Albania ``al.nipt`` (NIPT/NUIS, also the business-register number).
Bosnia and Herzegovina and Kosovo have no module; for them, and for any country
without one, the number is kept in compact form (upper case, separators removed) and
not checked. For other countries the stdnum module for the VAT number is used when
one exists.

A number that fails the country's check is **kept** and flagged: Serbian records also
carry the 8-digit company register number (matični broj), which is not a PIB, and it
must not be lost.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType
from typing import Any

from stdnum import exceptions as stdnum_errors

from liaison.core.i18n import N_, LazyString, _

from .base import Normalised, compact, fold_lookalikes, require_text

KIND = "registration_number"

_SEPARATORS = re.compile(r"[\s\-./]")

# country -> (stdnum module path, human name)
VALIDATORS: dict[str, tuple[str, LazyString]] = {
    "RS": ("stdnum.rs.pib", N_("Serbian PIB (tax number)")),
    "ME": ("stdnum.me.pib", N_("Montenegrin PIB (tax number)")),
    "MK": ("stdnum.mk.edb", N_("North Macedonian EDB (tax number)")),
    "AL": ("stdnum.al.nipt", N_("Albanian NIPT")),
    "HR": ("stdnum.hr.oib", N_("Croatian OIB")),
    "SI": ("stdnum.si.maticna", N_("Slovenian matična številka")),
    "BG": ("stdnum.bg.vat", N_("Bulgarian VAT/EIK")),
}

#: Why python-stdnum refused a number, in the reader's words (its own messages are English only). A refusal
#: not listed here is reported with stdnum's text.
REASONS: dict[type[Exception], LazyString] = {
    stdnum_errors.InvalidChecksum: N_("the check digit is wrong"),
    stdnum_errors.InvalidLength: N_("the number has the wrong length"),
    stdnum_errors.InvalidFormat: N_("the number has the wrong format"),
    stdnum_errors.InvalidComponent: N_("a part of the number is not valid"),
}


def _reason(exc: Exception) -> str:
    for kind, reason in REASONS.items():
        if isinstance(exc, kind):
            return str(reason)
    return str(exc)


def _module_for(country: str) -> tuple[ModuleType, str] | None:
    if country in VALIDATORS:
        path, label = VALIDATORS[country]
        return importlib.import_module(path), str(label)
    try:
        from stdnum import get_cc_module

        module: Any = get_cc_module(country.lower(), "vat")
    except Exception:
        return None
    if module is None:
        return None
    return module, _("%(country)s VAT number") % {"country": country}


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise a registration number for ``country`` (ISO alpha-2)."""
    text = require_text(raw, KIND)
    value = _SEPARATORS.sub("", fold_lookalikes(text))
    cc = country.upper() if country else None
    if not value:
        return Normalised(compact(text), text, False, [_("no letters or digits in registration number")], KIND, cc)
    if cc is None:
        return Normalised(value, text, True, [_("not checked: no country given")], KIND)
    found = _module_for(cc)
    if found is None:
        problem = _("not checked: no validator for %(country)s registration numbers") % {"country": cc}
        return Normalised(value, text, True, [problem], KIND, cc)
    module, label = found
    try:
        canonical = str(module.validate(value))
    except Exception as exc:
        problem = _("not a valid %(kind)s: %(reason)s") % {"kind": label, "reason": _reason(exc)}
        return Normalised(value, text, False, [problem], KIND, cc)
    # stdnum's compact form may strip a country prefix (AL…, MK…); keep it
    # idempotent by using its validated output, which re-validates to itself.
    return Normalised(canonical, text, True, [], KIND, cc)
