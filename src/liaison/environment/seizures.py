"""Environmental seizure records: created from a screening in one step, attached to a case,
exported, and sent abroad as a request through the case system.

A seizure record is the case's own data: visible to the seizing agency, the case's owner and the agencies
the owner shared the case with (the rule is in cases/access.py). Only the seizing agency, or an agency it
authorised, sends it abroad; under H2/H3 the authorisation names the recipient. Creation, alteration and
every export or sending are audited with ids and counts only: the persons and companies a record
names are personal data and stay out of the audit trail.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from liaison.accounts.service import Actor
from liaison.agencies.models import Agency
from liaison.agencies.service import by_code
from liaison.cases import service as cases
from liaison.cases.access import case_data_visible, may_send_record_abroad
from liaison.cases.models import Case, Message
from liaison.core import hooks, limits
from liaison.core.audit import Actions, not_found, record
from liaison.core.errors import Forbidden, InvalidInput
from liaison.core.i18n import N_, Label, _
from liaison.core.limits import check_lengths
from liaison.core.timeutil import utcnow
from liaison.core.vocab import HANDLING_CODES
from liaison.environment.models import EnvCase, Seizure, SeizurePermission
from liaison.environment.screening import Declaration, ScreeningInputError, ScreeningResult, screen

TRANSPORT_MODES: dict[str, Label] = {
    "road": N_("Road"),
    "rail": N_("Rail"),
    "sea": N_("Sea"),
    "air": N_("Air"),
    "post": N_("Post or courier"),
    "pedestrian": N_("On foot / passenger luggage"),
    "other": N_("Other"),
}

#: Legal bases under which a seizure may be sent abroad as a request.
REQUEST_BASES = ("EU-2023-977", "PCC-SEE")

#: Fields an officer may set or alter (the screening-derived identifiers change only by re-screening).
OFFICER_FIELDS = (
    "agency_code",
    "seized_on",
    "place",
    "transport_mode",
    "concealment",
    "detection_method",
    "persons",
    "companies",
    "legal_action",
    "handling_code",
    "quantity",
    "unit",
)

#: Officer fields that may be cleared (sent as null); every other one always has a value.
NULLABLE_FIELDS = {"quantity", "unit"}

#: The longest text each free-text officer field accepts.
LIMITS = {
    "place": limits.NAME,
    "concealment": limits.NOTE,
    "detection_method": limits.NOTE,
    "persons": limits.NOTE,
    "companies": limits.NOTE,
    "legal_action": limits.NOTE,
    "unit": 20,
    "agency_code": 20,
    "transport_mode": 20,
}

#: Columns of the CSV and keys of the JSON export, in order.
EXPORT_FIELDS = (
    "id",
    "case_reference",
    "agency",
    "country",
    "seized_on",
    "place",
    "description",
    "hs_code",
    "hs_description",
    "taxa",
    "cas_numbers",
    "substances",
    "waste_codes",
    "refrigerant",
    "quantity",
    "unit",
    "origin",
    "export_country",
    "transit",
    "destination",
    "transport_mode",
    "packaging",
    "declared_status",
    "documents_presented",
    "documents_missing",
    "concealment",
    "detection_method",
    "persons",
    "companies",
    "legal_action",
    "handling_code",
    "treaties",
    "treaty_entries",
    "red_flags",
)


@dataclass
class SeizureDetails:
    """What only the officer knows: who seized what, where, how it was hidden and found, what follows."""

    seized_on: date | str | None = None
    place: str = ""
    agency_code: str = ""
    transport_mode: str = ""
    concealment: str = ""
    detection_method: str = ""
    persons: str = ""
    companies: str = ""
    legal_action: str = ""
    handling_code: str = "H0"
    extra: dict[str, Any] = field(default_factory=dict)


def _quantity(value: Any, fields: dict[str, str]) -> float | None:
    """A finite number, zero or more; NaN and infinity are refused (they would poison the statistics)."""
    if value is None:
        return None
    try:
        quantity = float(value)
    except (TypeError, ValueError, OverflowError):
        quantity = math.nan
    if isinstance(value, bool) or not math.isfinite(quantity) or quantity < 0:
        fields["quantity"] = _("A quantity is a finite number, zero or more.")
        return None
    return quantity


def _parse_date(value: date | str | None, fields: dict[str, str]) -> date | None:
    if isinstance(value, date):
        parsed: date | None = value
    elif not value or not str(value).strip():
        fields["seized_on"] = _("Give the date of the seizure.")
        return None
    else:
        try:
            parsed = date.fromisoformat(str(value).strip())
        except ValueError:
            fields["seized_on"] = _("Write the date as YYYY-MM-DD.")
            return None
    if parsed and parsed > utcnow().date():
        fields["seized_on"] = _("The date of the seizure cannot be in the future.")
    return parsed


def _check_details(session: Session, actor: Actor, d: SeizureDetails, fields: dict[str, str]) -> Agency | None:
    agency: Agency | None = actor.user.agency
    if d.agency_code.strip():
        agency = by_code(session, d.agency_code.strip().upper())
        if agency is None:
            fields["agency_code"] = _("No agency with this code.")
    if not d.place.strip():
        fields["place"] = _("Give the place of the seizure (border crossing, port, town).")
    check_lengths(
        fields,
        {
            "place": (d.place.strip(), limits.NAME),
            "concealment": (d.concealment, limits.NOTE),
            "detection_method": (d.detection_method, limits.NOTE),
            "persons": (d.persons, limits.NOTE),
            "companies": (d.companies, limits.NOTE),
            "legal_action": (d.legal_action, limits.NOTE),
        },
    )
    if d.transport_mode and d.transport_mode not in TRANSPORT_MODES:
        fields["transport_mode"] = _("Choose one of: ") + ", ".join(TRANSPORT_MODES)
    if d.handling_code not in HANDLING_CODES:
        fields["handling_code"] = _("Choose H0, H1, H2 or H3.")
    return agency


def _screen(declaration: Declaration | dict[str, Any]) -> ScreeningResult:
    try:
        return screen(declaration)
    except ScreeningInputError as exc:
        raise InvalidInput(str(exc), fields={"declaration": str(exc)}) from None


def _visible_case(session: Session, actor: Actor, case_id: int) -> Case:
    """The case system decides; an invisible case is "not found" and the attempt is logged there.

    Seizure records are the case's own data, so an agency that only exchanges messages in the case (it sees
    the case, not its data) is answered "not found" too.
    """
    case = cases.get_case(session, actor, case_id)
    if not cases.case_data_shown(session, actor, [case.id]):
        raise not_found(actor.ctx, "case", case_id)
    return case


def _seizure_visible(actor: Actor) -> Any:
    return or_(Seizure.agency_id == actor.agency_id, case_data_visible(actor.user))


def create_from_screening(
    session: Session,
    actor: Actor,
    case_id: int,
    declaration: Declaration | dict[str, Any],
    details: SeizureDetails,
) -> Seizure:
    """One step: screen the declaration, prefill the record from the result, add the officer's facts."""
    case = _visible_case(session, actor, case_id)
    result = _screen(declaration)
    fields: dict[str, str] = {}
    seized_on = _parse_date(details.seized_on, fields)
    agency = _check_details(session, actor, details, fields)
    if fields:
        raise InvalidInput(_("The seizure record was not saved: correct the marked fields."), fields=fields)
    assert agency is not None and seized_on is not None
    pre = result.seizure_prefill()
    now = utcnow()
    detection = details.detection_method.strip() or str(pre.get("detection") or "")
    seizure = Seizure(
        case_id=case.id,
        agency_id=agency.id,
        seized_on=seized_on,
        place=details.place.strip(),
        country_code=agency.country_code,
        description=pre["description"] or "",
        hs_code=pre["hs_code"],
        hs_description=pre["hs_description"] or "",
        taxa=pre["taxa"],
        cas_numbers=pre["cas_numbers"],
        substances=pre["substances"],
        waste_codes=pre["waste_codes"],
        refrigerant=pre["refrigerant"],
        quantity=pre["quantity"],
        unit=pre["unit"],
        origin=pre["origin"],
        export_country=pre["export_country"],
        transit=pre["transit"],
        destination=pre["destination"],
        transport_mode=details.transport_mode,
        packaging=pre["packaging"],
        declared_status=pre["declared_status"],
        documents_presented=pre["documents_presented"],
        documents_missing=pre["documents_missing"],
        concealment=details.concealment.strip() or str(pre.get("concealment") or ""),
        detection_method=detection,
        persons=details.persons.strip(),
        companies=details.companies.strip(),
        legal_action=details.legal_action.strip(),
        handling_code=details.handling_code,
        treaties=pre["treaties"],
        treaty_entries=pre["treaty_entries"],
        red_flags=pre["red_flags"],
        declaration=result.declaration.model_dump(mode="json"),
        created_by_id=actor.user.id,
        created_at=now,
        updated_at=now,
    )
    session.add(seizure)
    case.updated_at = now
    session.flush()
    record(
        session,
        actor.ctx,
        Actions.COLLECTION,
        "env_seizure",
        seizure.id,
        subjects=[("case", case.id)],
        details={
            "case": case.id,
            "treaties": len(seizure.treaties),
            "red_flags": len(seizure.red_flags),
            "persons_named": bool(seizure.persons),
        },
    )
    hooks.fire("seizure_saved", session=session, actor=actor, seizure=seizure)
    return seizure


