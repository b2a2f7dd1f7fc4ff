"""Entity types attached to messages and cases, as Pydantic v2 models.

These models validate *structure* (countries, dates, enumerations, required fields)
and reject what cannot be stored meaningfully. They do **not** reject a malformed
identifier: a phone number without a country, a VIN with a wrong check digit or an
IBAN with a bad checksum is still information an officer recorded, so it is accepted
and reported by :meth:`problems`. Exact-match keys come from :meth:`identifiers`.

Countries are ISO 3166-1 alpha-2 (validated with ``pycountry``) plus ``XK`` for
Kosovo, which ISO has not assigned but EU, INTERPOL and all states of the region use.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from liaison.core.i18n import _

from . import identifiers as ids
from .identifiers.base import Normalised

__all__ = [
    "Address",
    "BankAccount",
    "Container",
    "CountryCode",
    "Email",
    "Entity",
    "ENTITY_TYPES",
    "Firearm",
    "IdentityDocument",
    "Organisation",
    "PartialDate",
    "Person",
    "Phone",
    "Vehicle",
    "Vessel",
    "is_country",
    "parse_entity",
]

EXTRA_COUNTRIES = {"XK"}

DataSubjectCategory = Literal["suspect", "convicted", "victim", "witness", "contact", "associate", "informant", "other"]
"""LED (EU) 2016/680 Art. 6 categories of data subject."""

Basis = Literal["fact", "assessment"]
"""LED Art. 7: data based on facts vs. on personal assessments."""

HandlingCode = Literal["H0", "H1", "H2", "H3"]
"""Europol handling codes."""

Sex = Literal["M", "F", "X", "unknown"]
DocumentType = Literal["passport", "id_card", "driving_licence", "residence_permit", "other"]


def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code or ``XK``."""
    return code in EXTRA_COUNTRIES or (
        len(code) == 2 and code.isascii() and pycountry.countries.get(alpha_2=code) is not None
    )


def _country(value: str) -> str:
    code = value.strip().upper()
    if not is_country(code):
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code (XK for Kosovo)")
    return code


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _partial_date(value: str) -> str:
    value = value.strip()
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        raise ValueError(f"{value!r} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date: {exc}") from None
    if int(year) < 1850:
        raise ValueError(f"{value!r}: year before 1850")
    return value


