"""The screening: ``screen(declaration) -> ScreeningResult``.

Order matters only where rules depend on each other: the used-EEE presumption is decided
before Basel (it can make used laptops "waste"), and red flags come last because several
of them are about documents the treaty findings require.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pycountry
from pydantic import ValidationError

from liaison.environment.screening import rules, treaties
from liaison.environment.screening.errors import ScreeningInputError
from liaison.environment.screening.evidence import collect
from liaison.environment.screening.hs import validate_hs
from liaison.environment.screening.models import Declaration, HSInfo, ScreeningResult
from liaison.environment.screening.reference import get_reference

# Kosovo uses the user-assigned code XK (not in ISO 3166-1), as in EU and Schengen systems.
EXTRA_COUNTRIES = frozenset({"XK"})


def _country_warnings(decl: Declaration) -> list[str]:
    warnings = []
    fields = [
        ("origin", decl.origin),
        ("export country", decl.export_country),
        ("destination", decl.destination),
    ]
    fields += [("transit", c) for c in decl.transit]
    for label, code in fields:
        if not code:
            continue
        if len(code) != 2 or (code not in EXTRA_COUNTRIES and pycountry.countries.get(alpha_2=code) is None):
            warnings.append(
                f"Country code {code!r} ({label}) is not an ISO 3166-1 alpha-2 code (e.g. TR, RS, AL, XK): "
                "route-based checks were skipped for it."
            )
    return warnings


def _as_declaration(declaration: Declaration | Mapping[str, Any]) -> Declaration:
    if isinstance(declaration, Declaration):
        return declaration
    try:
        return Declaration.model_validate(dict(declaration))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ScreeningInputError(f"Declaration is not valid: {problems}") from exc


def screen(declaration: Declaration | Mapping[str, Any]) -> ScreeningResult:
    """Screen one declaration against CITES, Montreal, Basel, Rotterdam, Stockholm, Cartagena, CWC.

    Raises :class:`ScreeningInputError` for input that cannot be screened (an HS code that does
    not exist, a malformed declaration). Other bad input (a CAS number with a wrong check digit,
    an unknown refrigerant or species, an unknown country code) becomes a warning in the result.
    """
    decl = _as_declaration(declaration)
    ref = get_reference()
    hs = validate_hs(decl.hs_code)
    ev = collect(decl, hs, ref)
    out = treaties.Findings()
    listed = treaties.cites(ev, ref, out)
    treaties.montreal(ev, ref, out)
    eee = rules.eee_presumption(ev)
    treaties.basel(ev, ref, out, eee.qualifier)
    treaties.chemicals(ev, ref, out)
    treaties.cartagena(ev, ref, out)
    flags = rules.red_flags(ev, ref, out, listed, eee)
    warnings = _country_warnings(decl) + ev.warnings
    if not decl.description:
        warnings.append("No goods description: only the HS code, CAS numbers, species and refrigerant were screened.")
    return ScreeningResult(
        declaration=decl,
        hs=HSInfo(code=hs.code, subheading=hs.subheading, dotted=hs.dotted, description=hs.description),
        treaties=out.treaties,
        requirements=out.requirements,
        red_flags=flags,
        warnings=warnings,
    )
