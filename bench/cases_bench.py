"""Benchmark of the SPOC case system at the scale of issue 2 (PostgreSQL only).

Three steps, each a sub-command (``all`` runs them in order):

``load``
    Creates a fresh database, migrates it, seeds the demo (agencies, users, ~10 cases) and bulk-loads
    100,000 cases and 1,000,000 messages with their participants by ``COPY``: a mix of requests, replies,
    clarifications, refusals, spontaneous information and notifications across the seeded agencies, with
    legal bases, priorities, handling codes H0–H3, evaluations and computed deadlines. One agency
    (``--inbox-agency``, MK-SPOC by default) holds exactly ``--open-requests`` (10,000) open requests,
    some of them overdue; every other agency holds some too.
``inbox``
    Serves the app with uvicorn (``--workers``) and times, one request after the other, the inbox page
    (``GET /inbox`` with a session cookie) and ``GET /api/v1/inbox`` (API token) of a user of that agency.
``write``
    Serves the app and drives ``POST /api/v1/cases/{id}/messages`` (new urgent/normal requests, each
    validated, stored, its recipient made a participant, the recipient notified, two audit records
    chained) from ``wrk`` in a separate process with a Lua script, for a fixed time; then checks that
    every acknowledged request is in the database and runs ``liaison audit verify``.

The bulk-loaded history carries no audit records (they would only lengthen ``audit verify``); the
demo's records and everything written during the run are chained and verified.

Run from the repository root, e.g.::

    PYTHONPATH=src python bench/cases_bench.py all --workers 2
"""

# The row builders in generate() are closures over the current case, called only within its iteration.
# ruff: noqa: B023
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg

