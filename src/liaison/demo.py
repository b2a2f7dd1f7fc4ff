"""A realistic Western Balkan demo: the six SPOCs, the Trebinje PCC, specialised units and partners,
officers with every role, and about ten cases modelled on the kinds of operations in public reporting.

Names of people are invented. Seeding twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.models import User
from liaison.accounts.service import Actor, create_user
from liaison.agencies.models import Agency, ContactPoint
from liaison.agencies.service import by_code, create_agency
from liaison.cases import service as cases
from liaison.core.audit import AuditContext
from liaison.core.i18n import N_, Label
from liaison.core.migrate import ensure_reference
from liaison.core.registry import installed
from liaison.core.security import hash_password
from liaison.core.timeutil import utcnow
from liaison.entities import service as entities
from liaison.frontline.demo import desk_tries

PASSWORD = "Liaison-demo-2026!"

AGENCIES: tuple[tuple[str, str, str, str, bool, list[str]], ...] = (
    (
        "ME-SPOC",
        "Police Directorate — International Police Cooperation (SPOC)",
        "ME",
        "police",
        True,
        ["siena", "i24_7", "liaison_officer"],
    ),
    ("ME-POL-DRUGS", "Police Directorate — Organised Crime Sector, Drug Unit", "ME", "police", False, ["siena"]),
    ("ME-BORDER", "Police Directorate — Border Police", "ME", "border_police", False, ["pcc"]),
    ("ME-CUSTOMS", "Customs Administration of Montenegro", "ME", "customs", False, ["liaison_officer"]),
    ("ME-PROS", "Special State Prosecutor's Office", "ME", "prosecution", False, []),
    ("ME-ENV", "Environmental Protection Agency — Inspection", "ME", "environment", False, []),
    (
        "MK-SPOC",
        "Ministry of Interior — Sector for International Police Cooperation (SPOC)",
        "MK",
        "police",
        True,
        ["siena", "i24_7"],
    ),
    (
        "MK-POL-OC",
        "Ministry of Interior — Department for Organised and Serious Crime",
        "MK",
        "police",
        False,
        ["siena"],
    ),
    ("MK-CUSTOMS", "Customs Administration of North Macedonia", "MK", "customs", False, []),
    ("MK-ENV", "State Environmental Inspectorate", "MK", "environment", False, []),
    ("AL-SPOC", "State Police — International Police Cooperation (SPOC)", "AL", "police", True, ["siena", "i24_7"]),
    ("AL-POL-OC", "State Police — Directorate against Organised Crime", "AL", "police", False, ["siena"]),
    ("AL-CUSTOMS", "General Directorate of Customs", "AL", "customs", False, []),
    ("AL-PROS", "Special Prosecution Office against Corruption and Organised Crime", "AL", "prosecution", False, []),
    (
        "RS-SPOC",
        "Ministry of Interior — Service for International Operational Police Cooperation (SPOC)",
        "RS",
        "police",
        True,
        ["siena", "i24_7", "liaison_officer"],
    ),
    (
        "RS-POL-OC",
        "Criminal Police Directorate — Service for Combating Organised Crime",
        "RS",
        "police",
        False,
        ["siena"],
    ),
    ("RS-BORDER", "Border Police Administration", "RS", "border_police", False, ["pcc"]),
    ("RS-CUSTOMS", "Customs Administration of Serbia", "RS", "customs", False, []),
    ("RS-ENV", "Ministry of Environmental Protection — Inspection", "RS", "environment", False, []),
    (
        "BA-SPOC",
        "Directorate for Coordination of Police Bodies — International Cooperation (SPOC)",
        "BA",
        "police",
        True,
        ["siena", "i24_7"],
    ),
    ("BA-BORDER", "Border Police of Bosnia and Herzegovina", "BA", "border_police", False, ["pcc"]),
    ("BA-PCC-TREBINJE", "Joint Police Cooperation Centre Trebinje (BA–ME–RS)", "BA", "pcc", False, ["pcc"]),
    (
        "XK-SPOC",
        "Kosovo Police — International Law Enforcement Cooperation Unit (SPOC)",
        "XK",
        "police",
        True,
        ["liaison_officer"],
    ),
    ("XK-CUSTOMS", "Kosovo Customs", "XK", "customs", False, []),
    (
        "IT-SCIP",
        "Servizio per la Cooperazione Internazionale di Polizia",
        "IT",
        "police",
        True,
        ["siena", "i24_7", "sirene"],
    ),
    ("DE-BKA", "Bundeskriminalamt", "DE", "police", True, ["siena", "i24_7", "sirene"]),
    ("AT-BK", "Bundeskriminalamt Österreich", "AT", "police", True, ["siena", "i24_7", "sirene"]),
    ("FR-INTERPOL", "INTERPOL General Secretariat (Lyon)", "FR", "interpol_ncb", False, ["i24_7"]),
    ("NL-EUROPOL", "Europol — Western Balkans liaison desk (The Hague)", "NL", "europol_liaison", False, ["siena"]),
    ("RO-SELEC", "SELEC — Southeast European Law Enforcement Center (Bucharest)", "RO", "selec", False, []),
)

USERS: tuple[tuple[str, str, str, str, Label], ...] = (
    ("me.drugs", "Milica Vukčević", "ME-POL-DRUGS", "officer", N_("open a case, send an urgent request to MK")),
    ("mk.duty", "Aleksandar Stojanovski", "MK-SPOC", "officer", N_("SPOC duty officer: inbox, assign, reply")),
    ("mk.colleague", "Elena Petrovska", "MK-SPOC", "officer", N_("colleague to assign requests to")),
    ("mk.supervisor", "Goran Trajkovski", "MK-SPOC", "supervisor", N_("escalation view of overdue requests")),
    ("al.officer", "Arben Hoxha", "AL-SPOC", "officer", N_("not a participant of the Bar case")),
    ("rs.spoc", "Nikola Jovanović", "RS-SPOC", "officer", N_("receives forwards (with permission)")),
    ("ba.pcc", "Amir Hodžić", "BA-PCC-TREBINJE", "frontline", N_("PCC Trebinje desk: frontline checks")),
    ("rs.border", "Dejan Marković", "RS-BORDER", "frontline", N_("crossing point Batrovci: frontline checks")),
    ("xk.spoc", "Blerina Krasniqi", "XK-SPOC", "officer", N_("Kosovo SPOC")),
    ("de.bka", "Stefan Huber", "DE-BKA", "officer", N_("partner: call-centre fraud")),
    ("it.scip", "Giulia Romano", "IT-SCIP", "officer", N_("partner: money laundering")),
    ("me.supervisor", "Dragan Perović", "ME-SPOC", "supervisor", N_("reviews due, escalations; frontline desk")),
    ("me.analyst", "Ivana Bulatović", "ME-SPOC", "analyst", N_("analysis")),
    ("dpo", "Jelena Radović", "ME-SPOC", "dpo_national", N_("audit page: who consulted what (all ME agencies)")),
    ("admin", "System Administrator", "ME-SPOC", "admin", N_("agencies and users (needs the one-time code)")),
)

#: Roles held besides the primary one: a supervisor who also staffs the frontline desk.
EXTRA_ROLES: dict[str, tuple[str, ...]] = {"me.supervisor": ("frontline",)}

CONTACTS: tuple[tuple[str, str, str, list[str], list[str], bool], ...] = (
    (
        "ME-SPOC",
        "SPOC duty desk",
        "24/7 duty officer",
        ["drugs_trafficking", "high_risk_networks", "migrant_smuggling", "firearms_trafficking"],
        ["cnr", "sr", "en"],
        True,
    ),
    (
        "ME-POL-DRUGS",
        "Milica Vukčević",
        "Inspector, maritime drug trafficking",
        ["drugs_trafficking"],
        ["cnr", "en", "it"],
        False,
    ),
    (
        "MK-SPOC",
        "SPOC duty desk",
        "24/7 duty officer",
        ["drugs_trafficking", "migrant_smuggling", "fraud_economic_financial"],
        ["mk", "sq", "en"],
        True,
    ),
    (
        "MK-POL-OC",
        "Marjan Nikolovski",
        "Head of synthetic drugs unit",
        ["drugs_trafficking"],
        ["mk", "en", "de"],
        False,
    ),
    (
        "AL-SPOC",
        "SPOC duty desk",
        "24/7 duty officer",
        ["drugs_trafficking", "trafficking_human_beings", "high_risk_networks"],
        ["sq", "en", "it"],
        True,
    ),
    (
        "RS-SPOC",
        "SPOC duty desk",
        "24/7 duty officer",
        ["high_risk_networks", "migrant_smuggling", "firearms_trafficking"],
        ["sr", "en", "de"],
        True,
    ),
    (
        "RS-BORDER",
        "Vladimir Živković",
        "Migrant smuggling coordinator",
        ["migrant_smuggling", "document_fraud"],
        ["sr", "en", "hu"],
        False,
    ),
    (
        "BA-SPOC",
        "SPOC duty desk",
        "24/7 duty officer",
        ["firearms_trafficking", "terrorism", "high_risk_networks"],
        ["bs", "hr", "sr", "en"],
        True,
    ),
    (
        "BA-PCC-TREBINJE",
        "PCC Trebinje desk",
        "Joint desk BA–ME–RS",
        ["organised_property_crime", "migrant_smuggling", "document_fraud"],
        ["bs", "sr", "cnr"],
        True,
    ),
    (
        "XK-SPOC",
        "SPOC duty desk",
        "24/7 duty officer",
        ["fraud_economic_financial", "trafficking_human_beings"],
        ["sq", "sr", "en"],
        True,
    ),
    (
        "DE-BKA",
        "Stefan Huber",
        "Liaison for the Western Balkans",
        ["fraud_economic_financial", "criminal_finances"],
        ["de", "en"],
        False,
    ),
    ("IT-SCIP", "Giulia Romano", "Desk Balkans", ["criminal_finances", "drugs_trafficking"], ["it", "en", "sq"], True),
    ("ME-ENV", "Vesna Đukanović", "Environmental inspector", ["environmental_crime"], ["cnr", "en"], False),
    ("RS-CUSTOMS", "Zoran Ilić", "Green customs focal point", ["environmental_crime"], ["sr", "en"], False),
)


@dataclass
class Logins:
    password: str
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    admin_totp_secret: str | None = None
    #: What to type at the frontline desk (as ba.pcc) and the verdict it gives: (field, value, verdict).
    desk_tries: list[tuple[str, str, str]] = field(default_factory=list)


def _logins(session: Session) -> Logins:
    logins = Logins(password=PASSWORD)
    for username, _name, agency, role, hint in USERS:
        roles = " + ".join((role, *EXTRA_ROLES.get(username, ())))
        logins.rows.append((username, agency, roles, str(hint)))  # the hint in the CLI's language
    admin = session.execute(select(User).where(User.username == "admin")).scalar_one_or_none()
    logins.admin_totp_secret = admin.totp_secret if admin else None
    logins.desk_tries = desk_tries()
    return logins


def _actor(session: Session, username: str) -> Actor:
    user = session.execute(select(User).where(User.username == username)).scalar_one()
    return Actor(user=user, ip="demo")


def _agency(session: Session, code: str) -> Agency:
    agency = by_code(session, code)
    assert agency is not None, code
    return agency


def seed(session: Session) -> Logins:
    ensure_reference(session)
    if by_code(session, "ME-SPOC") is not None:
        return _logins(session)
    ctx = AuditContext.system("demo")
    for code, name, country, kind, spoc, channels in AGENCIES:
        create_agency(
            session,
            ctx,
            code=code,
            name=name,
            country_code=country,
            kind=kind,
            is_spoc=spoc,
            channels=channels,
            retention_days=1095 if kind != "pcc" else 730,
        )
    shared_hash = hash_password(PASSWORD)  # one argon2 hash for the shared demo password: seeding stays fast
    for username, name, agency, role, _hint in USERS:
        create_user(
            session,
            username=username,
            full_name=name,
            agency_code=agency,
            role=role,
            password=PASSWORD,
            ctx=ctx,
            password_hash=shared_hash,
            extra_roles=EXTRA_ROLES.get(username, ()),
        )
    for code, name, function, areas, langs, h24 in CONTACTS:
        session.add(
            ContactPoint(
                agency_id=_agency(session, code).id,
                name=name,
                function=function,
                crime_areas=areas,
                languages=langs,
                phone="+000 000 000",
                email=f"{code.lower()}@example.invalid",
                available_24_7=h24,
            )
        )
    session.flush()
    _seed_cases(session)
    # The other capabilities' demo data (watchlists, the NEST), imported only now: the app never loads them.
    for step in installed().demo_steps:
        step.load()(session, password=PASSWORD)
    return _logins(session)


def _request(
    session: Session,
    actor: Actor,
    case_id: int,
    to: str,
    subject: str,
    body: str,
    *,
    purpose: str,
    priority: str = "normal",
    access: str = "indirect",
    basis: str = "EU-2023-977",
    handling: str | None = None,
    evaluation: str = "B2",
    ago: timedelta = timedelta(0),
    channel: str = "siena",
    language: str = "en",
) -> int:
    msg = cases.send_message(
        session,
        actor,
        case_id,
        cases.NewMessage(
            kind="request",
            recipient_agency_id=_agency(session, to).id,
            subject=subject,
            body=body,
            priority=priority,
            data_access=access,
            legal_basis_code=basis,
            channel=channel,
            handling_code=handling,
            evaluation=evaluation,
            purpose=purpose,
            language=language,
            received_at=utcnow() - ago,
        ),
    )
    return msg.id


def _answer(
    session: Session,
    actor: Actor,
    case_id: int,
    request_id: int,
    body: str,
    *,
    kind: str = "reply",
    delay_reason: str = "",
) -> None:
    cases.send_message(
        session,
        actor,
        case_id,
        cases.NewMessage(
            kind=kind,
            subject="Re: information requested",
            body=body,
            in_reply_to_id=request_id,
            evaluation="B2",
            delay_reason=delay_reason,
        ),
    )


def _seed_cases(session: Session) -> None:
    me, mk, rs, al = (_actor(session, u) for u in ("me.drugs", "mk.duty", "rs.spoc", "al.officer"))
    de, it, xk, pcc = (_actor(session, u) for u in ("de.bka", "it.scip", "xk.spoc", "ba.pcc"))

    bar = cases.create_case(
        session,
        me,
        title="Cocaine shipments through the port of Bar",
        crime_areas=["drugs_trafficking"],
        handling_code="H2",
        description="Containers of bananas from Ecuador transhipped at Bar; consignee a Skopje trading company.",
    )
    bar_req = _request(
        session,
        me,
        bar.id,
        "MK-SPOC",
        "Consignee company and its directors — urgent",
        "Request registry data and police records on the Skopje company named as consignee of container MSKU 123456-7.",
        purpose="Identify the organisers of a cocaine shipment seized at Bar on arrival.",
        priority="urgent",
        access="direct",
        handling="H2",
        ago=timedelta(minutes=40),
    )

    route = cases.create_case(
        session,
        rs,
        title="Migrant smuggling route Preševo – Subotica",
        crime_areas=["migrant_smuggling", "document_fraud"],
    )
    _request(
        session,
        rs,
        route.id,
        "MK-SPOC",
        "Drivers stopped at Tabanovce — identities",
        "Vehicle SK-4821-AB with 14 migrants; driver used a forged Bulgarian ID card.",
        purpose="Link the driver to the network under investigation in Belgrade.",
        priority="urgent",
        access="indirect",
        ago=timedelta(hours=7, minutes=10),
    )

    fraud = cases.create_case(
        session,
        de,
        title="Call centre defrauding German pensioners",
        crime_areas=["fraud_economic_financial", "criminal_finances"],
    )
    _request(
        session,
        de,
        fraud.id,
        "XK-SPOC",
        "Subscribers of numbers used in 'grandchild trick' calls",
        "Calls to 212 pensioners in Bavaria from VoIP numbers routed through Pristina.",
        purpose="Identify the call-centre operators.",
        priority="urgent",
        access="indirect",
        ago=timedelta(days=4),
    )
    done = _request(
        session,
        de,
        fraud.id,
        "MK-SPOC",
        "Money couriers crossing at Blace",
        "Two couriers carried EUR 180,000 in cash; request border crossing records.",
        purpose="Follow the proceeds of the fraud.",
        ago=timedelta(days=2),
    )
    # The same man reaches two countries spelled two ways: the engine links the cases (a hit).
    entities.add_entity(
        session,
        me,
        bar.id,
        {
            "type": "person",
            "names": ["Драган Петровић"],
            "birth_date": "1979-04-12",
            "nationality": "RS",
            "sex": "M",
            "data_subject_category": "suspect",
        },
        message_id=bar_req,
    )
    entities.add_entity(session, me, bar.id, {"type": "phone", "number": "+389 70 123 456"}, message_id=bar_req)
    entities.add_entity(
        session,
        de,
        fraud.id,
        {
            "type": "person",
            "names": ["PETROWITSCH<<DRAGAN"],
            "birth_date": "1979-04-12",
            "sex": "M",
            "data_subject_category": "suspect",
        },
        message_id=done,
    )
    entities.add_entity(session, de, fraud.id, {"type": "phone", "number": "0038970123456"}, message_id=done)
    _answer(session, mk, fraud.id, done, "Crossing records attached: 11 crossings between March and June.")

    cannabis = cases.create_case(
        session,
        al,
        title="Cannabis cultivation and export via Durrës",
        crime_areas=["drugs_trafficking", "high_risk_networks"],
    )
    req = _request(
        session,
        al,
        cannabis.id,
        "IT-SCIP",
        "Buyers in Apulia",
        "Speedboats landing near Otranto.",
        purpose="Identify the buyers of the cannabis.",
        ago=timedelta(days=5),
        language="it",
    )
    _answer(session, it, cannabis.id, req, "Three buyers identified; names sent through the liaison officer.")

    guns = cases.create_case(
        session,
        _actor(session, "ba.pcc"),
        title="Firearms from former conflict stocks to the EU",
        crime_areas=["firearms_trafficking"],
        handling_code="H1",
    )
    _request(
        session,
        pcc,
        guns.id,
        "RS-SPOC",
        "Serial numbers of seized Zastava M70 rifles",
        "Six rifles found in a car at Klobuk; serials partly ground off.",
        purpose="Trace the origin of the rifles.",
        ago=timedelta(days=1),
    )

    cars = cases.create_case(
        session, pcc, title="Stolen vehicles crossing at Klobuk", crime_areas=["organised_property_crime"]
    )
    _request(
        session,
        pcc,
        cars.id,
        "RS-SPOC",
        "Vehicles re-registered in Novi Pazar",
        "Four SUVs stolen in Germany re-registered with forged papers.",
        purpose="Recover the vehicles.",
        ago=timedelta(days=9),
    )

    lab = cases.create_case(
        session, mk, title="Synthetic drugs laboratory near Kumanovo", crime_areas=["drugs_trafficking"]
    )
    late = _request(
        session,
        mk,
        lab.id,
        "RS-SPOC",
        "Precursor purchases by a Niš company",
        "Purchases of BMK precursors in 2025.",
        purpose="Prove the supply of the laboratory.",
        ago=timedelta(days=10),
    )
    _answer(
        session,
        rs,
        lab.id,
        late,
        "Purchase records of the company for 2025 enclosed.",
        delay_reason="Records had to be obtained from the Customs Administration.",
    )

    # README story 4: an answer North Macedonia has waited two days past its deadline for, on mk.supervisor's
    # Escalations page (an outgoing request: a new urgent request still tops mk.duty's inbox, story 2).
    _request(
        session,
        mk,
        lab.id,
        "AL-SPOC",
        "Transport of precursors through Kakavija",
        "Two lorries of the Niš company crossed into Albania in May; request the declared consignees.",
        purpose="Find the other customers of the precursor supplier.",
        ago=timedelta(days=9),
    )

    money = cases.create_case(
        session,
        it,
        title="Money laundering through real estate on the Montenegrin coast",
        crime_areas=["criminal_finances"],
    )
    ask = _request(
        session,
        it,
        money.id,
        "ME-SPOC",
        "Owners of flats bought in cash in Budva",
        "Twelve flats bought in cash between 2022 and 2024.",
        purpose="Trace laundered proceeds.",
        ago=timedelta(days=1),
    )
    me_spoc = _actor(session, "me.supervisor")
    cases.send_message(
        session,
        me_spoc,
        money.id,
        cases.NewMessage(
            kind="clarification_request",
            subject="Which buyers?",
            body="Please send the buyers' names or the flats' cadastral numbers.",
            in_reply_to_id=ask,
        ),
    )

    thb = cases.create_case(
        session,
        xk,
        title="Trafficking in human beings: Kosovo – Albania – Italy",
        crime_areas=["trafficking_human_beings"],
        handling_code="H2",
    )
    thb_req = _request(
        session,
        xk,
        thb.id,
        "AL-SPOC",
        "Hotel in Shëngjin used by the network",
        "Victims housed before crossing.",
        purpose="Identify the hotel's operators.",
        ago=timedelta(hours=20),
    )
    entities.add_entity(
        session,
        xk,
        thb.id,
        {
            "type": "person",
            "names": ["Agron Krasniqi"],
            "birth_date": "1988-07-03",
            "nationality": "XK",
            "data_subject_category": "suspect",
        },
        message_id=thb_req,
    )
    entities.add_entity(
        session,
        rs,
        route.id,
        {
            "type": "person",
            "names": ["Агрон Краснићи"],
            "birth_date": "1988-03-07",
            "nationality": "RS",
            "data_subject_category": "suspect",
        },
    )

    old = cases.create_case(
        session, me, title="Heroin courier on the Bar–Belgrade railway (closed)", crime_areas=["drugs_trafficking"]
    )
    old.status = "closed"
    old.created_at = utcnow() - timedelta(days=1200)
    old.review_date = (utcnow() - timedelta(days=5)).date()
    session.flush()
