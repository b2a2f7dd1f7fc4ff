"""Plural forms and date/number/countdown formats per locale (Babel, CLDR): these need no catalogue."""

from __future__ import annotations

import gettext
from datetime import UTC, datetime, timedelta

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from liaison.core import formats, i18n
from liaison.core.i18n import CATALOGUES, CLDR, catalogue_path, use_locale

MOMENT = datetime(2026, 12, 3, 8, 3, 7, tzinfo=UTC)  # 09:03 in Central Europe
ORDER = ("one", "few", "many", "other")


def _gettext_plural(locale: str):  # type: ignore[no-untyped-def]
    with catalogue_path(locale).open("rb") as fh:
        catalog = read_po(fh, locale=CLDR[locale])
    return gettext.c2py(catalog.plural_expr)


@pytest.mark.parametrize("locale", list(CATALOGUES))
def test_gettext_plural_rule_agrees_with_cldr(locale: str) -> None:
    """The catalogue's Plural-Forms picks, for every count, the form CLDR's category names."""
    rule = Locale.parse(CLDR[locale]).plural_form
    categories = [c for c in ORDER if c in rule.tags or c == "other"]
    plural = _gettext_plural(locale)
    for n in range(0, 1001):
        assert categories[plural(n)] == rule(n), (locale, n)


@pytest.mark.parametrize(
    ("locale", "n", "form"),
    [("sr-Cyrl", 1, 0), ("sr-Cyrl", 21, 0), ("sr-Cyrl", 3, 1), ("sr-Cyrl", 24, 1), ("sr-Cyrl", 5, 2),
     ("sr-Cyrl", 11, 2), ("sr-Cyrl", 12, 2), ("hr", 101, 0), ("bs", 104, 1), ("cnr", 111, 2),
     ("mk", 1, 0), ("mk", 21, 0), ("mk", 11, 1), ("mk", 2, 1), ("sq", 1, 0), ("sq", 0, 1), ("sq", 21, 1)],
)  # fmt: skip
def test_plural_forms_named_in_the_issue(locale: str, n: int, form: int) -> None:
    assert _gettext_plural(locale)(n) == form


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "Dec 3, 2026 09:03 CET"),
        ("sq", "3 dhj 2026 09:03 CET"),
        ("sr-Cyrl", "3. 12. 2026. 09:03 CET"),
        ("sr-Latn", "3. 12. 2026. 09:03 CET"),
        ("mk", "3 дек. 2026 г. 09:03 CET"),
        ("hr", "3. pro 2026. 09:03 CET"),
        ("bs", "3. dec 2026. 09:03 CET"),
        ("cnr", "3. 12. 2026. 09:03 CET"),
    ],
)
def test_dates_per_locale_in_the_display_zone(locale: str, expected: str) -> None:
    with use_locale(locale):
        assert formats.format_datetime(MOMENT).replace("\u202f", " ").replace("\xa0", " ") == expected
        assert formats.format_clock(MOMENT) == "09:03:07"


def test_montenegrin_is_formatted_as_serbian_latin_in_montenegro() -> None:
    assert i18n.cldr_locale("cnr") == "sr_Latn_ME"
    with use_locale("cnr"):
        montenegrin = formats.format_datetime(MOMENT), formats.format_countdown(MOMENT, now=MOMENT - timedelta(days=3))
    assert montenegrin == (
        formats.format_datetime(MOMENT, locale="cnr"),
        formats.format_countdown(MOMENT, now=MOMENT - timedelta(days=3), locale="cnr"),
    )
    assert i18n.cldr_locale("sr-Cyrl") == "sr" and i18n.cldr_locale("sr-Latn") == "sr_Latn"


@pytest.mark.parametrize(
    ("locale", "number", "later", "earlier"),
    [
        ("en", "12,345.6", "in 3 hours", "2 days ago"),
        ("sq", "12 345,6", "pas 3 orësh", "2 ditë më parë"),
        ("sr-Cyrl", "12.345,6", "за 3 сата", "пре 2 дана"),
        ("sr-Latn", "12.345,6", "za 3 sata", "pre 2 dana"),
        ("mk", "12.345,6", "за 3 часа", "пред 2 дена"),
        ("hr", "12.345,6", "za 3 sata", "prije 2 dana"),
    ],
)
def test_numbers_and_countdowns_per_locale(locale: str, number: str, later: str, earlier: str) -> None:
    with use_locale(locale):
        assert formats.format_number(12345.6).replace("\xa0", " ") == number
        assert formats.format_countdown(MOMENT + timedelta(hours=3, minutes=2), now=MOMENT) == later
        assert formats.format_countdown(MOMENT - timedelta(days=2), now=MOMENT) == earlier


def test_names_show_the_other_script_where_it_helps() -> None:
    with use_locale("en"):
        assert formats.display_name("Петровић") == "Петровић · Petrović"
        assert formats.display_name("Petrović") == "Petrović"
    with use_locale("sr-Cyrl"):
        assert formats.display_name("Petrović") == "Petrović · Петровић"
        assert formats.display_name("Петровић") == "Петровић"
        assert formats.display_name("John Smith") == "John Smith"  # not a name of the region's alphabet
    with use_locale("mk"):
        assert formats.display_name("Đorđević") == "Đorđević · Ѓорѓевиќ"
    with use_locale("sq"):
        assert formats.display_name("Љубица Ђорђевић") == "Љубица Ђорђевић · Ljubica Đorđević"