def get_seizure(session: Session, actor: Actor, seizure_id: int) -> Seizure:
    """A seizure whose case the actor can see; otherwise "not found", as the case system answers."""
    seizure = session.execute(
        select(Seizure).join(Case, Case.id == Seizure.case_id).where(Seizure.id == seizure_id, _seizure_visible(actor))
    ).scalar_one_or_none()
    if seizure is None:
        raise not_found(actor.ctx, "seizure", seizure_id)
    return seizure


def for_case(session: Session, actor: Actor, case_id: int) -> list[Seizure]:
    case = cases.get_case(session, actor, case_id)
    stmt = (
        select(Seizure)
        .join(Case, Case.id == Seizure.case_id)
        .where(Seizure.case_id == case.id, _seizure_visible(actor))
        .order_by(Seizure.seized_on, Seizure.id)
    )
    return list(session.execute(stmt).scalars())


def visible(session: Session, actor: Actor) -> list[Seizure]:
    stmt = (
        select(Seizure)
        .join(Case, Case.id == Seizure.case_id)
        .where(_seizure_visible(actor))
        .order_by(Seizure.seized_on, Seizure.id)
    )
    return list(session.execute(stmt).scalars())


def update(session: Session, actor: Actor, seizure_id: int, changes: dict[str, Any]) -> Seizure:
    """Alter the officer's fields of a record; only the seizing agency's officers may."""
    seizure = get_seizure(session, actor, seizure_id)
    fields: dict[str, str] = {}
    unknown = sorted(set(changes) - set(OFFICER_FIELDS))
    if unknown:
        fields["fields"] = _("These fields cannot be changed here: ") + ", ".join(unknown)
    if seizure.agency_id != actor.agency_id:
        raise InvalidInput(_("Only the seizing agency can alter its seizure record."))
    merged = SeizureDetails(
        seized_on=changes.get("seized_on", seizure.seized_on),
        place=str(changes.get("place", seizure.place) or ""),
        agency_code=str(changes.get("agency_code", "") or ""),
        transport_mode=str(changes.get("transport_mode", seizure.transport_mode) or ""),
        handling_code=str(changes.get("handling_code", seizure.handling_code) or ""),
    )
    seized_on = _parse_date(merged.seized_on, fields)
    agency = _check_details(session, actor, merged, fields)
    quantity = _quantity(changes.get("quantity", seizure.quantity), fields)
    for name in sorted(set(changes) & set(OFFICER_FIELDS) - NULLABLE_FIELDS):
        if changes[name] is None:
            fields.setdefault(name, _("This field cannot be emptied with null; send a value."))
    check_lengths(fields, {name: (str(changes[name]), limit) for name, limit in LIMITS.items() if changes.get(name)})
    if fields:
        raise InvalidInput(_("The seizure record was not changed: correct the marked fields."), fields=fields)
    changed: list[str] = []
    for name in OFFICER_FIELDS:
        if name not in changes:
            continue
        if name == "seized_on":
            value: Any = seized_on
        elif name == "agency_code":
            assert agency is not None
            if agency.id != seizure.agency_id:
                seizure.agency_id, seizure.country_code = agency.id, agency.country_code
                changed.append(name)
            continue
        elif name == "quantity":
            value = quantity
        else:
            value = changes[name] if changes[name] is None else str(changes[name]).strip()
        if getattr(seizure, name) != value:
            setattr(seizure, name, value)
            changed.append(name)
    if changed:
        seizure.updated_at = utcnow()
        session.flush()
        record(
            session,
            actor.ctx,
            Actions.ALTERATION,
            "env_seizure",
            seizure.id,
            subjects=[("case", seizure.case_id)],
            details={"case": seizure.case_id, "fields": changed},
        )
    return seizure


