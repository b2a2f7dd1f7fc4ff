"""Pydantic models: what an officer declares and what the screening answers.

The result keeps, for each treaty hit, requirement and red flag, the source it rests on,
so that a seizure record or a court file can cite it without re-running the screening.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

TreatyCode = Literal["CITES", "MONTREAL", "BASEL", "ROTTERDAM", "STOCKHOLM", "CARTAGENA", "CWC"]
RequirementKind = Literal[
    "permit", "certificate", "licence or quota", "prior informed consent", "movement document", "declaration"
]

NOTE = (
    "This screening supports, and does not replace, the officer's judgement: a match is a reason "
    "to check, not proof of an offence, and an empty result does not clear a shipment. Reference "
    "data are curated from the public treaty texts and may lag behind the latest amendments."
)


def _strip(value: Any) -> Any:
    return value.strip() or None if isinstance(value, str) else value


class Declaration(BaseModel):
    """A customs declaration as the officer sees it; everything but the HS code is optional."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", allow_inf_nan=False)

    hs_code: str = Field(description="6-10 digits; dots and spaces allowed (2903.71, 2903 71 00)")
    description: str = Field("", description="Goods description in any of the region's languages")
    cas_numbers: list[str] = Field(default_factory=list)
    species: str | None = Field(None, description="Scientific or common name, any language")
    refrigerant: str | None = Field(None, description="R-22, R-404A, R22, r 404a, HFC-134a ...")
    origin: str | None = Field(None, description="ISO 3166-1 alpha-2 country of origin")
    export_country: str | None = Field(None, description="ISO-2 country of export (if not origin)")
    transit: list[str] = Field(default_factory=list, description="ISO-2 transit countries")
    destination: str | None = Field(None, description="ISO-2 country of destination")
    quantity: float | None = Field(None, ge=0)
    unit: str | None = None
    packaging: str | None = Field(None, description="e.g. disposable cylinders, refillable cylinder")
    status: str | None = Field(None, description="new, used, second-hand, for repair, waste ...")
    documents: list[str] = Field(default_factory=list, description='e.g. "CITES export permit"')

    @field_validator("species", "refrigerant", "unit", "packaging", "status", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return _strip(value)

    @field_validator("origin", "export_country", "destination", mode="before")
    @classmethod
    def _upper_country(cls, value: Any) -> Any:
        value = _strip(value)
        return value.upper() if isinstance(value, str) else value

    @field_validator("transit", mode="before")
    @classmethod
    def _upper_countries(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            return [v.strip().upper() for v in value if isinstance(v, str) and v.strip()]
        return value

    @field_validator("cas_numbers", "documents", mode="before")
    @classmethod
    def _drop_blank(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            return [v.strip() for v in value if isinstance(v, str) and v.strip()]
        return value


class HSInfo(BaseModel):
    """The validated HS code and the WCO text of its 6-digit subheading."""

    code: str
    subheading: str
    dotted: str
    description: str


class TreatyHit(BaseModel):
    """One treaty entry that the declaration touches, and what evidence triggered it."""

    code: TreatyCode
    entry: str
    source: str
    basis: list[str] = Field(default_factory=list, description="hs, description, cas, species, refrigerant, status")
    ref: str = Field("", description="Key in the reference data (taxon, substance, waste code, chemical)")


class Requirement(BaseModel):
    """A document the treaty requires for this movement and whether it was presented."""

    treaty: TreatyCode
    kind: RequirementKind
    name: str
    presented: bool


class RedFlag(BaseModel):
    """A risk indicator from customs/enforcement guidance, with why it fired."""

    code: str
    reason: str
    guidance: str
    source: str
    detail: str = ""
    treaty: str = ""


class ScreeningResult(BaseModel):
    """The screening answer. ``to_public_dict`` is the stable JSON contract."""

    declaration: Declaration
    hs: HSInfo
    treaties: list[TreatyHit] = Field(default_factory=list)
    requirements: list[Requirement] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    note: str = NOTE

    @property
    def treaty_codes(self) -> list[str]:
        """Treaty codes that apply, in first-hit order, without duplicates."""
        return list(dict.fromkeys(t.code for t in self.treaties))

    @property
    def red_flag_codes(self) -> list[str]:
        return [f.code for f in self.red_flags]

    @property
    def missing_requirements(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.presented]

    def to_public_dict(self) -> dict[str, Any]:
        """The JSON shape of ``liaison screen --json`` and of the API."""
        return {
            "hs": self.hs.model_dump(),
            "treaties": [t.model_dump() for t in self.treaties],
            "requirements": [r.model_dump() for r in self.requirements],
            "red_flags": [f.model_dump() for f in self.red_flags],
            "warnings": list(self.warnings),
            "note": self.note,
        }

    def seizure_prefill(self) -> dict[str, Any]:
        """Fields for an environmental seizure record (CITES illegal-trade report shape).

        Only what the screening knows: the commodity identifiers, route, quantity, the
        treaties and the red flags. Agency, place, persons and legal action are for the
        officer to complete.
        """
        d = self.declaration
        by_code: dict[str, list[str]] = {}
        for t in self.treaties:
            if t.ref:
                by_code.setdefault(t.code, []).append(t.ref)
        return {
            "hs_code": self.hs.code,
            "hs_description": self.hs.description,
            "description": d.description,
            "taxa": by_code.get("CITES", []),
            "cas_numbers": list(d.cas_numbers),
            "substances": by_code.get("MONTREAL", [])
            + by_code.get("ROTTERDAM", [])
            + by_code.get("STOCKHOLM", [])
            + by_code.get("CWC", []),
            "waste_codes": by_code.get("BASEL", []),
            "refrigerant": d.refrigerant,
            "quantity": d.quantity,
            "unit": d.unit,
            "origin": d.origin,
            "export_country": d.export_country,
            "transit": list(d.transit),
            "destination": d.destination,
            "packaging": d.packaging,
            "declared_status": d.status,
            "documents_presented": list(d.documents),
            "documents_missing": [r.name for r in self.missing_requirements],
            "treaties": self.treaty_codes,
            "treaty_entries": [f"{t.code}: {t.entry}" for t in self.treaties],
            "red_flags": [f.code for f in self.red_flags],
            "concealment": next((f.detail for f in self.red_flags if f.code == "CONCEALMENT"), None),
            "detection": "Green Customs screening"
            + (" (red flags: " + ", ".join(f.code for f in self.red_flags) + ")" if self.red_flags else ""),
            "screening_note": self.note,
        }
