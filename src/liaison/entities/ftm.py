"""FollowTheMoney (FtM) JSON-lines interchange.

FtM is the entity format of Aleph, OpenSanctions and nomenklatura: one JSON object per
line, ``{"id": ..., "schema": ..., "properties": {name: [values...]}}``. Liaison
entities map onto standard schemata and properties wherever FtM has them; what FtM
lacks travels in properties prefixed ``liaison:`` (FtM tools ignore unknown
properties, so the lines stay loadable by them). The full mapping is in
``docs/interchange.md``.

Values are exported *as entered* (``BG 123-AB``, not ``BG123AB``) so that a round
trip loses nothing; receivers normalise with :mod:`liaison.entities.identifiers`.
The exceptions are FtM's typed ``phone`` and ``email`` properties, which only accept
valid canonical forms: they carry the normalised value, and the entered one travels
in ``username``.

Import is all-or-nothing by default: every bad line is reported with its line number
and reason, and :attr:`ImportResult.to_write` is empty unless the caller allowed a
partial import. Police data imported half-way is worse than not imported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from pydantic import TypeAdapter, ValidationError

from .identifiers import email as email_id
from .identifiers import phone as phone_id
from .types import (
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

__all__ = [
    "EXT",
    "ImportResult",
    "LineError",
    "entity_id",
    "export_lines",
    "from_ftm",
    "read_ftm",
    "to_ftm",
    "write_ftm",
]

PREFIX = "liaison:"


class EXT:
    """Extension property names (all start with ``liaison:``)."""

    ENTITY_TYPE = PREFIX + "entityType"
    HANDLING_CODE = PREFIX + "handlingCode"
    DATA_SUBJECT_CATEGORY = PREFIX + "dataSubjectCategory"
    BASIS = PREFIX + "basis"
    SEX = PREFIX + "sex"
    DOCUMENT_TYPE = PREFIX + "documentType"
    MRZ = PREFIX + "mrz"
    HOLDER_NATIONALITY = PREFIX + "holderNationality"
    VIN = PREFIX + "vin"
    MAKE = PREFIX + "make"
    MODEL = PREFIX + "model"
    COLOUR = PREFIX + "colour"
    SERIAL = PREFIX + "serial"
    CALIBRE = PREFIX + "calibre"
    CONTAINER_NUMBER = PREFIX + "containerNumber"
    BIC = PREFIX + "bic"


_GENDER_OUT = {"M": "male", "F": "female", "X": "other"}
_GENDER_IN = {"male": "M", "female": "F", "other": "X"}
_DOC_TYPE_LABEL = {
    "passport": "Passport",
    "id_card": "ID card",
    "driving_licence": "Driving license",
    "residence_permit": "Residence permit",
    "other": "Other",
}
_DOC_TYPE_FROM_LABEL = {v.lower(): k for k, v in _DOC_TYPE_LABEL.items()} | {
    "identity card": "id_card",
    "national id": "id_card",
    "driving licence": "driving_licence",
}

_ENTITY_ADAPTER: TypeAdapter[Entity] = TypeAdapter(Entity)


def entity_id(entity: Entity) -> str:
    """The entity's id, or a stable one derived from its content.

    Derived ids are a SHA-1 of the entity's JSON form (without the id), so exporting the
    same unsaved entity twice, on any machine, gives the same id and re-imports update
    rather than duplicate.
    """
    if entity.id:
        return entity.id
    body = json.dumps(entity.model_dump(mode="json", exclude={"id"}), sort_keys=True, ensure_ascii=False)
    return f"liaison-{entity.type}-{hashlib.sha1(body.encode('utf-8')).hexdigest()[:24]}"


def _country(code: str | None) -> str | None:
    return code.lower() if code else None


def _props(**items: Any) -> dict[str, list[str]]:
    """Build an FtM properties dict, dropping empty values, always as lists of strings."""
    out: dict[str, list[str]] = {}
    for key, value in items.items():
        if value is None or value == "" or value == []:
            continue
        values = value if isinstance(value, list) else [value]
        out[key] = [str(v) for v in values if v not in (None, "")]
    return out


def to_ftm(entity: Entity) -> dict[str, Any]:
    """Map one entity to an FtM entity dict (``id``, ``schema``, ``properties``)."""
    common = {EXT.HANDLING_CODE: entity.handling_code, EXT.ENTITY_TYPE: entity.type}
    schema: str
    props: dict[str, Any]
    if isinstance(entity, Person):
        schema = "Person"
        props = {
            "name": entity.names,
            "alias": entity.aliases,
            "birthDate": entity.birth_date,
            "birthPlace": entity.birth_place,
            "nationality": [_country(c) for c in entity.nationality],
            "gender": _GENDER_OUT.get(entity.sex),
            "fatherName": entity.father_name,
            EXT.SEX: entity.sex,
            EXT.DATA_SUBJECT_CATEGORY: entity.data_subject_category,
            EXT.BASIS: entity.basis,
        }
    elif isinstance(entity, IdentityDocument):
        schema = "Passport" if entity.document_type == "passport" else "Identification"
        props = {
            "number": entity.number,
            "country": _country(entity.issuing_country),
            "type": _DOC_TYPE_LABEL[entity.document_type],
            "endDate": entity.expiry.isoformat() if entity.expiry else None,
            "holder": entity.holder_id,
            EXT.DOCUMENT_TYPE: entity.document_type,
            EXT.MRZ: entity.mrz,
            EXT.HOLDER_NATIONALITY: _country(entity.holder_nationality),
            EXT.SEX: entity.holder_sex,
        }
        holder = {
            "surname": entity.holder_surname,
            "givenName": entity.holder_given_names,
            "birthDate": entity.holder_birth_date,
            "gender": _GENDER_OUT.get(entity.holder_sex or ""),
        }
        if schema == "Passport":
            props |= holder
        else:  # Identification has no holder properties of its own
            props |= {PREFIX + "holder" + k[0].upper() + k[1:]: v for k, v in holder.items() if k != "gender"}
    elif isinstance(entity, Vehicle):
        schema = "Vehicle"
        props = {
            "registrationNumber": entity.plate,
            "country": _country(entity.plate_country),
            "model": entity.model,
            EXT.VIN: entity.vin,
            EXT.MAKE: entity.make,
            EXT.COLOUR: entity.colour,
        }
    elif isinstance(entity, Phone):
        schema = "UserAccount"
        normal = phone_id.normalise(entity.number, entity.country)
        props = {
            "username": entity.number,
            "phone": normal.value if normal.valid else None,
            "service": "telephone",
            "country": _country(entity.country),
        }
    elif isinstance(entity, Email):
        schema = "UserAccount"
        normal = email_id.normalise(entity.address)
        props = {
            "username": entity.address,
            "email": normal.value if normal.valid else None,
            "service": "email",
        }
    elif isinstance(entity, BankAccount):
        schema = "BankAccount"
        props = {"iban": entity.iban, "bic": entity.bic}
    elif isinstance(entity, Organisation):
        schema = "Organization"
        props = {
            "name": entity.name,
            "registrationNumber": entity.registration_number,
            "country": _country(entity.country),
        }
    elif isinstance(entity, Address):
        schema = "Address"
        props = {"full": entity.text, "city": entity.city, "country": _country(entity.country)}
    elif isinstance(entity, Firearm):
        schema = "Asset"
        label = " ".join(p for p in (entity.make, entity.model, entity.serial) if p)
        props = {
            "name": label,
            EXT.MAKE: entity.make,
            EXT.MODEL: entity.model,
            EXT.SERIAL: entity.serial,
            EXT.CALIBRE: entity.calibre,
        }
    elif isinstance(entity, Vessel):
        schema = "Vessel"
        props = {"name": entity.name or entity.imo, "imoNumber": entity.imo}
        if entity.name is None:
            props[PREFIX + "unnamed"] = "true"
    elif isinstance(entity, Container):
        schema = "Asset"
        props = {"name": entity.number, EXT.CONTAINER_NUMBER: entity.number}
    else:  # pragma: no cover - the union is exhaustive
        raise TypeError(f"cannot export {type(entity).__name__}")
    return {"id": entity_id(entity), "schema": schema, "properties": _props(**props, **common)}


def export_lines(entities: Iterable[Entity]) -> Iterator[str]:
    """FtM JSON lines (without newline) for ``entities``, in order."""
    for entity in entities:
        yield json.dumps(to_ftm(entity), ensure_ascii=False, sort_keys=True)


def write_ftm(entities: Iterable[Entity], fp: IO[str]) -> int:
    """Write ``entities`` to ``fp`` as FtM JSON lines; returns the number written."""
    n = 0
    for line in export_lines(entities):
        fp.write(line + "\n")
        n += 1
    return n


# --------------------------------------------------------------------------- import


class FtMError(ValueError):
    """A single FtM entity cannot be turned into a Liaison entity."""


def _first(props: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in props.get(key, []):
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _all(props: dict[str, list[str]], key: str) -> list[str]:
    return [v.strip() for v in props.get(key, []) if isinstance(v, str) and v.strip()]


def _date(value: str | None) -> str | None:
    # FtM dates are ISO prefixes, possibly with a time part.
    return value.split("T", 1)[0] if value else None


def _upper(value: str | None) -> str | None:
    return value.upper() if value else None


def _common(data: dict[str, Any], props: dict[str, list[str]]) -> dict[str, Any]:
    return {"id": data["id"], "handling_code": _first(props, EXT.HANDLING_CODE)}


def _person(data: dict[str, Any], p: dict[str, list[str]]) -> dict[str, Any]:
    names = _all(p, "name")
    if not names:
        first = " ".join(x for x in (_first(p, "firstName"), _first(p, "lastName")) if x)
        names = [first] if first else []
    sex = _first(p, EXT.SEX) or _GENDER_IN.get((_first(p, "gender") or "").lower(), "unknown")
    return {
        "type": "person",
        "names": names,
        "aliases": _all(p, "alias") + _all(p, "weakAlias"),
        "birth_date": _date(_first(p, "birthDate")),
        "birth_place": _first(p, "birthPlace"),
        "nationality": [c.upper() for c in _all(p, "nationality") or _all(p, "citizenship")],
        "sex": sex,
        "father_name": _first(p, "fatherName"),
        "data_subject_category": _first(p, EXT.DATA_SUBJECT_CATEGORY) or "other",
        "basis": _first(p, EXT.BASIS) or "assessment",
    }


def _document(data: dict[str, Any], p: dict[str, list[str]]) -> dict[str, Any]:
    doc_type = _first(p, EXT.DOCUMENT_TYPE)
    if doc_type is None:
        label = (_first(p, "type") or "").lower()
        doc_type = _DOC_TYPE_FROM_LABEL.get(label, "passport" if data["schema"] == "Passport" else "other")
    gender = _GENDER_IN.get((_first(p, "gender") or "").lower())
    return {
        "type": "identity_document",
        "document_type": doc_type,
        "number": _first(p, "number", "passportNumber"),
        "issuing_country": _upper(_first(p, "country")),
        "expiry": _date(_first(p, "endDate")),
        "mrz": _first(p, EXT.MRZ),
        "holder_id": _first(p, "holder"),
        "holder_surname": _first(p, "surname", PREFIX + "holderSurname"),
        "holder_given_names": _first(p, "givenName", PREFIX + "holderGivenName"),
        "holder_birth_date": _date(_first(p, "birthDate", PREFIX + "holderBirthDate")),
        "holder_nationality": _upper(_first(p, EXT.HOLDER_NATIONALITY)),
        "holder_sex": _first(p, EXT.SEX) or gender,
    }


def _vehicle(data: dict[str, Any], p: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "type": "vehicle",
        "plate": _first(p, "registrationNumber"),
        "plate_country": _upper(_first(p, "country")),
        "vin": _first(p, EXT.VIN),
        "make": _first(p, EXT.MAKE),
        "model": _first(p, "model"),
        "colour": _first(p, EXT.COLOUR),
    }


def _account(data: dict[str, Any], p: dict[str, list[str]]) -> dict[str, Any]:
    kind = _first(p, EXT.ENTITY_TYPE)
    if kind == "email" or (kind is None and _first(p, "email") and not _first(p, "phone")):
        return {
            "type": "email",
            "address": _first(p, "email") if kind is None else _first(p, "username", "email"),
        }
    if kind == "phone" or (kind is None and _first(p, "phone")):
        return {
            "type": "phone",
            "number": _first(p, "phone") if kind is None else _first(p, "username", "phone"),
            "country": _upper(_first(p, "country")),
        }
    raise FtMError("UserAccount has neither a phone nor an e-mail; only those are imported")


def _bank(data: dict[str, Any], p: dict[str, list[str]]) -> dict[str, Any]:
    return {"type": "bank_account", "iban": _first(p, "iban"), "bic": _first(p, "bic", EXT.BIC)}


def _organisation(data: dict[str, Any], p: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "type": "organisation",
        "name": _first(p, "name"),
        "registration_number": _first(p, "registrationNumber"),
        "country": _upper(_first(p, "country", "jurisdiction")),
    }


def _address(data: dict[str, Any], p: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "type": "address",
        "text": _first(p, "full"),
        "city": _first(p, "city"),
        "country": _upper(_first(p, "country")),
    }


def _vessel(data: dict[str, Any], p: dict[str, list[str]]) -> dict[str, Any]:
    unnamed = _first(p, PREFIX + "unnamed") == "true"
    return {"type": "vessel", "name": None if unnamed else _first(p, "name"), "imo": _first(p, "imoNumber")}


def _asset(data: dict[str, Any], p: dict[str, list[str]]) -> dict[str, Any]:
    kind = _first(p, EXT.ENTITY_TYPE)
    if kind == "firearm":
        return {
            "type": "firearm",
            "make": _first(p, EXT.MAKE),
            "model": _first(p, EXT.MODEL),
            "serial": _first(p, EXT.SERIAL),
            "calibre": _first(p, EXT.CALIBRE),
        }
    if kind == "container":
        return {"type": "container", "number": _first(p, EXT.CONTAINER_NUMBER)}
    raise FtMError(f"Asset without {EXT.ENTITY_TYPE} firearm/container is not supported")


_IMPORTERS: dict[str, Callable[[dict[str, Any], dict[str, list[str]]], dict[str, Any]]] = {
    "Person": _person,
    "Passport": _document,
    "Identification": _document,
    "Vehicle": _vehicle,
    "UserAccount": _account,
    "BankAccount": _bank,
    "Organization": _organisation,
    "Company": _organisation,
    "LegalEntity": _organisation,
    "PublicBody": _organisation,
    "Address": _address,
    "Vessel": _vessel,
    "Asset": _asset,
}

SUPPORTED_SCHEMATA = frozenset(_IMPORTERS)


class UnsupportedSchema(FtMError):
    """The line is valid FtM but of a schema Liaison does not import as an entity (e.g. Ownership)."""


#: FtM relationship (interval) schemata read as links between entities: schema -> (source, target) properties.
RELATION_SCHEMATA: dict[str, tuple[str, str]] = {
    "Ownership": ("owner", "asset"),
    "Membership": ("member", "organization"),
    "Associate": ("person", "associate"),
    "Call": ("caller", "receiver"),
    "Payment": ("payer", "beneficiary"),
    "Directorship": ("director", "organization"),
    "Family": ("person", "relative"),
    "Employment": ("employer", "employee"),
    "UnknownLink": ("subject", "object"),
}


@dataclass(frozen=True)
class Relation:
    """A relationship line: a link from the entity ``source`` to ``target`` (FtM ids), with its date and role."""

    id: str
    schema: str
    source: str
    target: str
    on: str | None = None
    label: str = ""
    line: int = 0


def relation_from_ftm(data: dict[str, Any], line: int = 0) -> Relation:
    """Read one relationship line; its two ends must be FtM entity ids (strings)."""
    schema = str(data.get("schema"))
    src_prop, dst_prop = RELATION_SCHEMATA[schema]
    props = data.get("properties", {})
    if not isinstance(props, dict) or not all(isinstance(v, list) for v in props.values()):
        raise FtMError("'properties' must be an object of lists")
    src, dst = _first(props, src_prop), _first(props, dst_prop)
    if not src or not dst:
        raise UnsupportedSchema(f"a {schema} line without its {src_prop} and {dst_prop} is not imported")
    on = _date(_first(props, "date", "startDate"))
    label = _first(props, "role", "relationship", "summary", "purpose", "description") or ""
    return Relation(id=str(data.get("id")), schema=schema, source=src, target=dst, on=on, label=label[:300], line=line)


def from_ftm(data: Any) -> Entity:
    """Map one FtM entity dict to a Liaison entity.

    Raises :class:`FtMError` (a ``ValueError``) with a readable reason.
    """
    if not isinstance(data, dict):
        raise FtMError("a line must be a JSON object")
    entity_id_ = data.get("id")
    if not isinstance(entity_id_, str) or not entity_id_.strip():
        raise FtMError("missing or empty 'id'")
    schema = data.get("schema")
    if not isinstance(schema, str):
        raise FtMError("missing 'schema'")
    props = data.get("properties", {})
    if not isinstance(props, dict) or not all(isinstance(v, list) for v in props.values()):
        raise FtMError("'properties' must be an object of lists")
    importer = _IMPORTERS.get(schema)
    if importer is None:
        raise UnsupportedSchema(f"schema {schema!r} is not imported (supported: {', '.join(sorted(_IMPORTERS))})")
    fields = importer(data, props) | _common(data, props)
    fields = {k: v for k, v in fields.items() if v is not None and v != []}
    try:
        return _ENTITY_ADAPTER.validate_python(fields)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(x) for x in err['loc'][1:]) or 'entity'}: {err['msg']}" for err in exc.errors()
        )
        raise FtMError(reasons) from None


@dataclass(frozen=True)
class LineError:
    """A rejected line: 1-based ``line`` number, ``reason``, and the entity id if readable."""

    line: int
    reason: str
    entity_id: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" ({self.entity_id})" if self.entity_id else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportResult:
    """Outcome of reading an FtM file.

    ``entities`` holds every line that validated, ``errors`` every line that did not.
    ``to_write`` is what a caller should store: everything when there were no errors,
    otherwise nothing — unless the read was made with ``allow_partial=True``.
    """

    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    skipped: list[LineError] = field(default_factory=list)
    lines: int = 0
    allow_partial: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def to_write(self) -> list[Entity]:
        return list(self.entities) if (self.ok or self.allow_partial) else []

    @property
    def relations_to_write(self) -> list[Relation]:
        return list(self.relations) if (self.ok or self.allow_partial) else []


def read_ftm(
    lines: Iterable[str],
    *,
    allow_partial: bool = False,
    skip_unsupported: bool = False,
) -> ImportResult:
    """Read FtM JSON lines. Blank lines are ignored.

    Every failing line is reported in ``errors`` with its line number; an id seen twice
    is an error on the later line. With ``skip_unsupported``, lines of schemata Liaison
    does not import go to ``skipped`` instead of failing the import. Relationship lines
    (:data:`RELATION_SCHEMATA`: Ownership, Membership, Associate, Call, Payment…) are read
    into ``relations``; a caller links their ends (see ``interchange.import_case``).
    """
    result = ImportResult(allow_partial=allow_partial)
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        result.lines = number
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            result.errors.append(LineError(number, f"not valid JSON: {exc.msg} at column {exc.colno}"))
            continue
        raw_id = data.get("id") if isinstance(data, dict) else None
        ident = raw_id if isinstance(raw_id, str) else None
        try:
            if isinstance(data, dict) and data.get("schema") in RELATION_SCHEMATA and isinstance(raw_id, str):
                result.relations.append(relation_from_ftm(data, number))
                continue
            entity = from_ftm(data)
        except UnsupportedSchema as exc:
            target = result.skipped if skip_unsupported else result.errors
            target.append(LineError(number, str(exc), ident))
            continue
        except (FtMError, ValueError) as exc:
            result.errors.append(LineError(number, str(exc), ident))
            continue
        assert entity.id is not None
        if entity.id in seen:
            result.errors.append(LineError(number, f"duplicate id, first on line {seen[entity.id]}", entity.id))
            continue
        seen[entity.id] = number
        result.entities.append(entity)
    return result
