"""Entity models: structural validation, MRZ fill-in, identifiers() and problems()."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from liaison.entities.types import (
    ENTITY_TYPES,
    Address,
    BankAccount,
    Container,
    Email,
    Entity,
    Firearm,
    IdentityDocument,
    Organisation,
    Person,
    Phone,
    Vehicle,
    Vessel,
    is_country,
    parse_entity,
)

TD3_KOSOVO = "P<XKXKRASNIQI<<ARBEN<<<<<<<<<<<<<<<<<<<<<<<<\nP012345673XKX8005126M3101012<<<<<<<<<<<<<<02"


def test_person_full() -> None:
    person = Person(
        names=["Marko Petrović", "Марко Петровић"],
        aliases=["Kum"],
        birth_date="1980-05",
        birth_place="Čačak",
        nationality=["rs", "XK"],
        sex="M",
        father_name="Jovan",
        data_subject_category="suspect",
        basis="fact",
        handling_code="H2",
    )
    assert person.primary_name == "Marko Petrović"
    assert person.nationality == ["RS", "XK"]
    assert person.identifiers() == []


def test_person_defaults_are_cautious() -> None:
    person = Person(names=["X"])
    assert person.basis == "assessment"
    assert person.sex == "unknown"
    assert person.data_subject_category == "other"


def test_person_single_nationality_string() -> None:
    assert Person(names=["X"], nationality="me").nationality == ["ME"]  # type: ignore[arg-type]


@pytest.mark.parametrize("birth_date", ["1980", "1980-05", "1980-05-12"])
def test_partial_birth_dates(birth_date: str) -> None:
    assert Person(names=["X"], birth_date=birth_date).birth_date == birth_date


@pytest.mark.parametrize(
    "bad",
    [
        {"names": []},
        {"names": ["  "]},
        {"names": ["X"], "birth_date": "1980-13"},
        {"names": ["X"], "birth_date": "1980-02-30"},
        {"names": ["X"], "birth_date": "12.05.1980"},
        {"names": ["X"], "nationality": ["YU"]},
        {"names": ["X"], "nationality": ["SRB"]},
        {"names": ["X"], "sex": "male"},
        {"names": ["X"], "data_subject_category": "terrorist"},
        {"names": ["X"], "basis": "rumour"},
        {"names": ["X"], "handling_code": "H9"},
        {"names": ["X"], "unexpected": 1},
    ],
)
def test_person_rejects(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Person.model_validate(bad)


def test_countries() -> None:
    assert is_country("XK") and is_country("RS") and is_country("BA")
    assert not is_country("XX") and not is_country("UK")


def test_document_from_mrz_fills_fields() -> None:
    doc = IdentityDocument(mrz=TD3_KOSOVO.replace("\n", " ").lower())
    assert doc.document_type == "passport"
    assert doc.number == "P01234567"
    assert doc.issuing_country == "XK"
    assert doc.expiry == dt.date(2031, 1, 1)
    assert doc.holder_surname == "KRASNIQI"
    assert doc.holder_given_names == "ARBEN"
    assert doc.holder_birth_date == "1980-05-12"
    assert doc.holder_nationality == "XK"
    assert doc.holder_sex == "M"
    assert doc.mrz == TD3_KOSOVO
    assert doc.identifiers() == [("document", "P01234567")]
    assert doc.problems() == []


def test_document_explicit_fields_win_but_conflicts_reported() -> None:
    doc = IdentityDocument(mrz=TD3_KOSOVO, number="P01234568", issuing_country="RS")
    assert doc.number == "P01234568"
    problems = doc.problems()
    assert any("document number P01234567 differs" in p for p in problems)
    assert any("issuing state XK differs from RS" in p for p in problems)


def test_document_bad_mrz_check_digit_reported_not_rejected() -> None:
    bad = TD3_KOSOVO[:-1] + "9"
    doc = IdentityDocument(mrz=bad)
    assert "mrz: composite check digit is 9, expected 2" in doc.problems()


def test_document_unparseable_mrz_rejected() -> None:
    with pytest.raises(ValidationError, match="not an MRZ"):
        IdentityDocument(mrz="garbage")


def test_document_needs_number() -> None:
    with pytest.raises(ValidationError, match="needs a number"):
        IdentityDocument(issuing_country="RS")


def test_vehicle_identifiers_and_problems() -> None:
    vehicle = Vehicle(
        plate="БГ 123-АБ", plate_country="rs", vin="WVWZZZ1JZXW000001", make="VW", colour="crna"
    )
    assert vehicle.identifiers() == [("plate", "BG123AB"), ("vin", "WVWZZZ1JZXW000001")]
    assert vehicle.problems() and vehicle.problems()[0].startswith("vin: VIN check digit is Z")
    with pytest.raises(ValidationError, match="plate or a VIN"):
        Vehicle(make="VW")


def test_bad_identifier_is_kept_and_flagged() -> None:
    account = BankAccount(iban="RS35 2600 0560 1001 6113 78", bic="NOTABIC!")
    assert account.identifiers() == [("iban", "RS35260005601001611378")]
    assert any(p.startswith("iban:") for p in account.problems())
    assert any(p.startswith("bic:") for p in account.problems())


@pytest.mark.parametrize(
    ("entity", "expected"),
    [
        (Phone(number="063 123 4567", country="RS"), [("phone", "+381631234567")]),
        (Email(address="Info@MUP.gov.rs"), [("email", "info@mup.gov.rs")]),
        (
            Organisation(name="X d.o.o.", registration_number="101 134 702", country="RS"),
            [("registration_number", "101134702")],
        ),
        (Organisation(name="X d.o.o."), []),
        (Address(city="Beograd", country="RS"), []),
        (Firearm(make="Zastava", model="M70", serial="ab-123"), [("firearm_serial", "AB123")]),
        (Vessel(imo="IMO 9074729"), [("imo", "IMO9074729")]),
        (Container(number="CSQU 305438 3"), [("container", "CSQU3054383")]),
    ],
)
def test_identifiers(entity: Entity, expected: list[tuple[str, str]]) -> None:
    assert entity.identifiers() == expected


def test_discriminated_union() -> None:
    adapter: TypeAdapter[Entity] = TypeAdapter(Entity)
    entity = adapter.validate_python({"type": "container", "number": "CSQU3054383"})
    assert isinstance(entity, Container)
    assert isinstance(parse_entity({"type": "phone", "number": "+38163123456"}), Phone)
    with pytest.raises(ValidationError):
        parse_entity({"type": "spaceship", "name": "x"})
    assert set(ENTITY_TYPES) == {
        "person",
        "identity_document",
        "vehicle",
        "phone",
        "email",
        "bank_account",
        "organisation",
        "address",
        "firearm",
        "vessel",
        "container",
    }


def test_json_schema_available_for_forms() -> None:
    schema = TypeAdapter(Entity).json_schema()
    assert "discriminator" in schema