ADMIN_URL = os.environ.get("LIAISON_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
SECRET = "bench-secret-key-not-for-production-0123456789"
SRC = Path(__file__).resolve().parent.parent / "src"

# --- realistic vocabulary -----------------------------------------------------------------------------

PLACES = [
    "Bar",
    "Durrës",
    "Kotor",
    "Vlorë",
    "Preševo",
    "Subotica",
    "Tabanovce",
    "Blace",
    "Kumanovo",
    "Trebinje",
    "Klobuk",
    "Novi Pazar",
    "Sarajevo",
    "Podgorica",
    "Skopje",
    "Tirana",
    "Pristina",
    "Belgrade",
    "Bihać",
    "Ohrid",
    "Shkodër",
    "Gevgelija",
    "Horgoš",
    "Izačić",
    "Otranto",
    "Bari",
]
THEMES: dict[str, list[str]] = {
    "drugs_trafficking": [
        "Cocaine shipments through {p}",
        "Cannabis export via {p}",
        "Heroin couriers at {p}",
        "Synthetic drugs laboratory near {p}",
    ],
    "migrant_smuggling": ["Migrant smuggling route {p} – {q}", "Safe houses for migrants in {p}"],
    "fraud_economic_financial": ["Call centre fraud run from {p}", "VAT carousel through companies in {p}"],
    "firearms_trafficking": ["Firearms from old stocks moved through {p}", "Converted pistols sold in {p}"],
    "organised_property_crime": ["Stolen vehicles crossing at {p}", "ATM attacks by a crew from {p}"],
    "trafficking_human_beings": ["Forced labour on building sites in {p}", "Sexual exploitation ring in {p}"],
    "environmental_crime": ["Illegal waste dumping near {p}", "Protected birds trapped around {p}"],
    "criminal_finances": ["Cash couriers between {p} and {q}", "Real estate laundering in {p}"],
    "document_fraud": ["Forged passports produced in {p}"],
    "high_risk_networks": ["Clan structure active in {p} and {q}"],
    "cyber_attacks": ["Ransomware affiliates operating from {p}"],
    "terrorism": ["Financing of a violent group through {p}"],
    "child_sexual_exploitation": ["Abuse material shared from {p}"],
}
AREA_WEIGHTS = {
    "drugs_trafficking": 30,
    "migrant_smuggling": 15,
    "fraud_economic_financial": 12,
    "firearms_trafficking": 8,
    "organised_property_crime": 8,
    "trafficking_human_beings": 5,
    "environmental_crime": 4,
    "criminal_finances": 8,
    "document_fraud": 4,
    "high_risk_networks": 3,
    "cyber_attacks": 1,
    "terrorism": 1,
    "child_sexual_exploitation": 1,
}
REQUEST_SUBJECTS = [
    "Registry data on company {n}",
    "Police records of suspect {n}",
    "Border crossings of vehicle {n}",
    "Subscriber of number +389 7{n}",
    "Bank accounts linked to {n}",
    "Owner of vessel {n}",
    "Identity behind forged document {n}",
    "Criminal records of driver {n}",
]
BODY = (
    "Further to our investigation we request the information held by your authorities on the person, "
    "vehicle or company named above, in particular records of border crossings, registered addresses, "
    "links to other investigations and any criminal records. Reference {n}. The information is needed "
    "to identify the organisers and to decide on further measures; it will be used only for that "
    "purpose."
)
REPLY = (
    "Information found in our records on {n}: two border crossings in the period, one registered "
    "address, no criminal record. The company has two directors; details in the attached extract."
)
PURPOSES = [
    "Identify the organisers of the network.",
    "Locate the suspect before the warrant expires.",
    "Follow the proceeds of the offence.",
    "Prevent an imminent shipment.",
    "Link the suspect to the case.",
]
CHANNEL_WEIGHTS = {"siena": 55, "i24_7": 15, "sirene": 5, "liaison_officer": 10, "pcc": 15}
HANDLING_WEIGHTS = {"H0": 50, "H1": 30, "H2": 15, "H3": 5}
LANGS = ["en", "en", "en", "en", "sr", "mk", "sq", "bs", "cnr", "de", "it"]
BASES = {"EU-2023-977": 70, "FD-2006-960": 20, "PCC-SEE": 10}
#: Western Balkan agencies send and receive most of the traffic; partners less.
AGENCY_WEIGHT_DEFAULT = 3
AGENCY_WEIGHTS = {
    "ME-SPOC": 10,
    "MK-SPOC": 10,
    "AL-SPOC": 10,
    "RS-SPOC": 10,
    "BA-SPOC": 8,
    "XK-SPOC": 8,
    "BA-PCC-TREBINJE": 6,
    "ME-POL-DRUGS": 6,
    "MK-POL-OC": 5,
    "AL-POL-OC": 5,
    "RS-POL-OC": 5,
    "IT-SCIP": 5,
    "DE-BKA": 5,
    "AT-BK": 4,
}

MESSAGE_COLUMNS = (
    "id",
    "case_id",
    "kind",
    "in_reply_to_id",
    "forwarded_from_id",
    "sender_agency_id",
    "originator_agency_id",
    "sender_user_id",
    "recipient_agency_id",
    "priority",
    "data_access",
    "legal_basis_code",
    "channel",
    "handling_code",
    "handling_note",
    "evaluation",
    "purpose",
    "language",
    "subject",
    "body",
    "received_at",
    "deadline_at",
    "status",
    "assignee_id",
    "answered_at",
    "delay_reason",
)
CASE_COLUMNS = (
    "id",
    "reference",
    "title",
    "description",
    "crime_areas",
    "status",
    "handling_code",
    "owner_agency_id",
    "created_by_id",
    "created_at",
    "updated_at",
    "review_date",
)


def log(msg: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {msg}", flush=True)


def db_url(name: str, driver: bool = True) -> str:
    base = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    return base.replace("postgresql://", "postgresql+psycopg://") if driver else base


def app_env(name: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LIAISON_DATABASE_URL=db_url(name),
        LIAISON_SECRET_KEY=SECRET,
        LIAISON_DATA_DIR=str(Path(tempfile.gettempdir()) / f"{name}-data"),
        PYTHONPATH=str(SRC) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def use_db(name: str) -> None:
    """Point the in-process app modules at the benchmark database."""
    os.environ.update({k: v for k, v in app_env(name).items() if k.startswith("LIAISON_")})
    from liaison.core.config import reset_settings
    from liaison.core.db import dispose_engines

    dispose_engines()
    reset_settings()


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# --- step 1: load -------------------------------------------------------------------------------------


@dataclass
class Seeded:
    agencies: dict[str, int]
    country: dict[int, str]
    retention: dict[int, int]
    users_by_agency: dict[int, list[int]] = field(default_factory=dict)


def create_and_seed(name: str) -> Seeded:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    use_db(name)
    from liaison.capabilities import install
    from liaison.core.db import session_scope
    from liaison.core.migrate import upgrade
    from liaison.demo import seed

    install()

    upgrade()
    with session_scope() as session:
        seed(session)
    with psycopg.connect(db_url(name, driver=False)) as conn:
        rows = conn.execute("SELECT id, code, country_code, retention_days FROM agency").fetchall()
        seeded = Seeded(
            {code: i for i, code, _c, _r in rows},
            {i: c for i, _code, c, _r in rows},
            {i: r for i, _code, _c, r in rows},
        )
        users = "SELECT id, agency_id FROM user_account WHERE role IN ('officer', 'supervisor')"
        for uid, aid in conn.execute(users):
            seeded.users_by_agency.setdefault(aid, []).append(uid)
    return seeded


def message_counts(rng: random.Random, cases: int, messages: int) -> list[int]:
    counts = [rng.randint(2, 2 * messages // cases - 2) for _ in range(cases)]
    diff = messages - sum(counts)
    while diff:
        i = rng.randrange(cases)
        step = 1 if diff > 0 else -1
        if counts[i] + step >= 1:
            counts[i] += step
            diff -= step
    return counts


Row = tuple[Any, ...]


def generate(
    seeded: Seeded,
    *,
    cases: int,
    messages: int,
    inbox_agency: str,
    open_requests: int,
    first_case_id: int,
    first_message_id: int,
    seed: int = 2026,
) -> Iterator[tuple[str, Row]]:
    """Yield ("case" | "message" | "participant", row) in foreign-key order, case by case."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    codes = list(seeded.agencies)
    weights = {c: AGENCY_WEIGHTS.get(c, AGENCY_WEIGHT_DEFAULT) for c in codes}
    target = seeded.agencies[inbox_agency]
    counts = message_counts(rng, cases, messages)
    # Cases whose last message is an open request to the measured agency.
    eligible = [i for i in range(cases) if counts[i] >= 1]
    open_to_target = set(rng.sample(eligible, open_requests))
    periods = {
        "EU-2023-977": (8 * 60, 3 * 1440, 7 * 1440),
        "FD-2006-960": (8 * 60, 7 * 1440, 14 * 1440),
        "PCC-SEE": (8 * 60, 3 * 1440, 7 * 1440),
    }
    mid = first_message_id
    for i in range(cases):
        cid = first_case_id + i
        owner_code = weighted(rng, weights)
        if i in open_to_target:
            while owner_code == inbox_agency:
                owner_code = weighted(rng, weights)
        owner = seeded.agencies[owner_code]
        area = weighted(rng, AREA_WEIGHTS)
        areas = [area] + ([weighted(rng, AREA_WEIGHTS)] if rng.random() < 0.25 else [])
        areas = list(dict.fromkeys(areas))
        p, q = rng.sample(PLACES, 2)
        title = rng.choice(THEMES[area]).format(p=p, q=q)
        handling = weighted(rng, HANDLING_WEIGHTS)
        open_final = i in open_to_target or rng.random() < 0.08
        if open_final:
            final_at = now - timedelta(minutes=rng.randint(5, 14 * 1440))
            created = final_at - timedelta(days=rng.uniform(1, 400))
        else:
            created = now - timedelta(days=rng.uniform(20, 3 * 365))
            final_at = min(created + timedelta(days=rng.uniform(1, 120)), now - timedelta(days=1))
        year = created.year
        ref = f"{seeded.country[owner]}-{year}-B{i + 1:06d}"
        users = seeded.users_by_agency.get(owner, [])
        creator = rng.choice(users) if users else None
        n = counts[i]
        times = sorted(created + (final_at - created) * rng.random() for _ in range(n - 1)) + [final_at]
        rows: list[tuple[Any, ...]] = []
        participants = {owner}
        t = 0

        def partner() -> int:
            code = weighted(rng, weights)
            while seeded.agencies[code] == owner:
                code = weighted(rng, weights)
            return seeded.agencies[code]

        def msg(
            kind: str,
            sender: int,
            recipient: int,
            at: datetime,
            *,
            reply_to: int | None = None,
            subject: str = "",
            body: str = "",
            status: str = "sent",
            basis: str | None = None,
            deadline: datetime | None = None,
            priority: str = "normal",
            access: str = "indirect",
            assignee: int | None = None,
            answered: datetime | None = None,
            purpose: str = "",
            delay: str = "",
        ) -> int:
            nonlocal mid
            h = handling if rng.random() < 0.8 else weighted(rng, HANDLING_WEIGHTS)
            sender_users = seeded.users_by_agency.get(sender, [])
            rows.append(
                (
                    mid,
                    cid,
                    kind,
                    reply_to,
                    None,
                    sender,
                    sender,  # originator: the bench writes no forwards
                    rng.choice(sender_users) if sender_users else None,
                    recipient,
                    priority,
                    access,
                    basis,
                    weighted(rng, CHANNEL_WEIGHTS),
                    h,
                    "Not to be passed to third countries." if h == "H3" else "",
                    rng.choice("ABCX") + rng.choice("1234"),
                    purpose,
                    rng.choice(LANGS),
                    subject,
                    body,
                    at,
                    deadline,
                    status,
                    assignee,
                    answered,
                    delay,
                )
            )
            participants.add(sender)
            participants.add(recipient)
            mid += 1
            return mid - 1

        def request(
            sender: int,
            recipient: int,
            at: datetime,
            status: str,
            answered_at: datetime | None = None,
            assignee: int | None = None,
        ) -> tuple[int, datetime]:
            basis = weighted(rng, BASES)
            urgent = rng.random() < 0.2
            access = "direct" if rng.random() < 0.5 else "indirect"
            minutes = periods[basis][0 if access == "direct" else 1] if urgent else periods[basis][2]
            deadline = at + timedelta(minutes=minutes)
            number = f"{rng.randint(10000, 99999)}"
            late = answered_at is not None and answered_at > deadline
            rid = msg(
                "request",
                sender,
                recipient,
                at,
                subject=rng.choice(REQUEST_SUBJECTS).format(n=number),
                body=BODY.format(n=number),
                status=status,
                basis=basis,
                deadline=deadline,
                priority="urgent" if urgent else "normal",
                access=access,
                assignee=assignee,
                answered=answered_at,
                purpose=rng.choice(PURPOSES),
            )
            if late:
                rows[-1] = rows[-1][:-1] + ("Waiting for the registry to answer.",)
            return rid, deadline

        # History: blocks of request + follow-ups, then the final message.
        while t < n - 1:
            left = n - 1 - t
            other = partner()
            sender, recipient = (owner, other) if rng.random() < 0.8 else (other, owner)
            shape = rng.choice(
                [
                    ["reply"],
                    ["reply"],
                    ["refusal"],
                    ["reply", "spontaneous"],
                    ["notification"],
                    ["clarification_request", "clarification", "reply"],
                ]
            )
            if shape == ["notification"] or left < len(shape) + 1:
                msg(
                    rng.choice(["spontaneous", "notification"]),
                    sender,
                    recipient,
                    times[t],
                    subject=f"Information on {rng.choice(PLACES)}",
                    body=REPLY.format(n=rng.randint(1000, 9999)),
                )
                t += 1
                continue
            end = times[t + len(shape)]
            status = "answered" if shape[-1] in ("reply", "spontaneous") else "refused"
            rid, _deadline = request(sender, recipient, times[t], status, answered_at=end)
            t += 1
            for kind in shape:
                if kind in ("reply", "refusal", "clarification_request"):
                    s, r = recipient, sender
                elif kind == "clarification":
                    s, r = sender, recipient
                else:
                    s, r = recipient, sender
                body = REPLY.format(n=rid) if kind != "refusal" else "Refused: disproportionate."
                msg(
                    kind,
                    s,
                    r,
                    times[t],
                    reply_to=None if kind == "spontaneous" else rid,
                    subject="Re: request",
                    body=body,
                )
                t += 1
        # The final message.
        if open_final:
            recipient = target if i in open_to_target else partner()
            while recipient == target and i not in open_to_target:  # keep the measured inbox exact
                recipient = partner()
            sender = owner
            state = rng.choices(["open", "assigned", "clarification_requested"], [60, 30, 10])[0]
            colleagues = seeded.users_by_agency.get(recipient, [])
            assignee = rng.choice(colleagues) if state == "assigned" and colleagues else None
            if state == "assigned" and assignee is None:
                state = "open"
            request(sender, recipient, times[-1], state, assignee=assignee)
        else:
            other = partner()
            msg(
                rng.choice(["spontaneous", "notification"]),
                owner,
                other,
                times[-1],
                subject="Closing information",
                body=REPLY.format(n=cid),
            )
        status = "open" if open_final or rng.random() < 0.3 else "closed"
        review = (created + timedelta(days=seeded.retention[owner])).date()
        yield (
            "case",
            (
                cid,
                ref,
                title,
                f"Investigation into {title.lower()}.",
                json.dumps(areas),
                status,
                handling,
                owner,
                creator,
                created,
                final_at,
                review,
            ),
        )
        for aid in sorted(participants):
            yield "participant", (cid, aid, "full", created)
        for row in rows:
            yield "message", row


def load(name: str, *, cases: int, messages: int, inbox_agency: str, open_requests: int) -> None:
    started = time.perf_counter()
    seeded = create_and_seed(name)
    log(f"schema and demo seed ready in {time.perf_counter() - started:.1f} s")
    t0 = time.perf_counter()
    with psycopg.connect(db_url(name, driver=False)) as conn:
        first_case = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM case_file").fetchone()[0]  # type: ignore[index]
        first_msg = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM message").fetchone()[0]  # type: ignore[index]
        # Rows are generated consistent with every foreign key; skip the per-row FK triggers while loading.
        conn.execute("SET session_replication_role = replica")
        counts = {"case": 0, "participant": 0, "message": 0}
        buffers: dict[str, list[tuple[Any, ...]]] = {"case": [], "participant": [], "message": []}
        targets = {
            "case": f"COPY case_file ({', '.join(CASE_COLUMNS)}) FROM STDIN",
            "participant": "COPY case_participant (case_id, agency_id, scope, added_at) FROM STDIN",
            "message": f"COPY message ({', '.join(MESSAGE_COLUMNS)}) FROM STDIN",
        }

        def flush() -> None:
            with conn.cursor() as cur:
                for kind in ("case", "participant", "message"):
                    if buffers[kind]:
                        with cur.copy(targets[kind]) as copy:
                            for row in buffers[kind]:
                                copy.write_row(row)
                        counts[kind] += len(buffers[kind])
                        buffers[kind].clear()
            conn.commit()

        rows = generate(
            seeded,
            cases=cases,
            messages=messages,
            inbox_agency=inbox_agency,
            open_requests=open_requests,
            first_case_id=first_case,
            first_message_id=first_msg,
        )
        for kind, row in rows:
            buffers[kind].append(row)
            if kind == "case" and len(buffers["case"]) >= 5000:
                flush()
                log(f"  {counts['case']:>7} cases, {counts['message']:>8} messages")
        flush()
        conn.execute("SET session_replication_role = DEFAULT")
        for table in ("case_file", "message", "case_participant"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
        log(f"copied {counts} in {time.perf_counter() - t0:.1f} s; vacuum analyze …")
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        inbox_id = seeded.agencies[inbox_agency]
        n_open = conn.execute(
            "SELECT count(*) FROM message WHERE recipient_agency_id = %s "
            "AND kind = 'request' "
            "AND status IN ('open', 'assigned', 'clarification_requested')",
            (inbox_id,),
        ).fetchone()
        totals = conn.execute("SELECT (SELECT count(*) FROM case_file), (SELECT count(*) FROM message)").fetchone()
    log(
        f"loaded in {time.perf_counter() - started:.1f} s: {totals[0]} cases, {totals[1]} messages, "  # type: ignore[index]
        f"{n_open[0]} open requests for {inbox_agency}"
    )  # type: ignore[index]


# --- server and measurement helpers --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(name: str, workers: int, access_log: bool = False) -> Iterator[tuple[str, int]]:
    """uvicorn serving the app on 127.0.0.1 with ``workers`` processes (what ``liaison serve`` runs)."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "liaison.web.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--timeout-worker-healthcheck",
        "60",  # a busy shared host starts workers slowly (as `liaison serve` allows)
        "--log-level",
        "warning",
    ]
    if not access_log:
        cmd.append("--no-access-log")
    proc = subprocess.Popen(cmd, env=app_env(name), start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        time.sleep(1.0 * workers)  # let every worker finish importing
        yield base, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def cpu_ticks(pids: list[int]) -> dict[int, int]:
    """User + system CPU time of these processes so far, in clock ticks (Linux /proc)."""
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])
    return ticks


def cpu_seconds_between(before: dict[int, int], after: dict[int, int]) -> float:
    """CPU seconds used in between by the processes alive at the end; one that started in between
    counts from zero. (Processes that ended in between are missed.)"""
    used = sum(max(0, ticks - before.get(pid, 0)) for pid, ticks in after.items())
    return used / os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            children = task / "children"
            if children.exists():
                todo += [int(c) for c in children.read_text().split()]
    return out


def postgres_pids(name: str) -> list[int]:
    """The PostgreSQL backends serving this database (other databases on the server are not ours)."""
    with psycopg.connect(db_url(name, driver=False)) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,)
        ).fetchall()
    return [int(r[0]) for r in rows]


def api_token(name: str, username: str) -> str:
    use_db(name)
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.accounts.service import issue_api_token
    from liaison.core.db import session_scope

    with session_scope() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        return issue_api_token(s, user, "bench")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {
        "n": len(ms),
        "p50": round(statistics.median(ms), 1),
        "p95": round(pct(ms, 95), 1),
        "p99": round(pct(ms, 99), 1),
        "max": round(max(ms), 1),
    }


# --- step 2: inbox -----------------------------------------------------------------------------------


def bench_inbox(name: str, *, workers: int, requests: int, username: str) -> dict[str, Any]:
    from liaison.demo import PASSWORD

    token = api_token(name, username)
    results: dict[str, Any] = {}
    with server(name, workers) as (base, _pid):
        web = httpx.Client(base_url=base, timeout=30)
        form = re.search(r'name="csrf_token" value="([0-9a-f]+)"', web.get("/login").text)
        assert form, "no CSRF token on the login form"
        r = web.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf_token": form.group(1)},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        api = httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {token}"})
        targets = {
            "GET /inbox (HTML page, session cookie)": (web, "/inbox"),
            "GET /api/v1/inbox (JSON, API token)": (api, "/api/v1/inbox"),
        }
        for label, (client, path) in targets.items():
            for _ in range(20):  # warm-up: connections, caches, every worker
                client.get(path)
            times: list[float] = []
            for _ in range(requests):
                t0 = time.perf_counter()
                r = client.get(path)
                times.append(time.perf_counter() - t0)
                assert r.status_code == 200, (r.status_code, r.text[:300])
            total = r.json()["total"] if path.startswith("/api") else None
            results[label] = summary_ms(times) | ({"open_requests": total} if total is not None else {})
            log(f"{label}: {results[label]}")
        web.close()
        api.close()
    return results


