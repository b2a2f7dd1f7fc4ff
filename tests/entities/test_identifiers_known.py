"""Known-good and known-bad examples for every identifier normaliser."""

from __future__ import annotations

import pytest

from liaison.entities.identifiers import (
    NORMALISERS,
    container,
    document,
    email,
    firearm,
    iban,
    normalise,
    organisation,
    phone,
    plate,
    vessel,
    vin,
)

# ---------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("063 123 4567", "RS", "+381631234567"),
        ("0038163 1234567", None, "+381631234567"),
        ("+381 (63) 123-4567", None, "+381631234567"),
        ("044 123 456", "XK", "+38344123456"),
        ("+383 44 123 456", None, "+38344123456"),
        ("067 123 456", "ME", "+38267123456"),
        ("070 123 456", "MK", "+38970123456"),
        ("069 123 4567", "AL", "+355691234567"),
        ("061 123 456", "BA", "+38761123456"),
        ("0049 30 123456", "RS", "+4930123456"),
    ],
)
def test_phone_good(raw: str, country: str | None, expected: str) -> None:
    result = phone.normalise(raw, country)
    assert result.value == expected
    assert result.valid, result.problems
    assert result.raw == raw


def test_phone_national_without_region_is_kept_and_flagged() -> None:
    result = phone.normalise("063 123 4567")
    assert not result.valid
    assert result.value == "0631234567"
    assert "without a country" in result.problems[0]


def test_phone_garbage_is_kept() -> None:
    result = phone.normalise("call me maybe")
    assert not result.valid and result.value == "callmemaybe"


def test_phone_country_of_number() -> None:
    assert phone.normalise("+38344123456").country == "XK"


# ---------------------------------------------------------------- IBAN

VALID_IBANS = {
    "RS": "RS35260005601001611379",
    "ME": "ME25505000012345678951",
    "MK": "MK07250120000058984",
    "AL": "AL47212110090000000235698741",
    "BA": "BA391290079401028494",
    "XK": "XK051212012345678906",
}


@pytest.mark.parametrize(("cc", "value"), sorted(VALID_IBANS.items()))
def test_iban_good(cc: str, value: str) -> None:
    spaced = " ".join(value[i : i + 4] for i in range(0, len(value), 4)).lower()
    result = iban.normalise(spaced)
    assert result.valid and result.value == value and result.country == cc


def test_iban_bad_checksum_is_kept_and_flagged() -> None:
    result = iban.normalise("RS35 2600 0560 1001 6113 78")
    assert not result.valid
    assert result.value == "RS35260005601001611378"
    assert "checksum" in result.problems[0].lower()


def test_iban_prefix_removed() -> None:
    assert iban.normalise("IBAN RS35260005601001611379").value == VALID_IBANS["RS"]


# ---------------------------------------------------------------- VIN


def test_vin_good_with_check_digit() -> None:
    result = vin.normalise("1m8gdm9axkp042788")
    assert result.valid and result.value == "1M8GDM9AXKP042788" and result.problems == []


def test_vin_bad_check_digit_is_warning_only() -> None:
    result = vin.normalise("1M8GDM9A1KP042788")
    assert result.valid
    assert result.problems == [
        "VIN check digit is 1, expected X (warning only: many European VINs do not use a check digit)"
    ]


def test_vin_european_without_check_digit() -> None:
    result = vin.normalise("WVW ZZZ 1JZ XW000001")
    assert result.valid and result.value == "WVWZZZ1JZXW000001"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [("1M8GDM9AXKP04278", "16 characters"), ("1M8GDM9AXKPO42788", "O"), ("1M8GDM9AXKP04278!", "outside")],
)
def test_vin_bad_format(raw: str, fragment: str) -> None:
    result = vin.normalise(raw)
    assert not result.valid
    assert any(fragment in p for p in result.problems)


def test_vin_check_digit_function() -> None:
    assert vin.check_digit("1M8GDM9AXKP042788") == "X"
    assert vin.check_digit("11111111111111111") == "1"


# ---------------------------------------------------------------- plate


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("BG 123-AB", "RS", "BG123AB"),
        ("bg.123.ab", "RS", "BG123AB"),
        ("БГ 123-АБ", "RS", "BG123AB"),  # transliterated Cyrillic record
        ("ВG 123-АВ", "RS", "BG123AB"),  # Cyrillic look-alikes typed for Latin letters
        ("ČA 123-AB", "RS", "CA123AB"),
        ("ЧА 123-АБ", "RS", "CA123AB"),
        ("ŠA 001-ŽĐ", "RS", "SA001ZD"),
        ("ШАБАЦ", None, "SABAC"),
        ("ЊИ 1", None, "NJI1"),
        ("SK 1234 AB", "MK", "SK1234AB"),
        ("A12-E-345", "BA", "A12E345"),
        ("01-123-AB", "XK", "01123AB"),
        ("TR 123 AB", "AL", "TR123AB"),
        ("PG AB 123", "ME", "PGAB123"),
    ],
)
def test_plate(raw: str, country: str | None, expected: str) -> None:
    result = plate.normalise(raw, country)
    assert result.value == expected
    assert result.valid
    assert result.problems == [], result.problems
    assert result.country == country


