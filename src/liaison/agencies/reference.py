"""Reference rows every installation needs: the region's countries and its partners."""

from __future__ import annotations

from sqlalchemy.orm import Session

from liaison.agencies.models import Country

COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("AL", "Albania", "Europe/Tirane"),
    ("BA", "Bosnia and Herzegovina", "Europe/Sarajevo"),
    # XK: user-assigned code; designation without prejudice to positions on status (UNSCR 1244/1999).
    ("XK", "Kosovo*", "Europe/Belgrade"),
    ("ME", "Montenegro", "Europe/Podgorica"),
    ("MK", "North Macedonia", "Europe/Skopje"),
    ("RS", "Serbia", "Europe/Belgrade"),
    ("HR", "Croatia", "Europe/Zagreb"),
    ("SI", "Slovenia", "Europe/Ljubljana"),
    ("BG", "Bulgaria", "Europe/Sofia"),
    ("RO", "Romania", "Europe/Bucharest"),
    ("GR", "Greece", "Europe/Athens"),
    ("HU", "Hungary", "Europe/Budapest"),
    ("MD", "Moldova", "Europe/Chisinau"),
    ("TR", "Türkiye", "Europe/Istanbul"),
    ("IT", "Italy", "Europe/Rome"),
    ("DE", "Germany", "Europe/Berlin"),
    ("AT", "Austria", "Europe/Vienna"),
    ("FR", "France", "Europe/Paris"),
    ("NL", "Netherlands", "Europe/Amsterdam"),
)
# International organisations (Europol, INTERPOL General Secretariat, SELEC) are agencies recorded under
# the country of their seat (NL, FR, RO); no invented country codes.


def ensure_countries(session: Session) -> None:
    for code, name, tz in COUNTRIES:
        if session.get(Country, code) is None:
            session.add(Country(code=code, name=name, timezone=tz))
    session.flush()
