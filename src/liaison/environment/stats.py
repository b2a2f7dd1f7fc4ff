"""Seizure statistics by commodity, treaty, route, country and month.

Counted in Python over the seizures the viewer may see: the numbers are per agency's view, never a
national total that would reveal cases it does not take part in. Volumes are small (hundreds of
records a year per country), so portability across SQLite and PostgreSQL wins over SQL aggregation.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.core.i18n import N_, Label, _
from liaison.environment import seizures as seizure_service
from liaison.environment.models import Seizure

DIMENSIONS: dict[str, Label] = {
    "commodity": N_("Commodity"),
    "treaty": N_("Treaty"),
    "route": N_("Route"),
    "country": N_("Country of seizure"),
    "origin": N_("Country of origin"),
    "month": N_("Month"),
}


def commodity(s: Seizure) -> str:
    """What was seized, named by its most specific identifier: taxon, substance, waste code, then HS."""
    if s.taxa:
        return s.taxa[0]
    if s.refrigerant:
        return s.refrigerant
    if s.substances:
        return s.substances[0]
    if s.waste_codes:
        return s.waste_codes[0]
    return "HS " + s.hs_code[:6]


def route(s: Seizure) -> str:
    stops = [s.origin or "?", *s.transit, s.destination or "?"]
    return " → ".join(stops)


@dataclass
class Statistics:
    total: int = 0
    by: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    quantities: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            **{dim: [{"key": k, "seizures": n} for k, n in rows] for dim, rows in self.by.items()},
            "quantities": self.quantities,
        }


def compute(rows: list[Seizure]) -> Statistics:
    counters: dict[str, Counter[str]] = {dim: Counter() for dim in DIMENSIONS}
    quantities: dict[str, float] = {}
    for s in rows:
        counters["commodity"][commodity(s)] += 1
        for code in s.treaties or ["—"]:
            counters["treaty"][code] += 1
        counters["route"][route(s)] += 1
        counters["country"][s.country_code] += 1
        counters["origin"][s.origin or "?"] += 1
        counters["month"][s.seized_on.strftime("%Y-%m")] += 1
        if s.quantity is not None and s.unit:
            key = f"{commodity(s)} ({s.unit})"
            quantities[key] = quantities.get(key, 0.0) + s.quantity
    by = {dim: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for dim, c in counters.items()}
    by["month"] = sorted(counters["month"].items())
    return Statistics(total=len(rows), by=by, quantities=dict(sorted(quantities.items())))


def for_actor(session: Session, actor: Actor) -> Statistics:
    return compute(seizure_service.visible(session, actor))


def to_csv(stats: Statistics) -> str:
    """Aggregates only (no record, no person): dimension, key, number of seizures."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    # Translators: the column headers of the statistics CSV (the values stay codes).
    writer.writerow([_("dimension"), _("key"), _("seizures")])
    for dim, rows in stats.by.items():
        for key, n in rows:
            writer.writerow([dim, key, n])
    return buf.getvalue()
