"""The structured entry form: which fields each entity type shows, and turning a form post into a payload."""

from __future__ import annotations

from typing import Any

from liaison.core.i18n import _

#: (field, label, input kind). Kinds: text, date, country, list (one per line), select:<options>.
FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "person": [
        ("names", _("Names (one per line, any script; first is the main one)"), "list"),
        ("aliases", _("Aliases (one per line)"), "list"),
        ("birth_date", _("Birth date (YYYY, YYYY-MM or YYYY-MM-DD)"), "text"),
        ("birth_place", _("Birthplace"), "text"),
        ("nationality", _("Nationality (country code, e.g. RS, XK)"), "country"),
        ("sex", _("Sex"), "select:unknown,M,F,X"),
        ("father_name", _("Father's name"), "text"),
        (
            "data_subject_category",
            _("Category (LED Art. 6)"),
            "select:suspect,convicted,victim,witness,contact,associate,informant,other",
        ),
        ("basis", _("Based on (LED Art. 7)"), "select:assessment,fact"),
    ],
    "identity_document": [
        ("mrz", _("MRZ (paste from the scanner)"), "textarea"),
        ("document_type", _("Type"), "select:passport,id_card,driving_licence,residence_permit,other"),
        ("number", _("Number"), "text"),
        ("issuing_country", _("Issuing country"), "country"),
        ("expiry", _("Expiry (YYYY-MM-DD)"), "date"),
    ],
    "vehicle": [
        ("plate", _("Plate"), "text"),
        ("plate_country", _("Plate country"), "country"),
        ("vin", _("VIN"), "text"),
        ("make", _("Make"), "text"),
        ("model", _("Model"), "text"),
        ("colour", _("Colour"), "text"),
    ],
    "phone": [("number", _("Phone number"), "text"), ("country", _("Country (for national numbers)"), "country")],
    "email": [("address", _("E-mail address"), "text")],
    "bank_account": [("iban", _("IBAN"), "text"), ("bic", _("BIC"), "text")],
    "organisation": [
        ("name", _("Name"), "text"),
        ("registration_number", _("Registration number"), "text"),
        ("country", _("Country"), "country"),
    ],
    "address": [("text", _("Address"), "text"), ("city", _("City"), "text"), ("country", _("Country"), "country")],
    "firearm": [
        ("make", _("Make"), "text"),
        ("model", _("Model"), "text"),
        ("serial", _("Serial number"), "text"),
        ("calibre", _("Calibre"), "text"),
    ],
    "vessel": [("name", _("Name"), "text"), ("imo", _("IMO number"), "text")],
    "container": [("number", _("Container number (ISO 6346)"), "text")],
}

TYPE_LABELS: dict[str, str] = {
    "person": _("Person"),
    "identity_document": _("Identity document"),
    "vehicle": _("Vehicle"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "bank_account": _("Bank account"),
    "organisation": _("Organisation"),
    "address": _("Address or place"),
    "firearm": _("Firearm"),
    "vessel": _("Vessel"),
    "container": _("Container"),
}


def payload_from_form(form: dict[str, Any]) -> dict[str, Any]:
    """Only the chosen type's fields; empty ones left out; list fields split by line."""
    etype = str(form.get("type", ""))
    payload: dict[str, Any] = {"type": etype}
    for name, _label, kind in FIELDS.get(etype, []):
        raw = str(form.get(f"{etype}.{name}", "") or "").strip()
        if not raw:
            continue
        payload[name] = [line.strip() for line in raw.splitlines() if line.strip()] if kind == "list" else raw
    return payload
