"""Latency of ``POST /api/v1/environment/screen``, in process, over the screening benchmark's declarations.

Measures what a client pays on top of the engine: routing, bearer-token lookup in the database, the
per-request unit of work, validation and JSON. Runs against a scratch SQLite database in a temporary
directory (one agency, one user, one API token), so it needs no server and leaves nothing behind.

    PYTHONPATH=src python bench/screening_api_bench.py [--rounds 50] [--append docs/bench-screening.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_bench import DECLARATIONS  # noqa: E402


def _setup(root: Path) -> str:
    os.environ["LIAISON_DATABASE_URL"] = f"sqlite:///{root / 'bench.sqlite3'}"
    os.environ["LIAISON_DATA_DIR"] = str(root / "data")
    os.environ.setdefault("LIAISON_SECRET_KEY", "bench-secret-key-not-for-production-0123456789")
    from liaison.accounts.service import create_user, issue_api_token
    from liaison.agencies.service import create_agency
    from liaison.capabilities import install
    from liaison.core.audit import AuditContext
    from liaison.core.db import session_scope
    from liaison.core.migrate import ensure_reference, upgrade
    from liaison.demo import PASSWORD

    install()
    upgrade()
    with session_scope() as s:
        ensure_reference(s)
        create_agency(
            s, AuditContext.system("bench"), code="MK-CUSTOMS", name="Customs", country_code="MK", kind="customs"
        )
        user = create_user(
            s, username="bench", full_name="Bench", agency_code="MK-CUSTOMS", role="officer", password=PASSWORD
        )
        return issue_api_token(s, user, "bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--append", type=Path, help="append the result table to this Markdown file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        token = _setup(Path(tmp))
        from fastapi.testclient import TestClient

        from liaison.core.db import dispose_engines
        from liaison.web.app import create_app

        client = TestClient(create_app())
        client.headers["Authorization"] = f"Bearer {token}"
        started = time.perf_counter()
        assert client.post("/api/v1/environment/screen", json=DECLARATIONS[0]).status_code == 200
        cold_ms = (time.perf_counter() - started) * 1000
        times: list[float] = []
        for _ in range(args.rounds):
            for decl in DECLARATIONS:
                t0 = time.perf_counter()
                r = client.post("/api/v1/environment/screen", json=decl)
                times.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"unexpected {r.status_code}: {r.text}")
        client.close()
        dispose_engines()
    times.sort()
    q = statistics.quantiles(times, n=100)
    rows = [
        ("requests", f"{len(times)}"),
        ("median", f"{statistics.median(times):.2f} ms"),
        ("p95", f"{q[94]:.2f} ms"),
        ("p99", f"{q[98]:.2f} ms"),
        ("max", f"{times[-1]:.2f} ms"),
        ("first request (loads the reference data)", f"{cold_ms:.0f} ms"),
    ]
    table = "\n".join(["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])
    print(table)
    if args.append:
        today = datetime.now(UTC).date().isoformat()
        text = f"""

## Through the API

`POST /api/v1/environment/screen` with a bearer token, in process (FastAPI TestClient, no network),
against a scratch SQLite database; the same {len(DECLARATIONS)} declarations. On top of the engine this
pays routing, the token lookup, the per-request transaction, request validation and JSON.

Command (from the repository root):

```
PYTHONPATH=src python bench/screening_api_bench.py --rounds {args.rounds} --append docs/bench-screening.md
```

{table}

Measured {today} with Python {platform.python_version()} on {platform.machine()} ({platform.system()}),
single process. A live server adds the network round trip and TLS, which depend on the site.
"""
        with args.append.open("a", encoding="utf-8") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
