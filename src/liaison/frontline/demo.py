"""Demo watchlists: stolen and lost documents of the region, stolen vehicles from DE/IT/AT, a few
wanted and missing persons, so that the desk page shows hits. Names, numbers and plates are invented.

Loaded through the importer (the same path real lists take) when the demo is seeded; seeding twice
updates the same record ids and adds nothing.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from liaison.core.audit import AuditContext
from liaison.entities.identifiers.mrz import check_digit
from liaison.entities.identifiers.vin import check_digit as vin_check_digit
from liaison.frontline.importer import CSV_COLUMNS, import_watchlist

#: Wanted and missing persons: name (as the owner recorded it), birth date, nationality, category, action.
PERSONS = (
    ("RS-SPOC", "Dragan Petrović", "1979-03-14", "RS", "wanted_person", "arrest"),
    ("RS-SPOC", "Небојша Стојановић", "1983-10-05", "RS", "wanted_person", "arrest"),
    ("RS-SPOC", "Miloš Đorđević", "1990-01-22", "RS", "wanted_person", "discreet_check"),
    ("AL-SPOC", "Ardian Krasniqi", "1985-11-02", "AL", "wanted_person", "arrest"),
    ("AL-SPOC", "Gentian Hoxha", "1988-06-30", "AL", "wanted_person", "refuse_entry"),
    ("XK-SPOC", "Besnik Gashi", "1981-02-17", "XK", "wanted_person", "discreet_check"),
    ("MK-SPOC", "Зоран Трајковски", "1982-07-21", "MK", "wanted_person", "locate"),
    ("MK-SPOC", "Ѓорѓи Ќосевски", "1975-12-01", "MK", "wanted_person", "arrest"),
    ("ME-SPOC", "Vuk Vujošević", "1992-04-11", "ME", "wanted_person", "arrest"),
    ("BA-SPOC", "Emir Hadžić", "1987-09-09", "BA", "wanted_person", "locate"),
    ("AL-SPOC", "Elira Hoxha", "2008-04-09", "AL", "missing_person", "locate"),
    ("RS-SPOC", "Jovana Nikolić", "2007-08-25", "RS", "missing_person", "locate"),
)

#: A stolen Serbian passport, in the name of the wanted Dragan Petrović: the desk page's showcase hit.
DEMO_DOCUMENT = ("RS", "008123456")
#: A stolen Serbian passport listed under handling code H2: a desk of another agency learns only that it
#: hits, whose it is and whom to call (the disclosure rule of online checks and replicas alike).
RESTRICTED_DOCUMENT = ("RS", "008654321")
SURNAMES = (
    "Petrović",
    "Jovanović",
    "Nikolić",
    "Marković",
    "Ilić",
    "Stojanović",
    "Hoxha",
    "Krasniqi",
    "Berisha",
    "Gashi",
    "Trajkovski",
    "Stojanovski",
    "Nikolovski",
    "Popović",
    "Vujošević",
    "Hadžić",
    "Kovačević",
)
GIVEN = (
    "Marko",
    "Nikola",
    "Stefan",
    "Ana",
    "Jelena",
    "Arben",
    "Blerina",
    "Goran",
    "Elena",
    "Amir",
    "Milica",
    "Luka",
    "Dritan",
    "Ivana",
    "Aleksandar",
)
MAKES = (
    ("Volkswagen", "Golf", "WVW"),
    ("BMW", "X5", "WBA"),
    ("Audi", "A6", "WAU"),
    ("Mercedes-Benz", "E 220", "WDD"),
    ("Fiat", "500", "ZFA"),
    ("Alfa Romeo", "Giulia", "ZAR"),
    ("Škoda", "Octavia", "TMB"),
)
CONTACTS = {
    "RS-SPOC": "SPOC Belgrade duty desk +381 11 000 0000",
    "MK-SPOC": "SPOC Skopje duty desk +389 2 000 0000",
    "AL-SPOC": "SPOC Tirana duty desk +355 4 000 0000",
    "ME-SPOC": "SPOC Podgorica duty desk +382 20 000 000",
    "BA-SPOC": "SPOC Sarajevo duty desk +387 33 000 000",
    "XK-SPOC": "ILECU Pristina duty desk +383 38 000 000",
    "DE-BKA": "BKA SIRENE/Fahndung +49 611 000 0000",
    "IT-SCIP": "SCIP Roma sala operativa +39 06 0000 0000",
    "AT-BK": "BK Wien Fahndung +43 1 000 0000",
}


def td3_mrz(surname: str, given: str, number: str, born: str, expires: str, state: str = "SRB") -> str:
    """A passport MRZ (TD3) with correct check digits; dates as YYMMDD."""
    l1 = f"P<{state}{surname}<<{given}".ljust(44, "<")
    body = f"{number}{check_digit(number)}{state}{born}{check_digit(born)}M{expires}{check_digit(expires)}"
    personal = "<" * 14
    body += personal + check_digit(personal)
    composite = body[0:10] + body[13:20] + body[21:43]
    return l1 + "\n" + body + check_digit(composite)


def demo_mrz() -> str:
    """TD3 MRZ of the stolen passport ``DEMO_DOCUMENT`` (Dragan Petrović, born 14 March 1979)."""
    return td3_mrz("PETROVIC", "DRAGAN", DEMO_DOCUMENT[1], "790314", "310101")


def expired_mrz() -> str:
    """TD3 MRZ of a passport nobody lists, correct in every check digit but expired on 1 January 2020:
    the desk answers CHECK DOCUMENT, not CLEAR."""
    return td3_mrz("MARKOVIC", "MARKO", "007700770", "850615", "200101")


def desk_tries() -> list[tuple[str, str, str]]:
    """What to type at the frontline desk in the demo, and the verdict it gives (printed by ``liaison demo``)."""
    return [
        ("MRZ (paste both lines)", demo_mrz().replace("\n", " "), "HIT — ARREST (wanted man, stolen passport)"),
        ("Plate + country", "M-LX 4711 / DE", "HIT — SEIZE THE OBJECT (stolen BMW X5)"),
        ("Name + birth date", "Драган Петровић / 1979-03-14", "HIT — ARREST (any script or spelling)"),
        ("MRZ (paste both lines)", expired_mrz().replace("\n", " "), "CHECK DOCUMENT (expired 2020-01-01)"),
        ("Document + country", "X1234567 / ME", "CLEAR"),
    ]


def _vin(rng: random.Random, wmi: str) -> str:
    alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    vin = wmi + "".join(rng.choice(alphabet) for _ in range(5)) + "0" + "".join(rng.choice(alphabet) for _ in range(8))
    return vin[:8] + vin_check_digit(vin) + vin[9:]


def _rows() -> dict[tuple[str, str], list[dict[str, Any]]]:
    rng = random.Random(2026)
    today = date.today()
    lists: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def add(list_name: str, owner: str, **row: Any) -> None:
        row.setdefault("contact_point", CONTACTS[owner])
        row.setdefault("valid_from", (today - timedelta(days=rng.randint(10, 900))).isoformat())
        lists.setdefault((list_name, owner), []).append(row)

    fmt = {
        "RS": lambda: f"{rng.randint(0, 99999999):09d}",
        "MK": lambda: f"A{rng.randint(1000000, 9999999)}",
        "AL": lambda: f"B{rng.choice('ABCDEFGHIJ')}{rng.randint(1000000, 9999999)}",
        "ME": lambda: f"{rng.randint(10000000, 99999999)}",
        "BA": lambda: f"{rng.randint(100000000, 999999999)}",
        "XK": lambda: f"P{rng.randint(10000000, 99999999)}",
    }
    for cc, count in (("RS", 80), ("MK", 45), ("AL", 45), ("ME", 30), ("BA", 30), ("XK", 30)):
        owner = f"{cc}-SPOC"
        for i in range(count):
            add(
                f"{cc.lower()}-sltd",
                owner,
                record_id=f"{cc}-SLTD-{i + 1:05d}",
                category=rng.choice(("stolen_document", "lost_document", "stolen_document")),
                document_number=fmt[cc](),
                document_country=cc,
                document_type=rng.choice(("passport", "id_card")),
                reference=f"{cc}/DOC/{2024 + i % 3}/{i + 100}",
                expires_on=(today + timedelta(days=rng.randint(200, 3000))).isoformat(),
            )
    add(
        "rs-sltd",
        "RS-SPOC",
        record_id="RS-SLTD-DEMO",
        category="stolen_document",
        document_number=DEMO_DOCUMENT[1],
        document_country="RS",
        document_type="passport",
        reference="RS/DOC/2026/0001",
    )
    letters = "ABCDEFGHKLMN"

    def de() -> str:
        district = rng.choice(("M", "B", "F", "S", "HH"))
        return f"{district}-{rng.choice(letters)}{rng.choice(letters)} {rng.randint(10, 9999)}"

    def it() -> str:
        pair = rng.choice(letters) + rng.choice(letters)
        return f"{rng.choice('ABCDEFG')}{rng.choice(letters)}{rng.randint(100, 999)}{pair}"

    def at() -> str:
        return f"{rng.choice(('W', 'G', 'L', 'S', 'I'))} {rng.randint(10000, 99999)} {rng.choice(letters)}"

    plates = {"DE": de, "IT": it, "AT": at}
    owners = {"DE": "DE-BKA", "IT": "IT-SCIP", "AT": "AT-BK"}
    for cc, count in (("DE", 70), ("IT", 50), ("AT", 30)):
        for i in range(count):
            make, model, wmi = rng.choice(MAKES)
            add(
                f"{cc.lower()}-smv",
                owners[cc],
                record_id=f"{cc}-SMV-{i + 1:05d}",
                category="stolen_vehicle",
                plate=plates[cc](),
                plate_country=cc,
                vin=_vin(rng, wmi),
                description=f"{make} {model}",
                reference=f"{cc}/KFZ/{i + 1000}",
            )
    add(
        "de-smv",
        "DE-BKA",
        record_id="DE-SMV-DEMO",
        category="stolen_vehicle",
        plate="M-LX 4711",
        plate_country="DE",
        vin=_vin(rng, "WBA"),
        description="BMW X5, black",
        reference="DE/KFZ/2026/4711",
    )
    for i, (owner, name, born, nat, category, action) in enumerate(PERSONS):
        add(
            f"{owner[:2].lower()}-persons",
            owner,
            record_id=f"{owner[:2]}-P-{i + 1:04d}",
            category=category,
            name=name,
            birth_date=born,
            nationality=nat,
            action=action,
            reference=f"{owner[:2]}/W/{2025 + i % 2}/{i + 1}",
            handling_code="H1" if category == "wanted_person" else "H0",
        )
    add(
        "rs-sltd",
        "RS-SPOC",
        record_id="RS-SLTD-H2-DEMO",
        category="stolen_document",
        document_number=RESTRICTED_DOCUMENT[1],
        document_country=RESTRICTED_DOCUMENT[0],
        document_type="passport",
        reference="RS/DOC/2026/0002",
        handling_code="H2",
        valid_from=(today - timedelta(days=30)).isoformat(),
    )
    return lists


def seed_demo(session: Session, password: str = "") -> int:
    """Load the demo watchlists; returns the number of entries written."""
    ctx = AuditContext.system("demo")
    total = 0
    for (list_name, owner), rows in _rows().items():
        buffer = io.StringIO()
        buffer.write(",".join(CSV_COLUMNS) + "\n")
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
        writer.writerows(rows)
        buffer.seek(0)
        report = import_watchlist(session, ctx, buffer, list_name=list_name, owner_code=owner)
        total += report.accepted
    return total

