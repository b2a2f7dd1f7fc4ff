"""Agencies and the directory of contact points."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from liaison.agencies.models import Agency, ContactPoint, Country
from liaison.core.audit import Actions, AuditContext, record
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _
from liaison.core.vocab import AGENCY_KINDS, CHANNELS, CRIME_AREAS, LANGUAGES


def list_agencies(session: Session, *, country: str | None = None, active_only: bool = True) -> list[Agency]:
    stmt = select(Agency)
    if country:
        stmt = stmt.where(Agency.country_code == country.upper())
    if active_only:
        stmt = stmt.where(Agency.active.is_(True))
    return list(session.execute(stmt.order_by(Agency.country_code, Agency.name)).scalars())


def by_code(session: Session, code: str) -> Agency | None:
    return session.execute(select(Agency).where(Agency.code == code)).scalar_one_or_none()


def countries(session: Session) -> list[Country]:
    return list(session.execute(select(Country).order_by(Country.name)).scalars())


def create_agency(
    session: Session,
    ctx: AuditContext,
    *,
    code: str,
    name: str,
    country_code: str,
    kind: str,
    is_spoc: bool = False,
    channels: list[str] | None = None,
    retention_days: int = 365 * 3,
) -> Agency:
    fields: dict[str, str] = {}
    code = code.strip().upper()
    if not code:
        fields["code"] = _("Required.")
    elif by_code(session, code):
        fields["code"] = _("This code is taken.")
    if not name.strip():
        fields["name"] = _("Required.")
    if session.get(Country, country_code.upper()) is None:
        fields["country_code"] = _("Unknown country.")
    if kind not in AGENCY_KINDS:
        fields["kind"] = _("Unknown kind of agency.")
    bad = [c for c in channels or [] if c not in CHANNELS]
    if bad:
        fields["channels"] = _("Unknown channel: ") + ", ".join(bad)
    if not 30 <= retention_days <= 365 * 20:
        fields["retention_days"] = _("Between 30 days and 20 years.")
    if fields:
        raise InvalidInput(_("The agency could not be saved."), fields=fields)
    agency = Agency(
        code=code,
        name=name.strip(),
        country_code=country_code.upper(),
        kind=kind,
        is_spoc=is_spoc,
        channels=list(channels or []),
        retention_days=retention_days,
    )
    session.add(agency)
    session.flush()
    record(session, ctx, Actions.ADMINISTRATION, "agency", agency.id, details={"event": "agency_created"})
    return agency


def directory(
    session: Session,
    *,
    query: str = "",
    country: str | None = None,
    crime_area: str | None = None,
    language: str | None = None,
    only_24_7: bool = False,
    limit: int = 200,
) -> list[ContactPoint]:
    """Search the network of officers. JSON lists are filtered in Python so SQLite and PostgreSQL agree."""
    stmt = select(ContactPoint).join(Agency, Agency.id == ContactPoint.agency_id)
    if country:
        stmt = stmt.where(Agency.country_code == country.upper())
    if only_24_7:
        stmt = stmt.where(ContactPoint.available_24_7.is_(True))
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(ContactPoint.name).like(like),
                func.lower(ContactPoint.function).like(like),
                func.lower(Agency.name).like(like),
                func.lower(Agency.code).like(like),
            )
        )
    rows = session.execute(stmt.order_by(Agency.country_code, Agency.name, ContactPoint.name)).scalars().all()
    result = [
        cp
        for cp in rows
        if (not crime_area or crime_area in cp.crime_areas) and (not language or language in cp.languages)
    ]
    return result[:limit]


def validate_contact(crime_areas: list[str], languages: list[str]) -> None:
    fields = {}
    if any(a not in CRIME_AREAS for a in crime_areas):
        fields["crime_areas"] = _("Unknown crime area.")
    if any(lang not in LANGUAGES for lang in languages):
        fields["languages"] = _("Unknown language.")
    if fields:
        raise InvalidInput(_("The contact point could not be saved."), fields=fields)


def add_contact(
    session: Session,
    ctx: AuditContext,
    *,
    agency_id: int,
    name: str,
    function: str = "",
    crime_areas: list[str] | None = None,
    languages: list[str] | None = None,
    phone: str = "",
    email: str = "",
    available_24_7: bool = False,
) -> ContactPoint:
    """Add an entry to the network of officers."""
    crime_areas, languages = list(crime_areas or []), list(languages or [])
    validate_contact(crime_areas, languages)
    if not name.strip():
        raise InvalidInput(_("The contact point could not be saved."), fields={"name": _("Required.")})
    if session.get(Agency, agency_id) is None:
        raise InvalidInput(_("The contact point could not be saved."), fields={"agency_id": _("Unknown agency.")})
    contact = ContactPoint(
        agency_id=agency_id,
        name=name.strip(),
        function=function.strip(),
        crime_areas=crime_areas,
        languages=languages,
        phone=phone.strip(),
        email=email.strip(),
        available_24_7=available_24_7,
    )
    session.add(contact)
    session.flush()
    record(session, ctx, Actions.ADMINISTRATION, "contact_point", contact.id, details={"event": "contact_added"})
    return contact


LOCAL_AGENCY = "LOCAL"


def installation_agency(session: Session, ctx: AuditContext) -> Agency:
    """The agency that owns what an operator loads without naming an owner (e.g. a watchlist import).

    ``LIAISON_HOME_AGENCY`` names it; without it a ``LOCAL`` agency ("this installation") is created on
    first use, so a fresh installation can load lists before its agencies are set up.
    """
    import os

    code = os.environ.get("LIAISON_HOME_AGENCY", "").strip().upper()
    if code:
        agency = by_code(session, code)
        if agency is None:
            raise InvalidInput(_("LIAISON_HOME_AGENCY names no agency: ") + code, fields={"owner": code})
        return agency
    agency = by_code(session, LOCAL_AGENCY)
    if agency is not None:
        return agency
    if session.get(Country, "ZZ") is None:
        session.add(Country(code="ZZ", name="Unspecified (this installation)", timezone="UTC"))
        session.flush()
    return create_agency(
        session, ctx, code=LOCAL_AGENCY, name="This installation (local lists)", country_code="ZZ", kind="police"
    )