def _text(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("must not be empty")
    return value


CountryCode = Annotated[str, AfterValidator(_country)]
PartialDate = Annotated[str, AfterValidator(_partial_date)]
Text = Annotated[str, AfterValidator(_text)]

Identifier = tuple[str, str]


class _EntityBase(BaseModel):
    """Fields every entity carries: a stable id (optional until stored) and a handling code."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)

    id: str | None = Field(default=None, max_length=200)
    handling_code: HandlingCode | None = None

    def normalised(self) -> list[Normalised]:
        """Every identifier of this entity, normalised (with validity and problems)."""
        return []

    def identifiers(self) -> list[Identifier]:
        """``(kind, canonical value)`` pairs for exact matching.

        The issuing or plate country is not part of the key: the matcher compares it
        separately (a document hit needs the issuing country to agree), which keeps one
        key per physical identifier even when the country was not recorded.
        """
        return [(n.kind, n.value) for n in self.normalised()]

    def problems(self) -> list[str]:
        """Human-readable warnings about this entity's identifiers (empty when clean)."""
        return [f"{n.kind}: {p}" for n in self.normalised() for p in n.problems]


class Person(_EntityBase):
    """A natural person. ``names[0]`` is the primary name; further ``names`` are other
    full forms of the same name (another script, the MRZ form), ``aliases`` are other
    names the person uses."""

    type: Literal["person"] = "person"
    names: list[Text] = Field(min_length=1)
    aliases: list[Text] = Field(default_factory=list)
    birth_date: PartialDate | None = None
    birth_place: Text | None = None
    nationality: list[CountryCode] = Field(default_factory=list)
    sex: Sex = "unknown"
    father_name: Text | None = None
    data_subject_category: DataSubjectCategory = "other"
    # Default "assessment": unless someone states the data is established fact, the
    # cautious reading under LED Art. 7 is that it is not.
    basis: Basis = "assessment"

    @property
    def primary_name(self) -> str:
        return self.names[0]

    @model_validator(mode="before")
    @classmethod
    def _single_nationality(cls, data: Any) -> Any:
        # Forms and CSV imports send one country; accept it as a one-element list.
        if isinstance(data, dict) and isinstance(data.get("nationality"), str):
            data = {**data, "nationality": [data["nationality"]] if data["nationality"].strip() else []}
        return data


class IdentityDocument(_EntityBase):
    """A passport, ID card or other identity document.

    When ``mrz`` is given it is parsed: empty fields are filled from it and the holder
    fields (``holder_*``) are set, so a scanner paste alone is a complete record. A
    field given explicitly that disagrees with the MRZ is kept and reported by
    :meth:`problems` (it may be the MRZ that was mistyped).
    """

    type: Literal["identity_document"] = "identity_document"
    document_type: DocumentType = "other"
    number: Text | None = None
    issuing_country: CountryCode | None = None
    expiry: _dt.date | None = None
    mrz: str | None = None
    # Id of the Person entity holding the document, when known (FtM ``holder``).
    holder_id: str | None = Field(default=None, max_length=200)
    holder_surname: str | None = None
    holder_given_names: str | None = None
    holder_birth_date: PartialDate | None = None
    holder_nationality: CountryCode | None = None
    holder_sex: Sex | None = None

    @model_validator(mode="before")
    @classmethod
    def _fill_from_mrz(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not data.get("mrz"):
            return data
        parsed = ids.mrz.parse(data["mrz"])  # MRZError is a ValueError -> validation error
        data = dict(data)
        data["mrz"] = "\n".join(parsed.lines)
        doc_type = {"passport": "passport", "id_card": "id_card"}.get(parsed.document_type, "other")
        fill: dict[str, Any] = {
            "document_type": doc_type,
            "number": parsed.document_number or None,
            "issuing_country": parsed.issuing_country,
            "expiry": parsed.expiry_date,
            "holder_surname": parsed.surname or None,
            "holder_given_names": parsed.given_names or None,
            "holder_birth_date": parsed.birth_date,
            "holder_nationality": parsed.nationality_country,
            "holder_sex": parsed.sex,
        }
        for key, value in fill.items():
            if data.get(key) in (None, "") and value is not None:
                data[key] = value
        return data

    @model_validator(mode="after")
    def _need_number(self) -> IdentityDocument:
        if not self.number:
            raise ValueError("an identity document needs a number or an MRZ")
        return self

    def mrz_parsed(self) -> ids.mrz.MRZ | None:
        return ids.mrz.parse(self.mrz) if self.mrz else None

    def normalised(self) -> list[Normalised]:
        out = [ids.document.normalise(self.number, self.issuing_country)] if self.number else []
        return out

    def problems(self) -> list[str]:
        found = super().problems()
        parsed = self.mrz_parsed()
        if parsed is not None:
            found += [f"mrz: {p}" for p in parsed.problems]
            if self.number and ids.document.normalise(self.number).value != parsed.document_number:
                found.append(
                    "mrz: "
                    + _("document number %(mrz)s differs from %(number)s")
                    % {"mrz": parsed.document_number, "number": self.number}
                )
            if self.issuing_country and parsed.issuing_country and self.issuing_country != parsed.issuing_country:
                found.append(
                    "mrz: "
                    + _("issuing state %(mrz)s differs from %(country)s")
                    % {"mrz": parsed.issuing_country, "country": self.issuing_country}
                )
        return found


class Vehicle(_EntityBase):
    """A motor vehicle, identified by plate (with its country) and/or VIN."""

    type: Literal["vehicle"] = "vehicle"
    plate: Text | None = None
    plate_country: CountryCode | None = None
    vin: Text | None = None
    make: Text | None = None
    model: Text | None = None
    colour: Text | None = None

    @model_validator(mode="after")
    def _need_identifier(self) -> Vehicle:
        if not (self.plate or self.vin):
            raise ValueError("a vehicle needs a plate or a VIN")
        return self

    def normalised(self) -> list[Normalised]:
        out = []
        if self.plate:
            out.append(ids.plate.normalise(self.plate, self.plate_country))
        if self.vin:
            out.append(ids.vin.normalise(self.vin))
        return out


class Phone(_EntityBase):
    """A telephone number; ``country`` resolves numbers written in national form."""

    type: Literal["phone"] = "phone"
    number: Text
    country: CountryCode | None = None

    def normalised(self) -> list[Normalised]:
        return [ids.phone.normalise(self.number, self.country)]


class Email(_EntityBase):
    type: Literal["email"] = "email"
    address: Text

    def normalised(self) -> list[Normalised]:
        return [ids.email.normalise(self.address)]


class BankAccount(_EntityBase):
    type: Literal["bank_account"] = "bank_account"
    iban: Text
    bic: Text | None = None

    def normalised(self) -> list[Normalised]:
        return [ids.iban.normalise(self.iban)]

    def problems(self) -> list[str]:
        found = super().problems()
        if self.bic:
            from schwifty import BIC

            try:
                BIC(self.bic)
            except Exception as exc:
                found.append(f"bic: {exc}")
        return found


class Organisation(_EntityBase):
    type: Literal["organisation"] = "organisation"
    name: Text
    registration_number: Text | None = None
    country: CountryCode | None = None

    def normalised(self) -> list[Normalised]:
        if not self.registration_number:
            return []
        return [ids.organisation.normalise(self.registration_number, self.country)]


class Address(_EntityBase):
    """An address or place, as free text with optional city and country."""

    type: Literal["address"] = "address"
    text: Text | None = None
    city: Text | None = None
    country: CountryCode | None = None

    @model_validator(mode="after")
    def _need_something(self) -> Address:
        if not (self.text or self.city):
            raise ValueError("an address needs a text or a city")
        return self


class Firearm(_EntityBase):
    type: Literal["firearm"] = "firearm"
    make: Text | None = None
    model: Text | None = None
    serial: Text | None = None
    calibre: Text | None = None

    @model_validator(mode="after")
    def _need_something(self) -> Firearm:
        if not (self.serial or self.make or self.model):
            raise ValueError("a firearm needs a serial number, a make or a model")
        return self

    def normalised(self) -> list[Normalised]:
        return [ids.firearm.normalise(self.serial)] if self.serial else []


class Vessel(_EntityBase):
    type: Literal["vessel"] = "vessel"
    name: Text | None = None
    imo: Text | None = None

    @model_validator(mode="after")
    def _need_something(self) -> Vessel:
        if not (self.name or self.imo):
            raise ValueError("a vessel needs a name or an IMO number")
        return self

    def normalised(self) -> list[Normalised]:
        return [ids.vessel.normalise(self.imo)] if self.imo else []


class Container(_EntityBase):
    """A freight container (ISO 6346 number)."""

    type: Literal["container"] = "container"
    number: Text

    def normalised(self) -> list[Normalised]:
        return [ids.container.normalise(self.number)]


Entity = Annotated[
    Person
    | IdentityDocument
    | Vehicle
    | Phone
    | Email
    | BankAccount
    | Organisation
    | Address
    | Firearm
    | Vessel
    | Container,
    Field(discriminator="type"),
]
"""Any entity; the ``type`` field selects the model."""

ENTITY_TYPES: dict[str, type[_EntityBase]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        Person,
        IdentityDocument,
        Vehicle,
        Phone,
        Email,
        BankAccount,
        Organisation,
        Address,
        Firearm,
        Vessel,
        Container,
    )
}


def parse_entity(data: dict[str, Any]) -> Entity:
    """Validate a dict (e.g. an API body) into the right entity model."""
    from pydantic import TypeAdapter

    result: Entity = TypeAdapter(Entity).validate_python(data)
    return result