def test_plate_format_hint_is_warning() -> None:
    result = plate.normalise("123", "RS")
    assert result.valid and result.value == "123"
    assert "unusual format" in result.problems[0]


def test_plate_foreign_script_flagged() -> None:
    result = plate.normalise("ΑΒΓ 123")  # Greek
    assert not result.valid


def test_plate_only_separators_kept() -> None:
    result = plate.normalise(" - . ")
    assert not result.valid and result.value == "-."


# ---------------------------------------------------------------- documents


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("012 345 678", "RS", "012345678"),
        ("012-345-678", "RS", "012345678"),
        ("BA1234567<<", "AL", "BA1234567"),
        ("ва1234567", "AL", "BA1234567"),  # lower-case Cyrillic look-alikes (в, а)
        ("M 0123456", "MK", "M0123456"),
    ],
)
def test_document_good(raw: str, country: str, expected: str) -> None:
    result = document.normalise(raw, country)
    assert result.value == expected and result.valid and result.problems == []


def test_document_o_and_zero_not_folded() -> None:
    assert document.normalise("O1234567").value != document.normalise("01234567").value


def test_document_format_hint_is_warning() -> None:
    result = document.normalise("AB123", "RS")
    assert result.valid and "9 digits" in result.problems[0]


def test_document_non_latin_flagged() -> None:
    result = document.normalise("ДЖ123", "RS")
    assert not result.valid and result.value == "ДЖ123"


# ---------------------------------------------------------------- container and IMO


def test_container_good() -> None:
    result = container.normalise("CSQU 305438-3")
    assert result.valid and result.value == "CSQU3054383"


def test_container_bad_check_digit() -> None:
    result = container.normalise("CSQU3054384")
    assert not result.valid and result.problems == ["container check digit is 4, expected 3"]


def test_container_bad_format() -> None:
    assert not container.normalise("CSQ3054383").valid


@pytest.mark.parametrize("raw", ["IMO 9074729", "9074729", "imo-9074729", "IMO9074729"])
def test_imo_good(raw: str) -> None:
    result = vessel.normalise(raw)
    assert result.valid and result.value == "IMO9074729"


def test_imo_bad() -> None:
    result = vessel.normalise("IMO 9074728")
    assert not result.valid and result.problems == ["IMO check digit is 8, expected 9"]
    assert not vessel.normalise("IMO 907472").valid


# ---------------------------------------------------------------- e-mail, firearm, organisation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Marko.Petrovic@Gmail.COM", "marko.petrovic@gmail.com"),
        ("mailto:info@mup.gov.rs", "info@mup.gov.rs"),
        ("<info@mup.gov.rs>", "info@mup.gov.rs"),
        ("kontakt@пример.срб", "kontakt@xn--e1afmkfd.xn--90a3ac"),
    ],
)
def test_email_good(raw: str, expected: str) -> None:
    result = email.normalise(raw)
    assert result.valid and result.value == expected


@pytest.mark.parametrize("raw", ["no-at-sign", "a@@b.rs", "a@localhost", "@mup.gov.rs", "a b@c"])
def test_email_bad(raw: str) -> None:
    result = email.normalise(raw)
    assert not result.valid and result.problems


def test_firearm() -> None:
    assert firearm.normalise("zk 12-345/a").value == "ZK12345A"
    assert firearm.normalise("М70 123").value == "M70123"  # Cyrillic М
    assert not firearm.normalise("№ 12").valid


@pytest.mark.parametrize(
    ("raw", "country", "expected", "valid"),
    [
        ("101134702", "RS", "101134702", True),
        ("101134703", "RS", "101134703", False),
        ("02655284", "ME", "02655284", True),
        ("MK 4057009501106", "MK", "4057009501106", True),
        ("J 91402501 L", "AL", "J91402501L", True),
        ("4200000000000", "BA", "4200000000000", True),  # no validator: kept, not checked
        ("12345678", None, "12345678", True),
    ],
)
def test_organisation(raw: str, country: str | None, expected: str, valid: bool) -> None:
    result = organisation.normalise(raw, country)
    assert result.value == expected and result.valid is valid
    if not valid:
        assert "PIB" in result.problems[0]


def test_unchecked_registration_number_says_so() -> None:
    assert "not checked" in organisation.normalise("4200000000000", "BA").problems[0]


# ---------------------------------------------------------------- common contract


@pytest.mark.parametrize("kind", sorted(NORMALISERS))
@pytest.mark.parametrize("raw", ["", "   ", "\n\t"])
def test_empty_input_is_a_clear_error(kind: str, raw: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        normalise(kind, raw)


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown identifier kind"):
        normalise("dna", "x")
