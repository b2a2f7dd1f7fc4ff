#!/usr/bin/env python3
"""Serbian Latin catalogue generated from the Serbian Cyrillic one (issue 10).

Serbian is one language in two scripts; translators write ``sr_Cyrl`` and this step writes ``sr_Latn``
letter by letter (``liaison.core.script.cyrillic_to_latin``: exact, one Latin letter or digraph per
Cyrillic letter). What the letters cannot decide is listed in ``src/liaison/locale/sr_Latn/exceptions.tsv``
(``Cyrillic<TAB>Latin``, whole words or phrases, applied before the letters): foreign names and acronyms
written in Latin even in Latin-script Serbian text. Fuzzy entries stay fuzzy; the completeness check treats
both catalogues alike. ``--check`` only reports whether ``sr_Latn`` is up to date (the tests run it).
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "scripts"))

from i18n_messages import fix_header  # noqa: E402

from liaison.core.i18n import LOCALE_DIR  # noqa: E402
from liaison.core.script import cyrillic_to_latin  # noqa: E402

SOURCE = LOCALE_DIR / "sr_Cyrl" / "LC_MESSAGES" / "liaison.po"
TARGET = LOCALE_DIR / "sr_Latn" / "LC_MESSAGES" / "liaison.po"
EXCEPTIONS = LOCALE_DIR / "sr_Latn" / "exceptions.tsv"


def load_exceptions(path: Path = EXCEPTIONS) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                cyrillic, _tab, latin = line.partition("\t")
                pairs.append((cyrillic.strip(), latin.strip()))
    # Longest first, so a phrase wins over a word it contains.
    return sorted(pairs, key=lambda p: -len(p[0]))


def to_latin(text: str, exceptions: list[tuple[str, str]]) -> str:
    for cyrillic, latin in exceptions:
        text = re.sub(rf"(?<!\w){re.escape(cyrillic)}(?!\w)", latin, text)
    return cyrillic_to_latin(text)


def generate(source: bytes, exceptions: list[tuple[str, str]]) -> bytes:
    catalog = read_po(io.BytesIO(source), locale="sr")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, tuple | list):
            message.string = tuple(to_latin(s, exceptions) for s in message.string)
        elif message.string:
            message.string = to_latin(message.string, exceptions)
    out = io.BytesIO()
    write_po(out, catalog, width=100, ignore_obsolete=True, include_previous=True)
    text = fix_header(out.getvalue().decode("utf-8"), "sr-Latn")
    text = text.replace("sr-Cyrl <translators>", "sr-Latn <translators>")
    _first, _newline, rest = text.partition("\n")
    text = "# GENERATED from sr_Cyrl by scripts/i18n_serbian_latin.py (make messages): do not edit.\n" + rest
    return text.encode("utf-8")


def main(argv: list[str]) -> int:
    result = generate(SOURCE.read_bytes(), load_exceptions())
    if "--check" in argv:
        current = TARGET.read_bytes() if TARGET.exists() else b""
        if current != result:
            print("sr_Latn is not generated from sr_Cyrl: run `make messages`.")
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(result)
    print(f"sr-Latn: {TARGET.relative_to(ROOT)} (generated from sr_Cyrl)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