# --- step 3: write -----------------------------------------------------------------------------------

WRK_SCRIPT = r"""
-- Generated by bench/cases_bench.py: POST new requests with API tokens, to random cases of each sender.
local senders = %(senders)s
local recipients = %(recipients)s
local bodies = {}
local tokens = {}
local counter = 0
local thread_no = 0
local threads = {}

function setup(thread)
  thread:set("tid", thread_no)
  thread_no = thread_no + 1
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tid * 7919)
end

function request()
  counter = counter + 1
  local s = senders[math.random(#senders)]
  local case_id = s.cases[math.random(#s.cases)]
  local to = s.to[math.random(#s.to)]
  local urgent = math.random() < 0.2
  local body = string.format(
    '{"kind":"request","recipient_agency_id":%%d,"subject":"Bench request %%d-%%d","body":"Registry data, '
    .. 'border crossings and police records on the company named in our investigation.",'
    .. '"priority":"%%s","data_access":"%%s","legal_basis_code":"EU-2023-977","channel":"siena",'
    .. '"handling_code":"H1","evaluation":"B2","purpose":"Identify the organisers of the network.",'
    .. '"language":"en"}',
    to, tid, counter, urgent and "urgent" or "normal", math.random() < 0.5 and "direct" or "indirect")
  return wrk.format("POST", "/api/v1/cases/" .. case_id .. "/messages",
                    {["Authorization"] = "Bearer " .. s.token, ["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local out = io.open("%(result)s", "w")
  out:write(string.format(
    '{"requests":%%d,"duration_us":%%d,"status_errors":%%d,"connect_errors":%%d,"read_errors":%%d,'
    .. '"write_errors":%%d,"timeouts":%%d,"p50_us":%%d,"p90_us":%%d,"p95_us":%%d,"p99_us":%%d,"max_us":%%d,'
    .. '"mean_us":%%d}',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
  out:close()
end
"""

