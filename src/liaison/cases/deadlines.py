"""Deadlines from legal-basis profiles (DOMAIN.md §2).

The period runs from receipt of the request. Profiles are rows in ``legal_basis`` so a bilateral
agreement or the PCC SEE Convention can be added by an administrator without a code change.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from liaison.cases.models import LegalBasis

DEFAULT_PROFILES: tuple[dict[str, object], ...] = (
    {
        "code": "EU-2023-977",
        "name": "Directive (EU) 2023/977",
        "reference": "Directive (EU) 2023/977, Art. 5: 8 hours / 3 days / 7 days",
        "urgent_direct_minutes": 8 * 60,
        "urgent_indirect_minutes": 3 * 24 * 60,
        "other_minutes": 7 * 24 * 60,
    },
    {
        "code": "FD-2006-960",
        "name": "Framework Decision 2006/960/JHA",
        "reference": "Framework Decision 2006/960/JHA, Art. 4: 8 hours / 7 days / 14 days",
        "urgent_direct_minutes": 8 * 60,
        "urgent_indirect_minutes": 7 * 24 * 60,
        "other_minutes": 14 * 24 * 60,
    },
    {
        "code": "PCC-SEE",
        "name": "Police Cooperation Convention for Southeast Europe",
        "reference": "PCC SEE (Vienna 2006): no fixed periods; project default 8 hours / 3 days / 7 days",
        "urgent_direct_minutes": 8 * 60,
        "urgent_indirect_minutes": 3 * 24 * 60,
        "other_minutes": 7 * 24 * 60,
    },
)


def period(basis: LegalBasis, priority: str, data_access: str) -> timedelta:
    if priority == "urgent":
        minutes = basis.urgent_direct_minutes if data_access == "direct" else basis.urgent_indirect_minutes
    else:
        minutes = basis.other_minutes
    return timedelta(minutes=minutes)


def compute_deadline(basis: LegalBasis, priority: str, data_access: str, received_at: datetime) -> datetime:
    return received_at + period(basis, priority, data_access)


def ensure_profiles(session: Session) -> None:
    """The legal-basis profiles every installation starts with (idempotent)."""
    for profile in DEFAULT_PROFILES:
        if session.get(LegalBasis, profile["code"]) is None:
            session.add(LegalBasis(**profile))
    session.flush()
