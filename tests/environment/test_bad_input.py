"""Bad input is an explicit error or a warning, never a silent pass."""

from __future__ import annotations

import pytest

from liaison.environment.screening import ScreeningInputError, screen

from .helpers import codes, run


@pytest.mark.parametrize(
    ("hs", "fragment"),
    [
        ("2903.98", "does not exist"),
        ("0108.99", "does not exist"),
        ("2903", "6 to 10 digits"),
        ("29037100123", "6 to 10 digits"),
        ("29O3.71", "not a number"),
        ("", "missing"),
    ],
)
def test_bad_hs_code_raises_a_readable_error(hs: str, fragment: str) -> None:
    with pytest.raises(ScreeningInputError, match=fragment):
        screen({"hs_code": hs, "description": "goods"})


def test_national_code_must_extend_an_existing_subheading() -> None:
    assert run(hs_code="2903 71 00 10", description="gas").hs.subheading == "290371"
    with pytest.raises(ScreeningInputError):
        run(hs_code="2903.70.00", description="gas")


def test_wrong_cas_check_digit_is_a_warning_that_suggests_the_fix() -> None:
    r = run(hs_code="2931.49", description="chemical", cas_numbers=["75-45-7"])
    assert any("wrong check digit" in w and "75-45-6" in w for w in r.warnings)


def test_malformed_cas_is_a_warning() -> None:
    r = run(hs_code="2931.49", description="chemical", cas_numbers=["abc-12"])
    assert any("not a CAS number" in w for w in r.warnings)


def test_unknown_refrigerant_is_a_warning() -> None:
    r = run(hs_code="2903.49", description="refrigerant", refrigerant="R-9999")
    assert any("Unknown refrigerant" in w for w in r.warnings)


def test_unknown_species_is_a_warning_not_a_clearance() -> None:
    r = run(hs_code="0106.90", description="live animals", species="Dracula vampirus")
    assert "CITES" not in codes(r)
    assert any("not in the project's curated list" in w for w in r.warnings)


def test_unlisted_species_says_so() -> None:
    r = run(hs_code="0508.00", description="jewellery raw material", species="Corallium rubrum")
    assert "CITES" not in codes(r)
    assert any("not CITES-listed" in w for w in r.warnings)


def test_unknown_country_code_is_a_warning_and_kosovo_is_accepted() -> None:
    r = run(hs_code="6403.99", description="shoes", origin="ZZ", destination="XK")
    assert any("'ZZ'" in w for w in r.warnings)
    assert not any("'XK'" in w for w in r.warnings)


def test_invalid_field_values_raise_screening_input_error() -> None:
    with pytest.raises(ScreeningInputError, match="quantity"):
        screen({"hs_code": "2903.71", "quantity": -5})
    with pytest.raises(ScreeningInputError):
        screen({"hs_code": "2903.71", "unexpected": "x"})


def test_generic_refrigerant_without_identification_warns() -> None:
    r = run(hs_code="8415.10", description="air conditioner with refrigerant")
    assert any("refrigerant" in w for w in r.warnings)
