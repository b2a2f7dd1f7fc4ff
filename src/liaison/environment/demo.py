"""Demo data for the environmental-crime capability, seeded on the ``demo_seeded`` hook.

North Macedonia's NEST (police, customs, environment inspectorate, prosecution; partners in Italy and
Austria) with the region's typical cases: refrigerant smuggling from Türkiye, songbird trapping for
Italian markets and e-waste from western Europe, each with a seizure record made from a screening.
Everything goes through the services, so the demo is also a test of them and leaves an audit trail.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.models import User
from liaison.accounts.service import Actor, create_user
from liaison.agencies.service import by_code, create_agency
from liaison.core.audit import AuditContext
from liaison.core.timeutil import utcnow
from liaison.environment import nest, seizures

#: (username, full name, agency, role); all share the demo's password.
USERS = (
    ("mk.customs", "Marija Stefanovska", "MK-CUSTOMS", "officer"),
    ("mk.env", "Bojan Angelovski", "MK-ENV", "officer"),
    ("mk.prosecutor", "Vesna Ristovska", "MK-PROS", "officer"),
)

CASES: tuple[dict[str, Any], ...] = (
    {
        "by": "mk.customs",
        "title": "Refrigerant smuggling from Türkiye: HCFC-22 and R-404A in disposable cylinders",
        "category": "ods",
        "seizures": [
            {
                "declaration": {
                    "hs_code": "2903.71",
                    "description": "Refrigerant gas R-22 in disposable cylinders",
                    "refrigerant": "R-22",
                    "origin": "TR",
                    "transit": ["BG"],
                    "destination": "MK",
                    "quantity": 340,
                    "unit": "kg",
                    "packaging": "disposable cylinders",
                },
                "place": "Deve Bair border crossing",
                "days_ago": 40,
                "transport_mode": "road",
                "concealment": "Cylinders behind pallets of ceramic tiles",
                "detection_method": "X-ray scan and Green Customs screening",
                "companies": "Importer without ODS licence (name withheld in the demo)",
                "legal_action": "Goods detained; misdemeanour procedure opened",
            },
            {
                "declaration": {
                    "hs_code": "3827.61",
                    "description": "R-404A refrigerant blend declared as non-ODS cleaning gas",
                    "refrigerant": "R-404A",
                    "origin": "TR",
                    "transit": ["GR"],
                    "destination": "MK",
                    "quantity": 120,
                    "unit": "kg",
                    "packaging": "disposable cylinders",
                },
                "place": "Bogorodica border crossing",
                "days_ago": 12,
                "transport_mode": "road",
                "detection_method": "Documentary check: labels inconsistent with the invoice",
                "legal_action": "Referred to the prosecution",
            },
        ],
    },
    {
        "by": "mk.env",
        "title": "Songbird trapping for Italian markets",
        "category": "wildlife",
        "send": ("IT-SCIP", "EU-2023-977", "Identify the buyers of trapped songbirds in northern Italy"),
        "seizures": [
            {
                "declaration": {
                    "hs_code": "0106.39",
                    "description": "Live goldfinches and an owl used as a decoy, hidden in boxes in the car boot",
                    "species": "Bubo bubo",
                    "origin": "MK",
                    "transit": ["RS", "HR", "SI"],
                    "destination": "IT",
                    "quantity": 212,
                    "unit": "pieces",
                },
                "place": "Tabanovce border crossing",
                "days_ago": 25,
                "transport_mode": "road",
                "detection_method": "Tip-off from the environment inspectorate; vehicle search",
                "persons": "Two drivers (identities in the case file)",
                "legal_action": "Criminal complaint for illegal trade in protected species",
            }
        ],
    },
    {
        "by": "mk.customs",
        "title": "E-waste from western Europe declared as used computers for repair",
        "category": "waste",
        "send": ("AT-BK", "PCC-SEE", "Trace the Austrian consolidator of the e-waste shipment"),
        "seizures": [
            {
                "declaration": {
                    "hs_code": "8471.30",
                    "description": "Used laptops and CRT monitors for repair, no protective packaging",
                    "origin": "DE",
                    "transit": ["AT", "SI", "HR", "RS"],
                    "destination": "MK",
                    "quantity": 14000,
                    "unit": "kg",
                    "status": "for repair",
                },
                "place": "Skopje inland customs terminal",
                "days_ago": 70,
                "transport_mode": "road",
                "concealment": "Broken units under a top layer of working laptops",
                "detection_method": "Physical inspection; no functionality tests",
                "companies": "Consignee: a repair company in Skopje (name withheld in the demo)",
                "legal_action": "Return to the country of export requested under the Basel Convention",
            }
        ],
    },
)


def _actor(session: Session, username: str) -> Actor:
    user = session.execute(select(User).where(User.username == username)).scalar_one()
    return Actor(user=user, ip="demo")


def seed_environment(session: Session, password: str) -> None:
    """Seed the NEST demo once (idempotent: does nothing if its prosecution office exists)."""
    if by_code(session, "MK-PROS") is not None or by_code(session, "MK-CUSTOMS") is None:
        return
    ctx = AuditContext.system("demo")
    create_agency(
        session,
        ctx,
        code="MK-PROS",
        name="Public Prosecutor's Office for Organised Crime and Corruption",
        country_code="MK",
        kind="prosecution",
    )
    for username, name, agency, role in USERS:
        create_user(
            session, username=username, full_name=name, agency_code=agency, role=role, password=password, ctx=ctx
        )
    customs = _actor(session, "mk.customs")
    tf = nest.create_task_force(
        session,
        customs,
        name="NEST North Macedonia",
        member_codes=["MK-POL-OC", "MK-CUSTOMS", "MK-ENV", "MK-PROS"],
        partner_codes=["IT-SCIP", "AT-BK"],
        description="National Environmental Security Task Force: wildlife, waste and ODS smuggling on Corridor X.",
    )
    today = utcnow().date()
    for spec in CASES:
        actor = _actor(session, spec["by"])
        case = nest.open_case(session, actor, tf.id, title=spec["title"], category=spec["category"])
        first = None
        for s in spec["seizures"]:
            details = seizures.SeizureDetails(
                seized_on=today - timedelta(days=s["days_ago"]),
                place=s["place"],
                transport_mode=s.get("transport_mode", ""),
                concealment=s.get("concealment", ""),
                detection_method=s.get("detection_method", ""),
                persons=s.get("persons", ""),
                companies=s.get("companies", ""),
                legal_action=s.get("legal_action", ""),
            )
            row = seizures.create_from_screening(session, actor, case.id, s["declaration"], details)
            first = first or row
        if "send" in spec and first is not None:
            to, basis, purpose = spec["send"]
            seizures.send_as_request(
                session,
                actor,
                first.id,
                seizures.SendRequest(recipient_code=to, legal_basis_code=basis, purpose=purpose),
            )
    session.flush()

