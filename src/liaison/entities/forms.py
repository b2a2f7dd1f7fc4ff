"""The structured entry form: which fields each entity type shows, and turning a form post into a payload."""

from __future__ import annotations

from typing import Any

from liaison.core.i18n import N_, Label

#: (field, label, input kind). Kinds: text, date, country, list (one per line), select:<options>.
FIELDS: dict[str, list[tuple[str, Label, str]]] = {
    "person": [
        ("names", N_("Names (one per line, any script; first is the main one)"), "list"),
        ("aliases", N_("Aliases (one per line)"), "list"),
        ("birth_date", N_("Birth date (YYYY, YYYY-MM or YYYY-MM-DD)"), "text"),
        ("birth_place", N_("Birthplace"), "text"),
        ("nationality", N_("Nationality (country code, e.g. RS, XK)"), "country"),
        ("sex", N_("Sex"), "select:unknown,M,F,X"),
        ("father_name", N_("Father's name"), "text"),
        (
            "data_subject_category",
            N_("Category (LED Art. 6)"),
            "select:suspect,convicted,victim,witness,contact,associate,informant,other",
        ),
        ("basis", N_("Based on (LED Art. 7)"), "select:assessment,fact"),
    ],
    "identity_document": [
        ("mrz", N_("MRZ (paste from the scanner)"), "textarea"),
        ("document_type", N_("Type"), "select:passport,id_card,driving_licence,residence_permit,other"),
        ("number", N_("Number"), "text"),
        ("issuing_country", N_("Issuing country"), "country"),
        ("expiry", N_("Expiry (YYYY-MM-DD)"), "date"),
    ],
    "vehicle": [
        ("plate", N_("Plate"), "text"),
        ("plate_country", N_("Plate country"), "country"),
        ("vin", N_("VIN"), "text"),
        ("make", N_("Make"), "text"),
        ("model", N_("Model"), "text"),
        ("colour", N_("Colour"), "text"),
    ],
    "phone": [("number", N_("Phone number"), "text"), ("country", N_("Country (for national numbers)"), "country")],
    "email": [("address", N_("E-mail address"), "text")],
    "bank_account": [("iban", N_("IBAN"), "text"), ("bic", N_("BIC"), "text")],
    "organisation": [
        ("name", N_("Name"), "text"),
        ("registration_number", N_("Registration number"), "text"),
        ("country", N_("Country"), "country"),
    ],
    "address": [("text", N_("Address"), "text"), ("city", N_("City"), "text"), ("country", N_("Country"), "country")],
    "firearm": [
        ("make", N_("Make"), "text"),
        ("model", N_("Model"), "text"),
        ("serial", N_("Serial number"), "text"),
        ("calibre", N_("Calibre"), "text"),
    ],
    "vessel": [("name", N_("Name"), "text"), ("imo", N_("IMO number"), "text")],
    "container": [("number", N_("Container number (ISO 6346)"), "text")],
}

TYPE_LABELS: dict[str, Label] = {
    "person": N_("Person"),
    "identity_document": N_("Identity document"),
    "vehicle": N_("Vehicle"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "bank_account": N_("Bank account"),
    "organisation": N_("Organisation"),
    "address": N_("Address or place"),
    "firearm": N_("Firearm"),
    "vessel": N_("Vessel"),
    "container": N_("Container"),
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
