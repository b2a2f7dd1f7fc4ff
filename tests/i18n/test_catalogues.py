"""The catalogues (issue 10): complete where declared, in line with the sources, plural rules per CLDR,
placeholders kept, Serbian Latin generated from Cyrillic, each script pure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from liaison.core.i18n import CATALOGUES, CLDR, CYRILLIC, DOMAIN, LOCALE_DIR, LOCALES, catalogue_path
from tests.i18n.purity import impurities

ROOT = Path(__file__).resolve().parents[2]
#: Number of plural forms per locale, as issue 10 states them (CLDR).
NPLURALS = {"sq": 2, "mk": 2, "sr-Cyrl": 3, "sr-Latn": 3, "bs": 3, "hr": 3, "cnr": 3}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def _read(locale: str) -> Catalog:
    with catalogue_path(locale).open("rb") as fh:
        return read_po(fh, locale=CLDR[locale])


def _template() -> Catalog:
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as fh:
        return read_po(fh)


def declared_complete() -> list[str]:
    lines = (LOCALE_DIR / "COMPLETE").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _strings(message) -> list[str]:  # type: ignore[no-untyped-def]
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _ids(message) -> list[str]:  # type: ignore[no-untyped-def]
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def test_every_locale_has_a_catalogue_with_its_plural_rule() -> None:
    assert set(LOCALES) == {"en", *NPLURALS}
    for locale in CATALOGUES:
        path = catalogue_path(locale)
        assert path.exists(), f"{locale}: no catalogue at {path.relative_to(ROOT)}"
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert f'"Language: {CATALOGUES[locale]}\\n"' in header, locale
        assert f"nplurals={NPLURALS[locale]};" in header, locale
        assert _read(locale).num_plurals == NPLURALS[locale]


@pytest.mark.parametrize("locale", declared_complete())
def test_declared_complete_catalogues_are_fully_translated(locale: str) -> None:
    """The build fails for a locale listed in locale/COMPLETE with an empty or fuzzy entry."""
    assert locale in LOCALES, f"locale/COMPLETE lists {locale!r}, which is not a product locale"
    if locale == "en":
        return  # the source language: the template is the catalogue
    catalog = _read(locale)
    missing = [m.id for m in catalog if m.id and not all(_strings(m))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing, f"{locale}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{locale}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_template_holds_every_string_of_the_sources() -> None:
    """``make messages`` was run: the .pot has exactly the strings the code and templates mark."""
    method_map = [
        ("src/liaison/cli.py", "liaison.core.i18n_extract:extract_cli"),
        ("src/liaison/*/cli.py", "liaison.core.i18n_extract:extract_cli"),
        ("src/liaison/environment/screening/treaties.py", "liaison.core.i18n_extract:extract_screening"),
        ("src/**.py", "python"),
        ("src/liaison/environment/data/*.csv", "liaison.core.i18n_extract:extract_csv"),
        ("src/liaison/web/templates/**.html", "jinja2"),
    ]
    options = {"src/liaison/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {
        "_": None,
        "N_": None,
        "NP_": ((1, "c"), 2),
        "lazy_gettext": None,
        "ngettext": (1, 2),
        "pgettext": ((1, "c"), 2),
        "phrase": None,
    }
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options, keywords=keywords, comment_tags=("Translators:",)
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    template = {(m.context, _ids(m)[0]) for m in _template() if m.id}
    assert not found - template, f"not in liaison.pot (run `make messages`): {sorted(found - template)[:10]}"
    assert not template - found, f"in liaison.pot but no longer used: {sorted(template - found)[:10]}"


@pytest.mark.parametrize("locale", list(CATALOGUES))
def test_catalogue_follows_the_template(locale: str) -> None:
    template = {(m.context, _ids(m)[0]) for m in _template() if m.id}
    catalog = {(m.context, _ids(m)[0]) for m in _read(locale) if m.id}
    assert catalog == template, f"{locale} is not updated from liaison.pot: run `make messages`"


@pytest.mark.parametrize("locale", list(CATALOGUES))
def test_translations_keep_placeholders(locale: str) -> None:
    bad = []
    for m in _read(locale):
        if not m.id:
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(m))))
        plural = len(_ids(m)) > 1
        for text in _strings(m):
            used = set(PLACEHOLDER.findall(text))
            # A plural form may leave the number out ("one item"); nothing else may differ.
            if text and (used - wanted or (not plural and used != wanted)):
                bad.append((m.id, text))
    assert not bad, f"{locale}: placeholders differ from the source: {bad[:5]}"


@pytest.mark.parametrize("locale", list(CATALOGUES))
def test_translations_are_in_their_script(locale: str) -> None:
    """sr-Cyrl and mk entries hold no Latin words outside codes and names; the others no Cyrillic."""
    bad = []
    for m in _read(locale):
        for text in _strings(m) if m.id else []:
            if text and (found := impurities(text, cyrillic=locale in CYRILLIC)):
                bad.append((m.id, found))
    assert not bad, f"{locale}: wrong script in {len(bad)} entries, e.g. {bad[:5]}"


def test_serbian_latin_is_generated_from_cyrillic() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n_serbian_latin.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