# --- export -----------------------------------------------------------------------------------------


def as_dict(seizure: Seizure, case_reference: str = "") -> dict[str, Any]:
    return {
        "id": seizure.id,
        "case_reference": case_reference,
        "agency": seizure.agency.code,
        "country": seizure.country_code,
        "seized_on": seizure.seized_on.isoformat(),
        "place": seizure.place,
        "description": seizure.description,
        "hs_code": seizure.hs_code,
        "hs_description": seizure.hs_description,
        "taxa": list(seizure.taxa),
        "cas_numbers": list(seizure.cas_numbers),
        "substances": list(seizure.substances),
        "waste_codes": list(seizure.waste_codes),
        "refrigerant": seizure.refrigerant,
        "quantity": seizure.quantity,
        "unit": seizure.unit,
        "origin": seizure.origin,
        "export_country": seizure.export_country,
        "transit": list(seizure.transit),
        "destination": seizure.destination,
        "transport_mode": seizure.transport_mode,
        "packaging": seizure.packaging,
        "declared_status": seizure.declared_status,
        "documents_presented": list(seizure.documents_presented),
        "documents_missing": list(seizure.documents_missing),
        "concealment": seizure.concealment,
        "detection_method": seizure.detection_method,
        "persons": seizure.persons,
        "companies": seizure.companies,
        "legal_action": seizure.legal_action,
        "handling_code": seizure.handling_code,
        "treaties": list(seizure.treaties),
        "treaty_entries": list(seizure.treaty_entries),
        "red_flags": list(seizure.red_flags),
    }


