"""Screening texts in the reader's language, translated where they are shown.

The engine writes English: a seizure record stores what the screening said, and the JSON of the API is a
stable contract. Pages and the CLI translate each text when they show it (:func:`translate`):

- a fixed text is a catalogue entry: the columns of the reference data a reader sees (red-flag reasons and
  guidance, Basel titles, concept labels, Cartagena categories; extracted from the CSV files by
  ``core/i18n_extract.py``) and the engine's fixed sentences (requirements, warnings, HS notes);
- a composed text ("CITES Appendix II Anguilla anguilla") was made from a :func:`phrase` template: it is
  matched against the templates and rebuilt from the translated template and its parts, each part
  translated the same way except the data (names, codes, what the officer declared), which stay as written;
- lists joined with "; " are translated item by item;
- anything else is shown as written. So a record stored before a template changed still reads, in English.
"""

from __future__ import annotations

import re
from functools import lru_cache

from liaison.core.i18n import DEFAULT, N_, Label, _, current_locale

#: The English templates of composed texts, in the order they were declared.
TEMPLATES: list[str] = []

#: Placeholders that hold data (names, codes, declared text): never looked up in the catalogue.
DATA = frozenset(
    {
        "appendix",
        "taxon",
        "species",
        "name",
        "codes",
        "designation",
        "cas",
        "listing",
        "articles",
        "declared",
        "hs",
        "annex",
        "substances",
        "route",
    }
)

#: The kinds of document a requirement is (``models.RequirementKind``).
REQUIREMENT_KINDS: dict[str, Label] = {
    "permit": N_("permit"),
    "certificate": N_("certificate"),
    "licence or quota": N_("licence or quota"),
    "prior informed consent": N_("prior informed consent"),
    "movement document": N_("movement document"),
    "declaration": N_("declaration"),
}

#: What a treaty hit was matched on (``TreatyHit.basis``).
BASIS: dict[str, Label] = {
    "hs": N_("HS code"),
    "description": N_("description"),
    "cas": N_("CAS number"),
    "species": N_("species"),
    "refrigerant": N_("refrigerant"),
    "status": N_("declared status"),
    "packaging": N_("packaging"),
}

#: The treaties' names (official titles where the language has one).
TREATY_NAMES: dict[str, Label] = {
    "CITES": N_("Convention on International Trade in Endangered Species of Wild Fauna and Flora (CITES)"),
    "MONTREAL": N_("Montreal Protocol on Substances that Deplete the Ozone Layer"),
    "BASEL": N_("Basel Convention on the Control of Transboundary Movements of Hazardous Wastes and their Disposal"),
    "ROTTERDAM": N_(
        "Rotterdam Convention on the Prior Informed Consent Procedure for Certain Hazardous Chemicals and "
        "Pesticides in International Trade"
    ),
    "STOCKHOLM": N_("Stockholm Convention on Persistent Organic Pollutants"),
    "CARTAGENA": N_("Cartagena Protocol on Biosafety to the Convention on Biological Diversity"),
    "CWC": N_("Chemical Weapons Convention"),
}


def phrase(template: str) -> str:
    """Declare a template the engine composes texts with (``%(name)s`` placeholders) and return it.

    Extracted for translators (``pybabel extract -k phrase``); :func:`translate` recognises its output.
    """
    TEMPLATES.append(template)
    _patterns.cache_clear()
    return template


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    # The template with the most fixed words first: "CITES Appendix %(appendix)s %(taxon)s" must be tried
    # before "%(taxon)s (declared as %(species)s)", which would take the whole entry as a taxon.
    by_fixed_text = sorted(TEMPLATES, key=lambda t: -len(re.sub(r"%\(\w+\)s", "", t)))
    for template in by_fixed_text:
        parts = re.split(r"%\((\w+)\)s", template)
        regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
        compiled.append((template, re.compile(regex, re.DOTALL)))
    return tuple(compiled)


def _translate(text: str, depth: int = 0) -> str:
    translated = _(text)
    if translated != text or depth > 4:
        return translated
    for template, pattern in _patterns():
        match = pattern.fullmatch(text)
        if match:
            values = {
                key: value if key in DATA else _translate(value, depth + 1) for key, value in match.groupdict().items()
            }
            return _(template) % values
    if "; " in text:
        return "; ".join(_translate(part, depth + 1) for part in text.split("; "))
    return text


def translate(text: str | None) -> str:
    """``text`` (written by the screening in English) in the current language, as far as it is known."""
    if not text or current_locale() == DEFAULT:
        return text or ""
    return _translate(text)


def label(labels: dict[str, Label], code: str) -> str:
    value = labels.get(code)
    return str(value) if value is not None else code
