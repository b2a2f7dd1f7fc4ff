"""Deciding whether a required document was presented, from the officer's free-text list.

Officers type documents the way they appear ("CITES export permit", "izvozna dozvola",
"Basel movement document", "PIC"), so each requirement is recognised by word stems in the
region's languages rather than by exact strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from liaison.environment.screening.text import fold


@lru_cache(maxsize=256)
def _stem_regex(stems: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(s)) for s in stems) + r")")


def has(doc: str, *stems: str) -> bool:
    """True when a folded, padded document text has a word starting with one of ``stems``."""
    return _stem_regex(stems).search(doc) is not None


_CITES = ("cites", "цитес")
_EXPORT = (
    "export",
    "re export",
    "reexport",
    "izvoz",
    "eksport",
    "извоз",
    "certificate",
    "certifikat",
    "certifikat",
    "сертификат",
    "potvrd",
)
_IMPORT = ("import", "uvoz", "увоз", "увез", "importi")
_LICENCE = ("licen", "licenc", "dozvol", "leje", "kvot", "quota", "лиценц", "дозвол", "квот", "permit")
_PIC = (
    "pic",
    "prior informed",
    "notification",
    "notifikac",
    "consent",
    "saglasnost",
    "suglasnost",
    "pëlqim",
    "pelqim",
    "согласност",
    "сагласност",
)
_MOVEMENT = (
    "movement",
    "pratec",
    "prateć",
    "kretanj",
    "lëvizj",
    "levizj",
    "движењ",
    "кретањ",
    "annex v",
    "tracking form",
)


def cites_export(docs: list[str]) -> bool:
    return any(has(d, *_CITES) and (has(d, *_EXPORT) or not has(d, *_IMPORT)) for d in docs)


def cites_import(docs: list[str]) -> bool:
    return any(has(d, *_CITES) and has(d, *_IMPORT) for d in docs)


def eu_import(docs: list[str]) -> bool:
    return cites_import(docs) or any(has(d, "338/97", "eu import", "eu permit") for d in docs)


def caviar_label(docs: list[str]) -> bool:
    return any(has(d, "label", "etiket", "naljepnic", "nalepnic", "етикет") for d in docs)


def montreal_licence(docs: list[str]) -> bool:
    return any(
        has(d, *_LICENCE, "montreal", "ods", "ozone", "ozon", "f gas", "fgas") and not has(d, *_CITES) for d in docs
    )


def basel_consent(docs: list[str]) -> bool:
    return any(has(d, *_PIC, "basel") and not has(d, "rotterdam") for d in docs)


def basel_movement(docs: list[str]) -> bool:
    return any(has(d, *_MOVEMENT) for d in docs)


def rotterdam_pic(docs: list[str]) -> bool:
    return any(has(d, "pic", "prior informed", "rotterdam", "import response", "export notification") for d in docs)


def stockholm_ok(docs: list[str]) -> bool:
    return any(has(d, "stockholm", "pop", "exemption", "disposal", "izuzec", "izuzeć") for d in docs)


def cwc_declaration(docs: list[str]) -> bool:
    return any(
        has(d, "cwc", "opcw", "end use", "enduse", "end user", "krajnj", "chemical weapons", "schedule") for d in docs
    )


def cartagena_docs(docs: list[str]) -> bool:
    return any(has(d, "lmo", "gmo", "biosafety", "cartagena", "may contain", "aia", "advance informed") for d in docs)


def functionality_test(docs: list[str]) -> bool:
    return any(has(d, "test", "functional", "funkcional", "ispitivan", "ispravnost", "тест", "испит") for d in docs)
