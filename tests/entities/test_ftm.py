"""FollowTheMoney JSON lines: round trip, stable ids, import error reporting, and
validation of the output against the real ``followthemoney`` library when installed."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.entities import ftm
from liaison.entities.types import (
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
)

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def sample_entities() -> list[Entity]:
    return [
        Person(
            id="p-1",
            names=["Marko Petrović", "Марко Петровић"],
            aliases=["Kum"],
            birth_date="1980-05",
            birth_place="Čačak",
            nationality=["RS", "XK"],
            sex="M",
            father_name="Jovan",
            data_subject_category="suspect",
            basis="fact",
            handling_code="H2",
        ),
        Person(names=["Ana"], sex="X"),
        IdentityDocument(mrz=TD3, holder_id="p-1"),
        IdentityDocument(
            number="012 345 678", issuing_country="RS", document_type="id_card", holder_surname="P"
        ),
        IdentityDocument(number="AB123", document_type="driving_licence", expiry=dt.date(2030, 1, 31)),
        Vehicle(
            plate="BG 123-AB",
            plate_country="RS",
            vin="WVWZZZ1JZXW000001",
            make="VW",
            model="Golf",
            colour="crna",
        ),
        Vehicle(vin="1M8GDM9AXKP042788"),
        Phone(number="063 123 4567", country="RS"),
        Phone(number="not a number"),
        Email(address="Info@MUP.gov.rs"),
        Email(address="broken@"),
        BankAccount(iban="RS35 2600 0560 1001 6113 79", bic="DBDBRSBG"),
        Organisation(name="Firma d.o.o.", registration_number="101134702", country="RS", handling_code="H0"),
        Address(text="Knez Mihailova 1", city="Beograd", country="RS"),
        Address(city="Prishtinë", country="XK"),
        Firearm(make="Zastava", model="M70", serial="12345", calibre="7.62x39"),
        Vessel(name="Sveti Nikola", imo="IMO 9074729"),
        Vessel(imo="9074729"),
        Container(number="CSQU3054383"),
    ]


def test_round_trip_is_lossless() -> None:
    entities = sample_entities()
    buffer = io.StringIO()
    assert ftm.write_ftm(entities, buffer) == len(entities)
    result = ftm.read_ftm(buffer.getvalue().splitlines())
    assert result.ok, [str(e) for e in result.errors]
    assert len(result.to_write) == len(entities)
    for original, back in zip(entities, result.entities, strict=True):
        expected = original.model_copy(update={"id": ftm.entity_id(original)})
        assert back == expected


def test_ids_are_stable_and_explicit_ids_kept() -> None:
    first = [json.loads(line)["id"] for line in ftm.export_lines(sample_entities())]
    second = [json.loads(line)["id"] for line in ftm.export_lines(sample_entities())]
    assert first == second
    assert first[0] == "p-1"
    assert first[1].startswith("liaison-person-")
    assert len(set(first)) == len(first)


def test_standard_properties_used() -> None:
    lines = {json.loads(line)["id"]: json.loads(line) for line in ftm.export_lines(sample_entities())}
    person = lines["p-1"]
    assert person["schema"] == "Person"
    assert person["properties"]["nationality"] == ["rs", "xk"]
    assert person["properties"]["gender"] == ["male"]
    assert person["properties"]["fatherName"] == ["Jovan"]
    assert person["properties"]["liaison:dataSubjectCategory"] == ["suspect"]
    assert person["properties"]["liaison:handlingCode"] == ["H2"]
    assert person["properties"]["liaison:basis"] == ["fact"]
    by_schema = [json.loads(line) for line in ftm.export_lines(sample_entities())]
    vehicle = next(d for d in by_schema if d["schema"] == "Vehicle")
    assert vehicle["properties"]["registrationNumber"] == ["BG 123-AB"]
    assert vehicle["properties"]["liaison:vin"] == ["WVWZZZ1JZXW000001"]
    passport = next(d for d in by_schema if d["schema"] == "Passport")
    assert passport["properties"]["holder"] == ["p-1"]
    phone = next(d for d in by_schema if d["properties"].get("service") == ["telephone"])
    assert phone["properties"]["phone"] == ["+381631234567"]


def test_import_reports_every_bad_line_and_writes_nothing() -> None:
    good = next(ftm.export_lines([Person(id="ok-1", names=["Ana"])]))
    lines = [
        good,
        "",
        "{not json",
        json.dumps({"schema": "Person", "properties": {"name": ["X"]}}),
        json.dumps({"id": "o-1", "schema": "Ownership", "properties": {}}),
        json.dumps({"id": "p-2", "schema": "Person", "properties": {"name": ["X"], "nationality": ["yu"]}}),
        json.dumps({"id": "p-3", "schema": "Person", "properties": {}}),
        good,
        json.dumps({"id": "v-1", "schema": "Vehicle", "properties": {"model": ["Golf"]}}),
        json.dumps(["a list"]),
    ]
    result = ftm.read_ftm(lines)
    assert not result.ok
    assert result.to_write == []
    assert [e.line for e in result.errors] == [3, 4, 5, 6, 7, 8, 9, 10]
    reasons = {e.line: e.reason for e in result.errors}
    assert "not valid JSON" in reasons[3]
    assert "id" in reasons[4]
    assert "Ownership" in reasons[5]
    assert "'YU' is not an ISO 3166" in reasons[6]
    assert "names" in reasons[7]
    assert "duplicate id, first on line 1" in reasons[8]
    assert "plate or a VIN" in reasons[9]
    assert "JSON object" in reasons[10]
    assert str(result.errors[3]).startswith("line 6 (p-2): ")
    assert len(result.entities) == 1

    partial = ftm.read_ftm(lines, allow_partial=True)
    assert [e.id for e in partial.to_write] == ["ok-1"]


def test_skip_unsupported_schemata() -> None:
    lines = [
        json.dumps({"id": "o-1", "schema": "Ownership", "properties": {}}),
        json.dumps({"id": "p-1", "schema": "Person", "properties": {"name": ["X"]}}),
    ]
    result = ftm.read_ftm(lines, skip_unsupported=True)
    assert result.ok and len(result.to_write) == 1
    assert [s.line for s in result.skipped] == [1]


def test_import_foreign_ftm() -> None:
    """Lines as Aleph/OpenSanctions write them, without liaison: extensions."""
    lines = [
        json.dumps(
            {
                "id": "os-1",
                "schema": "Person",
                "properties": {
                    "firstName": ["Arben"],
                    "lastName": ["Krasniqi"],
                    "gender": ["male"],
                    "citizenship": ["xk"],
                    "birthDate": ["1980-05-12T00:00:00"],
                },
            }
        ),
        json.dumps(
            {
                "id": "os-2",
                "schema": "Passport",
                "properties": {"passportNumber": ["P01234567"], "country": ["xk"], "holder": ["os-1"]},
            }
        ),
        json.dumps(
            {"id": "os-3", "schema": "Company", "properties": {"name": ["X"], "jurisdiction": ["me"]}}
        ),
        json.dumps(
            {
                "id": "os-4",
                "schema": "UserAccount",
                "properties": {"username": ["x"], "phone": ["+38344123456"]},
            }
        ),
        json.dumps(
            {
                "id": "os-5",
                "schema": "Identification",
                "properties": {"number": ["1"], "type": ["Identity card"]},
            }
        ),
    ]
    result = ftm.read_ftm(lines)
    assert result.ok, [str(e) for e in result.errors]
    person, passport, company, phone, ident = result.entities
    assert isinstance(person, Person)
    assert person.names == ["Arben Krasniqi"] and person.sex == "M" and person.nationality == ["XK"]
    assert person.birth_date == "1980-05-12" and person.basis == "assessment"
    assert isinstance(passport, IdentityDocument)
    assert passport.document_type == "passport" and passport.number == "P01234567"
    assert passport.issuing_country == "XK" and passport.holder_id == "os-1"
    assert isinstance(company, Organisation) and company.country == "ME"
    assert isinstance(phone, Phone) and phone.identifiers() == [("phone", "+38344123456")]
    assert isinstance(ident, IdentityDocument) and ident.document_type == "id_card"


_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyzčćšžđАБВГДЂЕЖЗИЈ '-", min_size=1, max_size=20).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=100, deadline=None)
@given(
    names=st.lists(_name, min_size=1, max_size=3),
    aliases=st.lists(_name, max_size=2),
    birth=st.one_of(
        st.none(), st.dates().map(lambda d: d.isoformat()).filter(lambda s: "1850" <= s[:4] <= "2026")
    ),
    sex=st.sampled_from(["M", "F", "X", "unknown"]),
    nationality=st.lists(st.sampled_from(["RS", "ME", "MK", "AL", "BA", "XK"]), max_size=2, unique=True),
    category=st.sampled_from(["suspect", "victim", "witness", "other"]),
)
def test_person_round_trip_property(
    names: list[str], aliases: list[str], birth: str | None, sex: str, nationality: list[str], category: str
) -> None:
    person = Person.model_validate(
        {
            "names": names,
            "aliases": aliases,
            "birth_date": birth,
            "sex": sex,
            "nationality": nationality,
            "data_subject_category": category,
        }
    )
    result = ftm.read_ftm(list(ftm.export_lines([person])))
    assert result.ok, result.errors
    assert result.entities[0] == person.model_copy(update={"id": ftm.entity_id(person)})


def test_output_validates_with_followthemoney() -> None:
    """Every exported line is valid FtM: known, concrete schema; standard properties
    exist on it and hold values FtM's own type cleaners accept; required properties
    are present (``holder`` excepted when the document's holder is unknown)."""
    pytest.importorskip("followthemoney")
    from followthemoney import model

    for line in ftm.export_lines(sample_entities()):
        data = json.loads(line)
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        props = data["properties"]
        for name, values in props.items():
            if name.startswith(ftm.PREFIX):
                continue
            assert name in schema.properties, f"{data['schema']} has no property {name}"
            prop = schema.properties[name]
            for value in values:
                assert prop.type.clean(value) is not None, (
                    f"{data['schema']}.{name}={value!r} rejected by FtM"
                )
        for required in schema.required:
            if required == "holder" and "holder" not in props:
                continue
            assert required in props, f"{data['schema']} needs {required}"
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.id == data["id"]
        assert proxy.schema.name == data["schema"]