def _references(session: Session, rows: list[Seizure]) -> dict[int, str]:
    ids = {s.case_id for s in rows}
    if not ids:
        return {}
    return {int(cid): str(ref) for cid, ref in session.execute(select(Case.id, Case.reference).where(Case.id.in_(ids)))}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    text = str(value)
    # Keep spreadsheets from executing a cell as a formula (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def export(session: Session, actor: Actor, rows: list[Seizure], fmt: str, *, purpose: str = "") -> tuple[str, str]:
    """Serialise records as ``csv`` or ``json`` and audit the disclosure; returns (content type, text)."""
    if fmt not in ("csv", "json"):
        raise InvalidInput(_("Export as csv or json."), fields={"format": _("csv or json")})
    refs = _references(session, rows)
    data = [as_dict(s, refs.get(s.case_id, "")) for s in rows]
    if fmt == "json":
        body = json.dumps({"seizures": data}, ensure_ascii=False, indent=2)
        content_type = "application/json"
    else:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(EXPORT_FIELDS)
        for item in data:
            writer.writerow([item["id"], *(_cell(item[k]) for k in EXPORT_FIELDS[1:])])
        body, content_type = buf.getvalue(), "text/csv; charset=utf-8"
    record(
        session,
        actor.ctx,
        Actions.DISCLOSURE,
        "env_seizure",
        rows[0].id if len(rows) == 1 else "export",
        justification=purpose,
        recipient=_("export") + f" ({fmt})",
        subjects=[("env_seizure", s.id) for s in rows],
        details={"format": fmt, "count": len(rows), "cases": sorted(refs)},
    )
    return content_type, body


