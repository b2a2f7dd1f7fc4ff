"""Dates, times, numbers and countdowns in the reader's locale (Babel, CLDR data), times in the display zone.

Templates use these as filters (``core/web.py``): ``localtime``, ``localdate``, ``clock``, ``number``,
``percent``, ``countdown``. Times are stored in UTC and shown in ``LIAISON_DISPLAY_TIMEZONE``; the hour is
always on the 24-hour clock (``Hm`` skeleton), which every locale of the product uses and which leaves no
doubt in an operational record; the rest of the pattern (order, separators, month names) is the locale's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from liaison.core import script
from liaison.core.config import get_settings
from liaison.core.i18n import CYRILLIC, cldr_locale, current_locale
from liaison.core.timeutil import as_utc, to_local, utcnow


def _zone() -> str:
    return get_settings().display_timezone


def format_datetime(value: datetime | None, *, seconds: bool = False, locale: str | None = None) -> str:
    """``3. 12. 2026. 09:03 CET`` / ``Dec 3, 2026, 09:03 CET``: date, 24-hour time and the zone's abbreviation."""
    local = to_local(value, _zone())
    if local is None:
        return ""
    loc = cldr_locale(locale)
    day = babel_dates.format_date(local.date(), "medium", locale=loc)
    clock = babel_dates.format_skeleton("Hms" if seconds else "Hm", local, locale=loc)
    return f"{day} {clock} {local.tzname() or ''}".rstrip()


def format_date(value: date | datetime | None, *, width: Literal["short", "medium", "long", "full"] = "medium",
                locale: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = to_local(value, _zone())
        value = local.date() if local else value.date()
    return babel_dates.format_date(value, width, locale=cldr_locale(locale))


def format_clock(value: datetime | None, *, seconds: bool = True, locale: str | None = None) -> str:
    """The time of day only (a check's time on the desk page)."""
    local = to_local(value, _zone())
    if local is None:
        return ""
    return babel_dates.format_skeleton("Hms" if seconds else "Hm", local, locale=cldr_locale(locale))


def format_number(value: float | int | None, *, locale: str | None = None) -> str:
    """``12,345.6`` / ``12.345,6`` / ``12 345,6`` per locale."""
    if value is None:
        return ""
    return babel_numbers.format_decimal(value, locale=cldr_locale(locale))


def format_percent(value: float | None, *, locale: str | None = None) -> str:
    if value is None:
        return ""
    return babel_numbers.format_percent(value, locale=cldr_locale(locale))


def format_countdown(value: datetime | None, *, now: datetime | None = None, locale: str | None = None) -> str:
    """How far ``value`` is from now, in words: ``in 3 hours`` / ``за 3 сата`` / ``2 days ago``."""
    if value is None:
        return ""
    delta: timedelta = as_utc(value) - (now or utcnow())
    return babel_dates.format_timedelta(
        delta, granularity="minute", threshold=1.0, add_direction=True, format="long", locale=cldr_locale(locale)
    )


def localtime_filter(value: datetime | None, fmt: str | None = None) -> str:
    """The ``localtime`` filter. ``fmt`` is accepted for the templates written before Babel: a format with
    ``%S`` shows seconds, a format without ``%d`` only the time of day."""
    if fmt and "%d" not in fmt:
        return format_clock(value, seconds="%S" in fmt)
    return format_datetime(value, seconds=bool(fmt and "%S" in fmt))


def display_name(value: object) -> str:
    """A person's or place's name as entered, with the reader's script beside it where that helps:
    ``Петровић · Petrović`` on a Latin page, ``Petrović · Петровић`` on a Serbian-Cyrillic one."""
    shown = "" if value is None else str(value)
    locale = current_locale()
    other = script.other_script(shown, cyrillic_reader=locale in CYRILLIC, macedonian=locale == "mk")
    return f"{shown} · {other}" if other and other != shown else shown
