"""Demo data: a Joint Action Day across the six Western Balkan countries (seeded with the demo only).

Montenegro's drug unit leads "JAD Western Balkans" on migrant smuggling and drugs; Albania, Bosnia and
Herzegovina, Kosovo, North Macedonia and Serbia take part. A preparatory meeting decides action items; on
the day each agency reports its deployment, checks, arrests and seizures, and the border police report
apprehended groups. Montenegro and Albania both report the arrest of the same courier, so every report
shows that a person is counted once. Everything goes through the services (and the audit trail).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.models import User
from liaison.accounts.service import Actor
from liaison.cases import service as cases
from liaison.core.timeutil import utcnow
from liaison.operations import service

#: Demo values for the readmission deadlines per pair of countries: set them from the bilateral agreements.
READMISSION_DEMO_HOURS = (("ME", "AL", 72), ("ME", "BA", 72), ("RS", "MK", 48), ("MK", "RS", 48), ("BA", "RS", 72))

AGENCIES = ("AL-SPOC", "BA-BORDER", "BA-PCC-TREBINJE", "XK-SPOC", "MK-SPOC", "RS-SPOC", "RS-BORDER", "ME-BORDER")


def _actor(session: Session, username: str) -> Actor:
    return Actor(user=session.execute(select(User).where(User.username == username)).scalar_one(), ip="demo")


def seed(session: Session, password: str = "") -> None:
    if service.list_operations(session, _actor(session, "me.drugs")):
        return
    lead = _actor(session, "me.drugs")
    day = utcnow().date() - timedelta(days=20)
    op = service.create_operation(
        session,
        lead,
        title="JAD Western Balkans — migrant smuggling and drugs",
        kind="joint_action_day",
        crime_area="migrant_smuggling",
        empact_priority="migrant_smuggling",
        starts_on=day,
        ends_on=day + timedelta(days=1),
        description="EMPACT operational action: coordinated checks on the Balkan route, drug couriers.",
        agency_codes=list(AGENCIES),
    )
    service.add_target(session, lead, op.id, kind="place", label="Božaj–Hani i Hotit crossing")
    service.add_target(session, lead, op.id, kind="group", label="Courier network Bar–Durrës")
    service.create_meeting(
        session,
        lead,
        operation_id=op.id,
        title="Preparatory meeting: JAD Western Balkans",
        held_on=day - timedelta(days=14),
        place="Podgorica",
        agenda="1. Targets and crossing points\n2. Officers per country\n3. Reporting of results",
        minutes="Agreed common reporting through Liaison; contact points named per country.",
        minutes_handling_code="H1",
        decisions="Results are reported in Liaison by the end of the action day.",
        participants=[
            {"agency": "ME-POL-DRUGS", "person_name": "Milica Vukčević"},
            {"agency": "AL-SPOC", "person_name": "Arben Hoxha"},
            {"agency": "MK-SPOC", "person_name": "Aleksandar Stojanovski"},
            {"agency": "RS-SPOC", "person_name": "Nikola Jovanović"},
            {"agency": "XK-SPOC", "person_name": "Blerina Krasniqi"},
            {"agency": "BA-BORDER", "person_name": ""},
        ],
        action_items=[
            {
                "title": "Name the officers for the Kakavija crossing",
                "owner": "AL-SPOC",
                "due_on": day - timedelta(days=3),
            },
            {
                "title": "Share the list of targeted vehicles",
                "owner": "MK-SPOC",
                "due_on": utcnow().date() + timedelta(days=5),
            },
            {"title": "Report the results of the day", "owner": "RS-SPOC", "due_on": day + timedelta(days=2)},
        ],
    )
    courier = {"names": ["Marko Ivanović"], "birth_date": "1991-04-12", "nationality": ["ME"], "sex": "M"}
    for username, country, deployed, persons, vehicles, arrests, seizures in (
        ("me.drugs", "ME", 850, 4200, 1600, [(courier, "drugs_trafficking")], [("cannabis", 310.0), ("cash", 48000.0)]),
        (
            "al.officer",
            "AL",
            1200,
            6100,
            2300,
            [
                ({**courier, "names": ["Marko Ivanovic"]}, "drugs_trafficking"),
                ({"names": ["Ilir Dervishi"], "birth_date": "1987-09-30"}, "migrant_smuggling"),
            ],
            [("cocaine", 12.5), ("pistol", 4.0), ("ammunition", 350.0)],
        ),
        (
            "mk.duty",
            "MK",
            640,
            3900,
            1250,
            [({"names": ["Dragan Stojkovski"], "birth_date": "1979-01-05"}, "firearms_trafficking")],
            [("rifle", 3.0), ("heroin", 2.2)],
        ),
        (
            "rs.spoc",
            "RS",
            1500,
            8800,
            3100,
            [({"names": ["Stefan Nikolić"], "birth_date": "1995-06-21"}, "migrant_smuggling")],
            [("synthetic_drugs", 4.1), ("documents", 6.0)],
        ),
        (
            "xk.spoc",
            "XK",
            420,
            2100,
            900,
            [({"names": ["Arianit Berisha"], "birth_date": "1990-11-02"}, "drugs_trafficking")],
            [("cannabis", 95.0)],
        ),
    ):
        actor = _actor(session, username)
        case = cases.create_case(
            session,
            actor,
            title=f"JAD Western Balkans — {country} results",
            crime_areas=["migrant_smuggling", "drugs_trafficking"],
        )
        common: dict[str, Any] = {"operation_id": op.id, "case_id": case.id, "occurred_on": day, "country": country}
        service.report_result(
            session, actor, kind="deployment", crime_area="migrant_smuggling", quantity=deployed, **common
        )
        service.report_result(
            session, actor, kind="check", category="persons", crime_area="migrant_smuggling", quantity=persons, **common
        )
        service.report_result(
            session,
            actor,
            kind="check",
            category="vehicles",
            crime_area="migrant_smuggling",
            quantity=vehicles,
            **common,
        )
        service.report_result(
            session, actor, kind="investigation", crime_area="drugs_trafficking", quantity=2, **common
        )
        for person, area in arrests:
            service.report_result(
                session,
                actor,
                kind="arrest",
                crime_area=area,
                person=person,
                grounds="Caught in the act during the action day",
                **common,
            )
        for category, qty in seizures:
            service.report_result(
                session,
                actor,
                kind="seizure",
                category=category,
                crime_area="drugs_trafficking",
                quantity=qty,
                **common,
            )
    _migration(session, op.id, day)
    _terrorism(session, day)


def _migration(session: Session, operation_id: int, day: object) -> None:
    admin = _actor(session, "me.supervisor")
    for a, b, hours in READMISSION_DEMO_HOURS:
        service.set_readmission_rule(
            session,
            admin,
            from_country=a,
            to_country=b,
            deadline_hours=hours,
            reference="Demo value: set from the bilateral readmission agreement",
        )
    border = _actor(session, "rs.border")
    case = cases.create_case(
        session, border, title="JAD: apprehended groups at the MK border", crime_areas=["migrant_smuggling"]
    )
    at = datetime.combine(day, time(3, 40), utcnow().tzinfo)  # type: ignore[arg-type]
    incident = service.report_incident(
        session,
        border,
        kind="apprehension",
        occurred_at=at,
        operation_id=operation_id,
        case_id=case.id,
        place="Near Preševo",
        border_section="RS–MK green border",
        group_size=17,
        nationalities=["AF", "PK", "SY"],
        route="GR → MK → RS → HU",
        false_documents=2,
        facilitators=[{"names": ["Goran Petrovski"], "birth_date": "1984-03-14"}],
        vehicle={"plate": "SK 1234 AB", "plate_country": "MK", "make": "Mercedes Sprinter"},
    )
    service.request_readmission(session, border, incident.id, to_country="MK", persons=17)
    service.report_incident(
        session,
        border,
        kind="refusal_of_entry",
        occurred_at=at + timedelta(hours=5),
        operation_id=operation_id,
        case_id=case.id,
        place="Preševo crossing",
        border_section="RS–MK green border",
        group_size=3,
        nationalities=["TR"],
    )
    service.report_incident(
        session,
        border,
        kind="asylum_application",
        occurred_at=at + timedelta(hours=7),
        operation_id=operation_id,
        case_id=case.id,
        place="Preševo crossing",
        border_section="RS–MK green border",
        group_size=2,
        nationalities=["SY"],
    )
    pcc = _actor(session, "ba.pcc")
    case2 = cases.create_case(
        session, pcc, title="JAD: apprehended group near Trebinje", crime_areas=["migrant_smuggling"]
    )
    service.report_incident(
        session,
        pcc,
        kind="apprehension",
        occurred_at=at + timedelta(hours=2),
        case_id=case2.id,
        operation_id=operation_id,
        place="Near Trebinje",
        border_section="BA–ME Trebinje",
        group_size=9,
        nationalities=["MA", "DZ"],
        route="AL → ME → BA",
        false_documents=1,
        facilitators=[{"names": ["Goran Petrovski"], "birth_date": "1984-03-14"}],
    )


def _terrorism(session: Session, day: object) -> None:
    """A TE-SAT contribution: one foiled attack, an arrest and a court decision (H2: Serbia's own)."""
    actor = _actor(session, "rs.spoc")
    case = cases.create_case(
        session, actor, title="Foiled attack plan (TE-SAT)", crime_areas=["terrorism"], handling_code="H2"
    )
    common: dict[str, Any] = {"case_id": case.id, "occurred_on": day, "crime_area": "terrorism", "handling_code": "H2"}
    service.report_result(session, actor, kind="offence", **common)
    service.report_result(session, actor, kind="attack", category="foiled", **common)
    service.report_result(
        session,
        actor,
        kind="arrest",
        affiliation="jihadist",
        person={"names": ["Amer Hadžić"], "birth_date": "1998-02-17"},
        **common,
    )
    service.report_result(session, actor, kind="court_decision", **common)