def summary(seizure: Seizure, case_reference: str = "") -> str:
    """A plain-text summary of the record for a message body (readable on any channel)."""
    d = as_dict(seizure, case_reference)
    route = " → ".join([c for c in [d["origin"], *d["transit"], d["destination"]] if c]) or "—"
    qty = f"{d['quantity']:g} {d['unit'] or ''}".strip() if d["quantity"] is not None else "—"
    lines = [
        _("Environmental seizure record") + f" #{d['id']} ({d['case_reference']})",
        _("Seized by") + f": {d['agency']} ({d['country']}), {d['seized_on']}, {d['place']}",
        _("Commodity") + f": {d['description']} — HS {d['hs_code']} {d['hs_description']}",
        _("Taxa") + ": " + (", ".join(d["taxa"]) or "—"),
        _("Substances / CAS") + ": " + (", ".join(d["substances"] + d["cas_numbers"]) or "—"),
        _("Waste codes") + ": " + (", ".join(d["waste_codes"]) or "—"),
        _("Quantity") + f": {qty}",
        _("Route") + f": {route}",
        _("Transport") + f": {d['transport_mode'] or '—'}; " + _("packaging") + f": {d['packaging'] or '—'}",
        _("Documents presented") + ": " + (", ".join(d["documents_presented"]) or "—"),
        _("Documents missing") + ": " + (", ".join(d["documents_missing"]) or "—"),
        _("Concealment") + f": {d['concealment'] or '—'}",
        _("Detection") + f": {d['detection_method'] or '—'}",
        _("Persons") + f": {d['persons'] or '—'}",
        _("Companies") + f": {d['companies'] or '—'}",
        _("Legal action") + f": {d['legal_action'] or '—'}",
        _("Treaties") + ": " + ("; ".join(d["treaty_entries"]) or "—"),
        _("Red flags") + ": " + (", ".join(d["red_flags"]) or "—"),
        _("Handling code") + f": {d['handling_code']}",
    ]
    return "\n".join(lines)


@dataclass
class SendRequest:
    recipient_code: str
    purpose: str
    legal_basis_code: str = "EU-2023-977"
    priority: str = "normal"
    channel: str = "siena"
    body: str = ""
    language: str = "en"


def send_as_request(session: Session, actor: Actor, seizure_id: int, req: SendRequest) -> Message:
    """Send the record to an agency of another country as a request in its case."""
    seizure = get_seizure(session, actor, seizure_id)
    fields: dict[str, str] = {}
    recipient = by_code(session, req.recipient_code.strip().upper())
    if recipient is None or not recipient.active:
        fields["recipient_code"] = _("Choose the agency abroad that receives the request.")
    elif recipient.country_code == actor.user.agency.country_code:
        fields["recipient_code"] = _("A seizure is sent as a request to another country; choose an agency abroad.")
    if req.legal_basis_code not in REQUEST_BASES:
        fields["legal_basis_code"] = _("Choose the legal basis: ") + ", ".join(REQUEST_BASES)
    if fields:
        raise InvalidInput(_("The request was not sent: correct the marked fields."), fields=fields)
    assert recipient is not None
    _check_may_send(session, actor, seizure, recipient, req.purpose)
    case = cases.get_case(session, actor, seizure.case_id)
    text = summary(seizure, case.reference)
    attachment = json.dumps({"seizure": as_dict(seizure, case.reference)}, ensure_ascii=False, indent=2).encode()
    body = (req.body.strip() + "\n\n" if req.body.strip() else "") + text
    message = cases.send_message(
        session,
        actor,
        case.id,
        cases.NewMessage(
            kind="request",
            recipient_agency_id=recipient.id,
            subject=_("Environmental seizure") + f" #{seizure.id}: " + (seizure.description or seizure.hs_code)[:150],
            body=body,
            priority=req.priority,
            legal_basis_code=req.legal_basis_code,
            channel=req.channel,
            handling_code=seizure.handling_code,
            handling_note=_("Restrictions as set on the seizure record.") if seizure.handling_code == "H3" else "",
            evaluation="A1",
            purpose=req.purpose,
            language=req.language,
            attachments=[(f"seizure-{seizure.id}.json", attachment)],
        ),
        originator_agency_id=seizure.agency_id,
    )
    record(
        session,
        actor.ctx,
        Actions.DISCLOSURE,
        "env_seizure",
        seizure.id,
        recipient=recipient.code,
        justification=req.purpose,
        subjects=[("message", message.id), ("case", case.id)],
        details={"message": message.id, "case": case.id, "legal_basis": req.legal_basis_code},
    )
    return message