SENDERS = ["me.drugs", "rs.spoc", "al.officer", "de.bka", "it.scip", "xk.spoc", "ba.pcc"]
RECIPIENTS = ["ME-SPOC", "MK-SPOC", "AL-SPOC", "RS-SPOC", "BA-SPOC", "XK-SPOC", "BA-PCC-TREBINJE", "IT-SCIP", "DE-BKA"]


def lua_table(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {lua_table(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua_table(v) for v in value) + "}"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def count_db(name: str) -> tuple[int, int]:
    with psycopg.connect(db_url(name, driver=False)) as conn:
        row = conn.execute("SELECT (SELECT count(*) FROM message), (SELECT count(*) FROM audit_record)").fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def audit_verify(name: str) -> tuple[bool, str, float]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "liaison.cli", "audit", "verify"],
        env=app_env(name),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip(), time.perf_counter() - t0


def bench_write(
    name: str,
    *,
    workers: int,
    duration: int,
    connections: int,
    threads: int,
    cases_per_sender: int,
    access_log: bool = False,
) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is needed for the write benchmark (Debian: apt-get install wrk)")
    senders: list[dict[str, Any]] = []
    with psycopg.connect(db_url(name, driver=False)) as conn:
        agencies: dict[str, int] = dict(conn.execute("SELECT code, id FROM agency").fetchall())
        for username in SENDERS:
            row = conn.execute("SELECT agency_id FROM user_account WHERE username = %s", (username,)).fetchone()
            assert row is not None
            own = row[0]
            cases = [
                r[0]
                for r in conn.execute(
                    # Cases that take a new H1 request: open (a closed case refuses new business) and
                    # not carrying H2/H3 (a message may not lower its case's code); the rest would be 422s.
                    "SELECT id FROM case_file WHERE owner_agency_id = %s AND status <> 'closed' "
                    "AND handling_code IN ('H0', 'H1') ORDER BY random() LIMIT %s",
                    (own, cases_per_sender),
                )
            ]
            to = [agencies[c] for c in RECIPIENTS if agencies[c] != own]
            senders.append({"token": api_token(name, username), "cases": cases, "to": to})
    msgs_before, audit_before = count_db(name)
    with tempfile.TemporaryDirectory() as tmp:
        result_file = Path(tmp) / "wrk.json"
        script = Path(tmp) / "post_requests.lua"
        script.write_text(
            WRK_SCRIPT % {"senders": lua_table(senders), "recipients": lua_table([]), "result": str(result_file)}
        )
        with server(name, workers, access_log=access_log) as (base, server_pid):
            # Warm-up: every worker, connection pool and statement cache.
            subprocess.run([wrk, "-t1", "-c4", "-d3s", "-s", str(script), base], check=True, capture_output=True)
            time.sleep(1)  # let the warm-up's last requests finish before counting
            msgs_warm, audit_warm = count_db(name)
            cmd = [
                wrk,
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                base,
            ]
            log("running " + " ".join(cmd[:-3] + ["<script>", base]))
            app_pids, pg_pids = tree(server_pid), postgres_pids(name)
            app_before, pg_before, load = cpu_ticks(app_pids), cpu_ticks(pg_pids), os.getloadavg()[0]
            proc = subprocess.run(cmd, check=True, capture_output=True, text=True)
            time.sleep(1)  # requests still in flight when wrk stopped are finished (and stored) now
            app_cpu = cpu_seconds_between(app_before, cpu_ticks(app_pids))
            pg_cpu = cpu_seconds_between(pg_before, cpu_ticks(postgres_pids(name)))  # the pool grew
            load_after = os.getloadavg()[0]
            print(proc.stdout, flush=True)
            raw = json.loads(result_file.read_text())
    msgs_after, audit_after = count_db(name)
    ok_requests = raw["requests"] - raw["status_errors"]
    seconds = raw["duration_us"] / 1e6
    stored = msgs_after - msgs_warm
    verified, verify_out, verify_s = audit_verify(name)
    result = {
        "workers": workers,
        "connections": connections,
        "duration_s": round(seconds, 1),
        "requests": raw["requests"],
        "non_2xx": raw["status_errors"],
        "socket_errors": raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"],
        "requests_per_s": round(ok_requests / seconds, 1),
        "latency_ms": {k: round(raw[f"{k}_us"] / 1000, 1) for k in ("p50", "p90", "p95", "p99", "max", "mean")},
        "messages_stored": stored,
        "audit_records_added": audit_after - audit_warm,
        "audit_verify_ok": verified,
        "audit_verify": verify_out,
        "audit_verify_s": round(verify_s, 1),
        "total_messages_after": msgs_after,
        "warmup_messages": msgs_warm - msgs_before,
        "cpu_ms_per_request": {
            "app": round(app_cpu * 1000 / max(stored, 1), 2),
            "postgres": round(pg_cpu * 1000 / max(stored, 1), 2),
        },
        "cpu_utilisation_cores": {"app": round(app_cpu / seconds, 2), "postgres": round(pg_cpu / seconds, 2)},
        "load_average_before_after": [round(load, 2), round(load_after, 2)],
    }
    log(json.dumps(result, indent=2))
    # wrk stops counting at the deadline while up to one request per connection is still being served:
    # those are stored but not counted. Fewer stored than acknowledged would be a lost request.
    in_flight = connections + result["socket_errors"]
    result["acknowledged_all_stored"] = ok_requests <= stored <= ok_requests + in_flight
    if not result["acknowledged_all_stored"]:
        log(f"WARNING: {ok_requests} acknowledged but {stored} stored")
    return result


# --- entry point -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["load", "inbox", "write", "all", "drop"])
    parser.add_argument("--db", default="liaison_bench", help="database to create and use")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--inbox-agency", default="MK-SPOC")
    parser.add_argument("--inbox-user", default="mk.duty")
    parser.add_argument("--open-requests", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--inbox-requests", type=int, default=300, help="timed requests per inbox variant")
    parser.add_argument("--duration", type=int, default=30, help="seconds of write load")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections of the load generator")
    parser.add_argument("--threads", type=int, default=1, help="load-generator threads")
    parser.add_argument("--cases-per-sender", type=int, default=2000)
    parser.add_argument("--access-log", action="store_true", help="keep uvicorn's per-request access log on")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()

    results: dict[str, Any] = {
        "scale": {
            "cases": args.cases,
            "messages": args.messages,
            "open_requests": args.open_requests,
            "agency": args.inbox_agency,
        }
    }
    if args.step == "drop":
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        return
    if args.step in ("load", "all"):
        load(
            args.db,
            cases=args.cases,
            messages=args.messages,
            inbox_agency=args.inbox_agency,
            open_requests=args.open_requests,
        )
    if args.step in ("inbox", "all"):
        results["inbox"] = bench_inbox(
            args.db, workers=args.workers, requests=args.inbox_requests, username=args.inbox_user
        )
    if args.step in ("write", "all"):
        results["write"] = bench_write(
            args.db,
            workers=args.workers,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
            cases_per_sender=args.cases_per_sender,
            access_log=args.access_log,
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
