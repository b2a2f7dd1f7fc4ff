"""Identifier normalisers, one module per kind.

Each module exposes ``normalise(raw, country=None) -> Normalised`` (see :mod:`.base`).
:func:`normalise` dispatches by kind name so that callers holding a ``(kind, raw)``
pair — forms, imports, frontline checks — need not import each module.
"""

from __future__ import annotations

from collections.abc import Callable

from . import container, document, email, firearm, iban, mrz, organisation, phone, plate, vessel, vin
from .base import Normalised

__all__ = ["Normalised", "NORMALISERS", "normalise"]

NORMALISERS: dict[str, Callable[..., Normalised]] = {
    phone.KIND: phone.normalise,
    iban.KIND: iban.normalise,
    vin.KIND: vin.normalise,
    plate.KIND: plate.normalise,
    document.KIND: document.normalise,
    mrz.KIND: mrz.normalise,
    container.KIND: container.normalise,
    vessel.KIND: vessel.normalise,
    email.KIND: email.normalise,
    firearm.KIND: firearm.normalise,
    organisation.KIND: organisation.normalise,
}


def normalise(kind: str, raw: str, country: str | None = None) -> Normalised:
    """Normalise ``raw`` as an identifier of ``kind`` (a key of :data:`NORMALISERS`)."""
    try:
        func = NORMALISERS[kind]
    except KeyError:
        raise ValueError(
            f"unknown identifier kind {kind!r}; known: {', '.join(sorted(NORMALISERS))}"
        ) from None
    return func(raw, country)
