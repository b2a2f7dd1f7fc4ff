"""The application's own matching path at scale, in PostgreSQL (issue 3).

The web app does not keep an in-memory index: it probes ``entity_key`` (B-tree on kind, value) in the
same transaction that stores an entity, so every app process sees one consistent index. This
benchmark loads 1,000,000 persons and 5,000,000 identifier entities into PostgreSQL with COPY, builds
the index, and times what the app does for a new entity:

* a new person's candidate hits: blocking keys → ranked candidates → person decision
  (``matching.service.probe_person``), for planted duplicates of loaded people (which must hit) and for
  people not in the register;
* an exact identifier lookup (``entities.service.identifier_matches``).

Usage::

    python bench/hits_db_bench.py --persons 1000000 --identifiers 5000000 --write docs/bench-hits.md

It creates (and drops at the end, unless --keep) the database ``liaison_bench_hits`` on the server of
``--admin-url``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import register_gen  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def copy_rows(conn: psycopg.Connection, table: str, columns: str, rows: io.StringIO) -> None:
    rows.seek(0)
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        while chunk := rows.read(1 << 20):
            copy.write(chunk)


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--identifiers", type=int, default=5_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--dbname", default="liaison_bench_hits")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    ap.add_argument("--write", type=Path, help="Markdown file to write the figures to.")
    args = ap.parse_args()

    with psycopg.connect(args.admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.dbname}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.dbname}"')
    base = args.admin_url.rsplit("/", 1)[0]
    url = f"{base}/{args.dbname}"
    os.environ["LIAISON_DATABASE_URL"] = url
    os.environ.setdefault("LIAISON_DATA_DIR", "/tmp/liaison-bench-hits")

    from liaison.capabilities import install
    from liaison.core.db import session_scope
    from liaison.core.migrate import upgrade
    from liaison.demo import seed

    install()
    from liaison.entities import service as entities
    from liaison.entities.types import Person
    from liaison.matching import service as matching

    upgrade()
    with session_scope() as s:
        seed(s)
    figures: dict[str, object] = {}

    t0 = time.perf_counter()
    n_dups = min(2000, args.persons // 10)
    rows, truth = register_gen.generate(args.persons, n_dups, seed=args.seed)
    dup_of = {b: a for a, b in truth} | {a: b for a, b in truth}
    queries_dup = [r for r in rows if r.id.startswith("D")]
    loaded = [r for r in rows if r.id.startswith("P")]
    figures["generate_s"] = round(time.perf_counter() - t0, 1)

    with psycopg.connect(url) as conn:
        cases = conn.execute("select id, owner_agency_id from case_file order by id").fetchall()
        start_id = conn.execute("select coalesce(max(id), 0) + 1 from entity").fetchone()[0]  # type: ignore[index]
        key_id = conn.execute("select coalesce(max(id), 0) + 1 from entity_key").fetchone()[0]  # type: ignore[index]
        conn.execute("DROP INDEX IF EXISTS ix_entity_key_lookup")
        conn.execute("DROP INDEX IF EXISTS ix_entity_key_entity_id")
        conn.commit()

        t0 = time.perf_counter()
        ent, keys = io.StringIO(), io.StringIO()
        now = "2026-11-23 00:00:00+00"
        id_of: dict[str, int] = {}
        eid = start_id
        for i, r in enumerate(loaded):
            case_id, agency = cases[i % len(cases)]
            data = {
                "type": "person",
                "names": [r.name],
                "birth_date": r.birth_date,
                "sex": r.sex,
                "nationality": [r.nationality] if r.nationality else [],
            }
            ent.write(
                f"{eid}\t{case_id}\t{agency}\tperson\t{esc(r.name)}\t{esc(json.dumps(data, ensure_ascii=False))}"
                f"\t[]\tH0\t{now}\t{now}\n"
            )
            for k in matching.keys_for([r.name], r.birth_date):
                keys.write(f"{key_id}\t{eid}\tpname\t{esc(k)}\n")
                key_id += 1
            id_of[r.id] = eid
            eid += 1
        rng = random.Random(args.seed)
        kinds = ("phone", "document", "plate", "iban", "vin")
        samples: list[tuple[str, str]] = []
        for i in range(args.identifiers):
            kind = kinds[i % len(kinds)]
            if kind == "phone":
                value = f"+3816{rng.randrange(10**8):08d}"
            elif kind == "document":
                value = f"{rng.randrange(10**9):09d}"
            elif kind == "plate":
                value = f"BG{rng.randrange(10**6):06d}"
            elif kind == "iban":
                value = f"RS35{rng.randrange(10**18):018d}"
            else:
                value = f"WVWZZZ{rng.randrange(10**11):011d}"
            case_id, agency = cases[i % len(cases)]
            data = {"type": "phone", "number": value} if kind == "phone" else {"type": "email", "address": "x@y.z"}
            ent.write(
                f"{eid}\t{case_id}\t{agency}\t{'phone' if kind == 'phone' else kind}\t{value}\t"
                f"{esc(json.dumps(data))}\t[]\tH0\t{now}\t{now}\n"
            )
            keys.write(f"{key_id}\t{eid}\t{kind}\t{value}\n")
            key_id += 1
            eid += 1
            if i % 5000 == 0:
                samples.append((kind, value))
        figures["prepare_s"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        copy_rows(
            conn,
            "entity",
            "id, case_id, owner_agency_id, type, label, data, problems, handling_code, created_at, updated_at",
            ent,
        )
        copy_rows(conn, "entity_key", "id, entity_id, kind, value", keys)
        conn.commit()
        figures["copy_s"] = round(time.perf_counter() - t0, 1)
        figures["entities"] = eid - start_id
        figures["keys"] = key_id - 1
        del ent, keys
        t0 = time.perf_counter()
        conn.execute("CREATE INDEX ix_entity_key_lookup ON entity_key (kind, value)")
        conn.execute("CREATE INDEX ix_entity_key_entity_id ON entity_key (entity_id)")
        conn.execute("ANALYZE entity_key")
        conn.execute("ANALYZE entity")
        conn.commit()
        figures["index_build_s"] = round(time.perf_counter() - t0, 1)
        figures["index_mb"] = round(
            float(
                conn.execute(  # type: ignore[index]
                    "select (pg_relation_size('ix_entity_key_lookup') + pg_relation_size('ix_entity_key_entity_id'))"
                    " / 1048576.0"
                ).fetchone()[0]
            ),
            1,
        )
        conn.execute(f"SELECT setval(pg_get_serial_sequence('entity', 'id'), {eid})")
        conn.execute(f"SELECT setval(pg_get_serial_sequence('entity_key', 'id'), {key_id})")
        conn.commit()

    def person(r: register_gen.Row) -> Person:
        return Person(
            names=[r.name],
            birth_date=r.birth_date,
            sex=r.sex,  # type: ignore[arg-type]
            nationality=[r.nationality] if r.nationality else [],
        )

    fresh, _ = register_gen.generate(args.queries, 0, seed=args.seed + 1000)
    q_dup = queries_dup[: args.queries]
    lat_dup: list[float] = []
    lat_new: list[float] = []
    found = 0
    with session_scope() as s:
        for r in q_dup[:20]:
            matching.probe_person(s, person(r))  # warm the connection and caches
        for r in q_dup:
            t0 = time.perf_counter()
            cands = matching.probe_person(s, person(r))
            lat_dup.append((time.perf_counter() - t0) * 1000)
            if id_of.get(dup_of[r.id]) in {c.entity_id for c in cands}:
                found += 1
        for r in fresh:
            t0 = time.perf_counter()
            matching.probe_person(s, person(r))
            lat_new.append((time.perf_counter() - t0) * 1000)
        lat_id: list[float] = []
        for kind, value in samples[: args.queries] * max(1, args.queries // max(1, len(samples))):
            t0 = time.perf_counter()
            hits = entities.identifier_matches(s, [(kind, value)])
            lat_id.append((time.perf_counter() - t0) * 1000)
            assert hits, (kind, value)
        s.rollback()
    both = lat_dup + lat_new
    figures.update(
        {
            "person_p50_ms": round(statistics.median(both), 2),
            "person_p95_ms": round(pct(both, 95), 2),
            "person_p99_ms": round(pct(both, 99), 2),
            "dup_p95_ms": round(pct(lat_dup, 95), 2),
            "new_p95_ms": round(pct(lat_new, 95), 2),
            "planted_found": f"{found}/{len(q_dup)}",
            "identifier_p50_ms": round(statistics.median(lat_id), 3),
            "identifier_p99_ms": round(pct(lat_id, 99), 3),
            "identifier_queries": len(lat_id),
        }
    )
    print(json.dumps(figures, indent=2, default=str))
    if args.write:
        cmd = " ".join(["python", "bench/hits_db_bench.py", *sys.argv[1:]])
        args.write.write_text(
            "# The app's matching path in PostgreSQL (issue 3)\n\n"
            f"Command: `{cmd}`\n\n"
            f"{args.persons:,} persons (generated register of the region) and {args.identifiers:,} identifier "
            "entities loaded by COPY; index = B-tree on entity_key (kind, value) plus entity_id.\n\n"
            "| figure | value |\n|---|---|\n" + "".join(f"| {k} | {v} |\n" for k, v in figures.items())
        )
    if not args.keep:
        from liaison.core.db import dispose_engines

        dispose_engines()
        with psycopg.connect(args.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.dbname}" WITH (FORCE)')


if __name__ == "__main__":
    main()
