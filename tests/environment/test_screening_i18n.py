"""Screening texts are stored and served in English and shown in the reader's language (issue 10)."""

from __future__ import annotations

import pytest

from liaison.core.i18n import CATALOGUES, translations, use_locale
from liaison.environment.screening import screen
from liaison.environment.screening.i18n import TEMPLATES, translate
from liaison.environment.screening.reference import get_reference

DECLARATIONS = [
    {"hs_code": "2903.71", "description": "R-22 in disposable cylinders, recovered gas", "refrigerant": "R-22"},
    {"hs_code": "0301.99", "description": "live fish", "origin": "FR", "destination": "HK"},
    {"hs_code": "8549.11", "description": "used lead-acid batteries", "origin": "HR", "destination": "NG"},
    {"hs_code": "2931.59", "description": "sarin", "cas_numbers": ["107-44-8"], "destination": "EG"},
    {
        "hs_code": "1604.31",
        "description": "caviar",
        "species": "Acipenser gueldenstaedtii",
        "quantity": 2,
        "unit": "kg",
    },
]


def _texts(result) -> list[str]:  # type: ignore[no-untyped-def]
    texts = [t.entry for t in result.treaties] + [r.name for r in result.requirements] + result.warnings
    for f in result.red_flags:
        texts += [f.reason, f.guidance]
    return texts


def test_english_is_unchanged() -> None:
    result = screen(DECLARATIONS[0])
    for text in _texts(result):
        assert translate(text) == text


@pytest.mark.parametrize("declaration", DECLARATIONS)
def test_every_screening_text_is_translated_in_the_pseudo_locale(declaration) -> None:  # type: ignore[no-untyped-def]
    """Each text is a catalogue entry or built from one: under en-XA it carries the ⟦…⟧ marks."""
    result = screen(declaration)
    with use_locale("en-XA"):
        for text in _texts(result):
            assert "⟦" in translate(text), text


def test_composed_entries_keep_their_data_and_translate_their_words() -> None:
    entry = "CITES Appendix II Anguilla anguilla (declared as glass eel)"
    with use_locale("hr"):
        shown = translate(entry)
    assert "Anguilla anguilla" in shown and "glass eel" in shown  # names and what was declared stay as written
    assert shown.startswith("CITES, Dodatak II")
    assert "prijavljeno kao" in shown


def test_unknown_text_is_shown_as_written() -> None:
    with use_locale("sq"):
        assert translate("Some text the engine did not write") == "Some text the engine did not write"


@pytest.mark.parametrize("locale", list(CATALOGUES))
def test_every_red_flag_and_basel_title_has_a_translation(locale: str) -> None:
    ref = get_reference()
    catalogue = translations(locale)
    texts = [f.reason for f in ref.red_flags.values()] + [b.title for b in ref.basel.values()]
    missing = [t for t in texts if catalogue.gettext(t) == t]
    assert not missing, missing[:3]


def test_templates_are_declared() -> None:
    assert "CITES Appendix %(appendix)s %(label)s" in TEMPLATES
