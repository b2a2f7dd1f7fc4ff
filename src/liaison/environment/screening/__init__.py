"""Green Customs screening of a declaration against the environmental treaties.

Public entry points::

    from liaison.environment.screening import Declaration, screen
    result = screen(Declaration(hs_code="2903.71", description="R-22 in disposable cylinders"))
    result.to_public_dict()        # the JSON contract of ``liaison screen --json``
    result.seizure_prefill()       # fields for an environmental seizure record

Pure Python, no database and no network: the reference data are the curated CSV files
shipped in ``liaison.environment.data``.
"""

from liaison.environment.screening.engine import screen
from liaison.environment.screening.errors import ScreeningInputError
from liaison.environment.screening.models import (
    NOTE,
    Declaration,
    HSInfo,
    RedFlag,
    Requirement,
    ScreeningResult,
    TreatyHit,
)

__all__ = [
    "NOTE",
    "Declaration",
    "HSInfo",
    "RedFlag",
    "Requirement",
    "ScreeningInputError",
    "ScreeningResult",
    "TreatyHit",
    "screen",
]
