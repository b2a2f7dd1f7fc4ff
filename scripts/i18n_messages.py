#!/usr/bin/env python3
"""Catalogue maintenance for translators (``make messages``; docs/i18n.md).

``update``: after ``pybabel extract`` has refreshed ``liaison.pot``, bring every locale's ``.po`` in line
with it: new strings added empty, changed strings kept as *fuzzy* suggestions (the completeness check fails
on them until a translator confirms), removed strings dropped. A missing ``.po`` is created with the
locale's CLDR plural rule. Done with Babel's API rather than ``pybabel update`` because Babel has no locale
data for Montenegrin (``cnr``): its catalogue is formatted as ``sr_Latn_ME`` but declares ``Language: cnr``.

``stats``: how far each catalogue is translated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from liaison.core.i18n import CATALOGUES, CLDR, DOMAIN, LOCALE_DIR  # noqa: E402

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def _plural_header(locale: str) -> str:
    plural = get_plural(CLDR[locale])
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def fix_header(text: str, locale: str) -> str:
    """Babel writes the header from its own locale data: the language tag and the plural rule are ours."""
    header, _blank, body = text.partition("\n\n")
    lines: list[str] = []
    skipping = False
    for line in header.splitlines():
        if skipping:  # the rest of a header value Babel wrapped over several lines
            skipping = not line.endswith('\\n"')
            continue
        if line.startswith(('"Language: ', '"Plural-Forms: ')):
            key = line[1 : line.index(":")]
            value = CATALOGUES[locale] if key == "Language" else _plural_header(locale)
            lines.append(f'"{key}: {value}\\n"')
            skipping = not line.endswith('\\n"')
            continue
        lines.append(line)
    return "\n".join(lines) + "\n\n" + body


def _write(path: Path, catalog: Catalog, locale: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, ignore_obsolete=True, include_previous=True)
    path.write_text(fix_header(path.read_text(encoding="utf-8"), locale), encoding="utf-8")


def po_path(locale: str) -> Path:
    return LOCALE_DIR / CATALOGUES[locale] / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(locales: list[str]) -> None:
    template = _read(TEMPLATE)
    for locale in locales:
        path = po_path(locale)
        cldr = CLDR[locale]
        if path.exists():
            catalog = _read(path, cldr)
        else:
            catalog = Catalog(locale=cldr, domain=DOMAIN, project="Liaison", version="0.1.0",
                              language_team=f"{locale} <translators>")
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        catalog.fuzzy = False
        _write(path, catalog, locale)
        print(f"{locale}: {path.relative_to(ROOT)}")


def stats(locales: list[str]) -> None:
    for locale in locales:
        catalog = _read(po_path(locale), CLDR[locale])
        messages = [m for m in catalog if m.id]
        done = [m for m in messages if m.string and all(m.string if isinstance(m.string, tuple) else [m.string])
                and not m.fuzzy]
        fuzzy = [m for m in messages if m.fuzzy]
        print(f"{locale:8} {len(done):5}/{len(messages):<5} translated, {len(fuzzy)} fuzzy")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("update", "stats"):
        print(__doc__)
        return 2
    locales = argv[1:] or list(CATALOGUES)
    {"update": update, "stats": stats}[argv[0]](locales)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