def _check_may_send(session: Session, actor: Actor, seizure: Seizure, recipient: Agency, purpose: str) -> None:
    """Only the seizing agency, or one it authorised (naming the recipient under H2/H3), sends abroad."""
    grants = session.execute(
        select(SeizurePermission.recipient_agency_id).where(
            SeizurePermission.seizure_id == seizure.id, SeizurePermission.agency_id == actor.agency_id
        )
    ).scalars()
    recipients = set(grants)
    if may_send_record_abroad(
        holder_agency_id=actor.agency_id,
        originator_agency_id=seizure.agency_id,
        handling_code=seizure.handling_code,
        authorised=bool(recipients),
        permitted=recipient.id in recipients,
    ):
        return
    error = Forbidden(
        _(
            "Refused: only %(owner)s, which seized the goods, or an agency it authorised sends this record abroad "
            "(for H2/H3, to the recipient it named). Ask it to record the authorisation first."
        )
        % {"owner": seizure.agency.label}
    )

    def log(s: Session) -> None:
        record(
            s,
            actor.ctx,
            Actions.ACCESS_DENIED,
            "env_seizure",
            seizure.id,
            recipient=recipient.code,
            justification=purpose,
            details={"event": "send_refused", "handling_code": seizure.handling_code},
        )

    raise error.then(log)


def authorise(
    session: Session, actor: Actor, seizure_id: int, agency_code: str, *, recipient_code: str = "", note: str = ""
) -> SeizurePermission:
    """The seizing agency authorises another agency to send its record abroad (to one recipient, or any
    recipient for H0/H1 records)."""
    seizure = get_seizure(session, actor, seizure_id)
    if seizure.agency_id != actor.agency_id:
        raise Forbidden(_("Only the seizing agency can authorise others to send its record."))
    fields: dict[str, str] = {}
    agency = by_code(session, agency_code.strip().upper())
    if agency is None or not agency.active:
        fields["agency_code"] = _("No active agency with this code.")
    elif agency.id == actor.agency_id:
        fields["agency_code"] = _("The record is already yours to send.")
    target: Agency | None = None
    if recipient_code.strip():
        target = by_code(session, recipient_code.strip().upper())
        if target is None or not target.active:
            fields["recipient_code"] = _("No active agency with this code.")
    elif seizure.handling_code in ("H2", "H3"):
        fields["recipient_code"] = _("This record is %(code)s: name the recipient abroad.") % {
            "code": seizure.handling_code
        }
    if fields:
        raise InvalidInput(_("The authorisation was not recorded: correct the marked fields."), fields=fields)
    assert agency is not None
    grant = SeizurePermission(
        seizure_id=seizure.id,
        agency_id=agency.id,
        recipient_agency_id=target.id if target else None,
        granted_by_id=actor.user.id,
        granted_at=utcnow(),
        note=note.strip(),
    )
    session.add(grant)
    session.flush()
    record(
        session,
        actor.ctx,
        Actions.ALTERATION,
        "env_seizure",
        seizure.id,
        recipient=agency.code,
        justification=note,
        details={"event": "send_authorised", "to": target.code if target else "any"},
    )
    return grant


def on_case_erased(session: Session, case_id: int, **_kw: Any) -> None:
    """Erasing a case erases its seizure records and its task-force link (the database cascades too)."""
    ids = select(Seizure.id).where(Seizure.case_id == case_id).scalar_subquery()
    session.execute(delete(SeizurePermission).where(SeizurePermission.seizure_id.in_(ids)))
    session.execute(delete(Seizure).where(Seizure.case_id == case_id))
    session.execute(delete(EnvCase).where(EnvCase.case_id == case_id))

