"""Where the CPU of one case write goes: ``POST /api/v1/cases/{id}/messages`` run in process.

The request goes through the whole ASGI app (middleware, FastAPI, the endpoint, the unit of work, the
audit hook) like under uvicorn, only without the socket: one request after the other, so the CPU time
per request (``time.process_time``) and the SQL statements per request are repeatable on a busy
machine, where wall-clock throughput is not. ``--profile`` adds a cProfile of the same loop, with the
endpoint run inline instead of in the thread pool (cProfile sees one thread).

Run against a migrated database with the demo seeded (``liaison demo --seed-only``) or the benchmark
database of ``bench/cases_bench.py load``::

    LIAISON_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/DB LIAISON_SECRET_KEY=... \\
        PYTHONPATH=src python bench/write_profile.py --requests 500 [--profile out.prof]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import random
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, select, text

SENDER = "me.drugs"
RECIPIENT = "MK-SPOC"


def _setup() -> tuple[Any, str, list[int], int, int]:
    from liaison.accounts.models import User
    from liaison.accounts.service import issue_api_token
    from liaison.agencies.models import Agency
    from liaison.cases.models import Case
    from liaison.core.db import get_engine, session_scope
    from liaison.web.app import create_app

    app = create_app()
    with session_scope() as s:
        user = s.execute(select(User).where(User.username == SENDER)).scalar_one()
        token = issue_api_token(s, user, "profile")
        # Cases that take a new H1 request: open, and not carrying H2/H3 (a message may not lower it).
        takes_request = (
            Case.owner_agency_id == user.agency_id,
            Case.status != "closed",
            Case.handling_code.in_(("H0", "H1")),
        )
        cases = list(s.execute(select(Case.id).where(*takes_request).order_by(Case.id).limit(200)).scalars())
        to = s.execute(select(Agency.id).where(Agency.code == RECIPIENT)).scalar_one()
    with get_engine().connect() as conn:
        backend = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
    return app, token, cases, to, backend


def _body(to: int, n: int) -> bytes:
    return json.dumps(
        {
            "kind": "request",
            "recipient_agency_id": to,
            "subject": f"Profile request {n}",
            "body": "Registry data, border crossings and police records on the company named in our investigation.",
            "priority": "urgent" if n % 5 == 0 else "normal",
            "data_access": "direct" if n % 2 else "indirect",
            "legal_basis_code": "EU-2023-977",
            "channel": "siena",
            "handling_code": "H1",
            "evaluation": "B2",
            "purpose": "Identify the organisers of the network.",
            "language": "en",
        }
    ).encode()


async def _call(app: Any, path: str, token: str, body: bytes) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"authorization", f"Bearer {token}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def _backend_cpu(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=1, help="timed rounds; the least CPU is reported")
    parser.add_argument("--profile", help="write a cProfile of the loop here (endpoint run inline)")
    parser.add_argument("--statements", action="store_true", help="print the SQL of one request")
    parser.add_argument(
        "--link",
        choices=["end", "thread"],
        default="end",
        help="link the audit records after the loop (default) or in the sequencer thread as it goes",
    )
    args = parser.parse_args()

    from liaison.core.audit import sequencer
    from liaison.core.db import get_engine

    app, token, cases, to, _backend = _setup()
    engine = get_engine()
    if args.link == "thread":  # as in a served worker: records are linked by its thread
        sequencer.start(engine)
    else:  # linked in one batch after the timed loop, timed apart (what a busy worker's batches approach)
        import liaison.core.audit.service as audit_service

        audit_service.sequencer = _NoLink()  # type: ignore[assignment]
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    if args.profile:
        import fastapi.routing
        import starlette.concurrency

        async def inline(func: Any, *a: Any, **kw: Any) -> Any:
            return func(*a, **kw)

        starlette.concurrency.run_in_threadpool = inline  # type: ignore[assignment]
        fastapi.routing.run_in_threadpool = inline  # type: ignore[attr-defined]
        import fastapi.dependencies.utils

        fastapi.dependencies.utils.run_in_threadpool = inline  # type: ignore[attr-defined]

    rng = random.Random(7)

    async def run(n: int, start: int) -> None:
        for i in range(n):
            status, body = await _call(app, f"/api/v1/cases/{rng.choice(cases)}/messages", token, _body(to, start + i))
            if status != 201:
                raise SystemExit(f"{status}: {body[:300]!r}")

    asyncio.run(run(30, 0))  # warm-up: statement caches, imports, connections
    pg_pids = [int(r) for r in _pids(engine)]
    statements.clear()
    asyncio.run(run(1, 30))
    per_request = len(statements)
    if args.statements:
        for s in statements:
            print("  " + " ".join(s.split())[:160])
    statements.clear()
    profiler = cProfile.Profile(time.thread_time) if args.profile else None
    rounds: list[tuple[float, float, float]] = []
    for r in range(args.rounds):
        pg0, t0, w0 = _backend_cpu(pg_pids), time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        asyncio.run(run(args.requests, 1000 + r * args.requests))
        if profiler:
            profiler.disable()
        rounds.append((time.process_time() - t0, time.perf_counter() - w0, _backend_cpu(pg_pids) - pg0))
    # The least CPU of the rounds: other processes on a shared machine only ever add to it.
    cpu, wall, pg = min(rounds)
    print(
        json.dumps(
            {
                "requests": args.requests,
                "statements_per_request": per_request,
                "statements_total_per_request": round(len(statements) / args.requests / args.rounds, 2),
                "app_cpu_ms_per_request": round(cpu * 1000 / args.requests, 3),
                "app_cpu_ms_per_request_rounds": [round(c * 1000 / args.requests, 2) for c, _w, _p in rounds],
                "postgres_cpu_ms_per_request": round(pg * 1000 / args.requests, 3),
                "wall_ms_per_request": round(wall * 1000 / args.requests, 3),
                "profiled": bool(profiler),
                "load_average": os.getloadavg(),
            }
        )
    )
    t1 = time.process_time()
    sequencer.stop(engine)
    linked = sequencer.chain_pending(engine)
    link_ms = (time.process_time() - t1) * 1000 / args.requests / args.rounds
    print(json.dumps({"link_mode": args.link, "linked_after": linked, "link_cpu_ms_per_request": round(link_ms, 3)}))
    if profiler and args.profile:
        profiler.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(45)


class _NoLink:
    """Stands in for the sequencer module in the audit hook: records stay unchained until the end."""

    @staticmethod
    def committed(bind: Any) -> None:
        return None


def _pids(engine: Any) -> list[int]:
    with engine.connect() as conn:
        db = conn.execute(text("SELECT current_database()")).scalar_one()
        rows = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": db}
        ).all()
    return [r[0] for r in rows]


if __name__ == "__main__":
    main()
