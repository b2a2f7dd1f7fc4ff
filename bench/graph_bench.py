"""Link analysis at scale (issue 13): neighbourhood expansion and shortest paths through the app's own
rights-aware service on PostgreSQL, communities on a 10,000-node subgraph, side by side with networkx.

Builds a separate database with the demo seed, then loads by COPY: ``--cases`` cases (90 % owned by the
analyst's agency ME-SPOC, 10 % by RS-SPOC and not shared, so hits into them become restricted nodes),
``--entities`` entities spread over them (one ``recorded_on`` edge each), and ``--edges`` minus that many
entity-to-entity edges, half hits (70 % pending, 30 % confirmed), half FtM relationship links. The rows
are loaded around the capabilities' events, so the edge projection is then filled by
``projection.rebuild`` (what ``liaison graph rebuild`` runs), timed. Then, as ``me.analyst``:

* neighbourhood expansion: ``service.grow(seed, depth=1)`` from random entities (p50/p95);
* shortest path: ``service.paths(a, b, max_hops=6)`` between random pairs (p50/p95; found or not);
* communities: ``compute_metrics`` (Louvain, degree, sampled betweenness, eigenvector, k-core) on a
  10,000-node visible subgraph read through ``service.visible_subgraph`` (the rights-aware read of those
  nodes' edges), and on the same subgraph in plain networkx in memory: depth-1 ego graphs and
  shortest paths, for a side-by-side figure.

Every phase reports wall time, the CPU time of this process and of its PostgreSQL backend (read from
/proc, same machine), and the load average, since the machine it runs on may be shared.

    PYTHONPATH=src python bench/graph_bench.py [--entities 1000000 --edges 5000000 --cases 100000]
        [--queries 200] [--keep] [--write docs/bench-graph.md]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import time
from pathlib import Path

import psycopg

NOW = "2026-11-23 00:00:00+00"


def esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def copy_rows(conn: psycopg.Connection, table: str, columns: str, rows: io.StringIO) -> None:
    rows.seek(0)
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        while chunk := rows.read(1 << 20):
            copy.write(chunk)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


class Phase:
    """Wall time, CPU of this process and of the database backend serving it, over one phase."""

    def __init__(self, backend_pid: int | None) -> None:
        self.pid = backend_pid

    def _backend_cpu(self) -> float:
        if not self.pid:
            return float("nan")
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def __enter__(self) -> Phase:
        self.t, self.c, self.b = time.perf_counter(), time.process_time(), self._backend_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.t
        self.cpu = time.process_time() - self.c
        self.db_cpu = self._backend_cpu() - self.b
        self.load = os.getloadavg()[0]

    def figures(self, name: str) -> dict[str, object]:
        return {f"{name}_wall_s": round(self.wall, 2), f"{name}_cpu_s": round(self.cpu, 2),
                f"{name}_db_cpu_s": round(self.db_cpu, 2), f"{name}_load1": round(self.load, 1)}


def load(url: str, args: argparse.Namespace) -> dict[str, object]:
    rng = random.Random(args.seed)
    figures: dict[str, object] = {}
    with psycopg.connect(url) as conn:
        agencies = dict(conn.execute("select code, id from agency").fetchall())
        me, rs = agencies["ME-SPOC"], agencies["RS-SPOC"]
        case0 = conn.execute("select coalesce(max(id), 0) + 1 from case_file").fetchone()[0]  # type: ignore[index]
        ent0 = conn.execute("select coalesce(max(id), 0) + 1 from entity").fetchone()[0]  # type: ignore[index]
        t0 = time.perf_counter()
        # Bulk load: secondary indexes are built once afterwards, and foreign keys are not checked row by
        # row (the rows are consistent by construction); both are restored before any query runs.
        indexes = conn.execute(
            "select indexname, indexdef from pg_indexes where tablename in ('case_file', 'entity', 'hit',"
            " 'analysis_link') and indexname not in (select conname from pg_constraint)"
        ).fetchall()
        for name, _def in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute("SET session_replication_role = replica")
        buf = io.StringIO()
        owners = []
        for i in range(args.cases):
            owner = rs if i % 10 == 9 else me
            owners.append(owner)
            buf.write(
                f"{case0 + i}\tBENCH-{i:07d}\tBench case {i}\t\t[]\topen\tH0\t{owner}\t{NOW}\t{NOW}\t2030-01-01\n"
            )
        copy_rows(conn, "case_file", "id, reference, title, description, crime_areas, status, handling_code,"
                  " owner_agency_id, created_at, updated_at, review_date", buf)
        buf = io.StringIO()
        owner_of = []
        for j in range(args.entities):
            c = j % args.cases
            kind = ("person", "phone", "vehicle", "bank_account")[j % 4]
            data = {"type": "phone", "number": f"+3816{j:08d}"} if kind != "person" else {
                "type": "person", "names": [f"Person {j}"]}
            label = data.get("number") or data["names"][0]  # type: ignore[index]
            owner_of.append(owners[c])
            buf.write(f"{ent0 + j}\t{case0 + c}\t{owners[c]}\t{data['type']}\t{esc(str(label))}\t"
                      f"{esc(json.dumps(data))}\t[]\tH0\t{NOW}\t{NOW}\n")
        copy_rows(conn, "entity", "id, case_id, owner_agency_id, type, label, data, problems, handling_code,"
                  " created_at, updated_at", buf)
        rest = max(0, args.edges - args.entities)
        hits, links, seen = io.StringIO(), io.StringIO(), set()
        n = 0
        while n < rest:
            a, b = rng.randrange(args.entities), rng.randrange(args.entities)
            if a == b:
                continue
            a, b = min(a, b), max(a, b)
            if n % 2 == 0:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                status = "confirmed" if rng.random() < 0.3 else "new"
                hits.write(f"{ent0 + a}\t{ent0 + b}\t{owner_of[a]}\t{owner_of[b]}\tphone\t1.0\t[]\t{status}\t"
                           f"{NOW}\t{NOW}\t\n")
            else:
                links.write(
                    f"{case0 + a % args.cases}\t{owner_of[a]}\t{ent0 + a}\t{ent0 + b}\tassociate\t\t\tH0\t{NOW}\n"
                )
            n += 1
        del seen
        copy_rows(conn, "hit", "entity_a_id, entity_b_id, agency_a_id, agency_b_id, kind, score, explanation,"
                  " status, created_at, updated_at, decision_note", hits)
        copy_rows(conn, "analysis_link", "case_id, owner_agency_id, source_entity_id, target_entity_id, kind, label,"
                  " ftm_id, handling_code, created_at", links)
        conn.execute("SET session_replication_role = DEFAULT")
        conn.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            conn.execute(definition)
        conn.commit()
        figures["copy_s"] = round(time.perf_counter() - t0, 1)
        figures["cpu_until_copied_s"] = round(time.process_time(), 1)
        t0 = time.perf_counter()
        conn.execute("ANALYZE")
        conn.commit()
        figures["analyze_s"] = round(time.perf_counter() - t0, 1)
        figures["first_entity"] = ent0
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=1_000_000)
    ap.add_argument("--edges", type=int, default=5_000_000)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--subgraph", type=int, default=10_000)
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--dbname", default="liaison_bench_graph")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()

    with psycopg.connect(args.admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{args.dbname}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{args.dbname}"')
    url = f"{args.admin_url.rsplit('/', 1)[0]}/{args.dbname}"
    os.environ["LIAISON_DATABASE_URL"] = url
    os.environ.setdefault("LIAISON_DATA_DIR", "/tmp/liaison-bench-graph")

    import networkx as nx
    from sqlalchemy import func, select

    from liaison.accounts.models import User
    from liaison.accounts.service import Actor
    from liaison.analysis import service
    from liaison.capabilities import install
    from liaison.core.db import session_scope
    from liaison.core.migrate import upgrade
    from liaison.demo import seed

    install()
    upgrade()
    with session_scope() as s:
        seed(s)
    load_before = os.getloadavg()
    figures: dict[str, object] = {"load_at_start": [round(x, 1) for x in load_before]}
    figures |= load(url, args)
    from liaison.analysis.projection import rebuild

    with session_scope() as s:
        pid = s.execute(select(func.pg_backend_pid())).scalar_one()
        with Phase(pid) as ph:
            figures["projection"] = rebuild(s)
        figures |= ph.figures("rebuild")
    rng = random.Random(args.seed + 1)
    first = int(figures["first_entity"])  # type: ignore[call-overload]
    pick = lambda: f"entity:{first + rng.randrange(args.entities)}"  # noqa: E731

    expand_ms, path_ms, found, unseen = [], [], 0, 0
    with session_scope() as s:
        pid = s.execute(select(func.pg_backend_pid())).scalar_one()
        actor = Actor(user=s.execute(select(User).where(User.username == "me.analyst")).scalar_one())
        with Phase(pid) as ph:
            for _ in range(args.queries):
                t = time.perf_counter()
                service.grow(s, actor, [pick()], 1)
                expand_ms.append((time.perf_counter() - t) * 1000)
        figures |= ph.figures("expand_all")
        with Phase(pid) as ph:
            for _ in range(args.queries):
                a, b = pick(), pick()
                t = time.perf_counter()
                try:
                    _g, paths = service.paths(s, actor, a, b, k=1, max_hops=6)
                    found += bool(paths)
                except Exception:  # an unseen (RS-owned) end answers not found: counted, not timed out
                    unseen += 1
                path_ms.append((time.perf_counter() - t) * 1000)
        figures |= ph.figures("paths_all")
        # A 10,000-node visible subgraph: breadth-first from random seeds until big enough.
        t = time.perf_counter()
        graph = service.Graph()
        while len(graph.nodes) < args.subgraph:
            service.grow(s, actor, [pick()], 3, graph=graph, limit=args.subgraph)
            graph.truncated = False
        g = graph.to_networkx()
        figures["subgraph_build_s"] = round(time.perf_counter() - t, 2)
        with Phase(pid) as ph:
            sub = service.visible_subgraph(s, actor, list(g))
        figures |= ph.figures("subgraph_read")
        g = sub.to_networkx()
        with Phase(pid) as ph:
            metrics = service.compute_metrics(g)
        figures |= ph.figures("metrics")
        with Phase(pid) as ph:
            communities = nx.community.louvain_communities(g, seed=42)
        figures |= ph.figures("louvain")
        nodes = list(g)
        ego_ms, nx_path_ms = [], []
        for _ in range(args.queries):
            t = time.perf_counter()
            nx.ego_graph(g, rng.choice(nodes), 1)
            ego_ms.append((time.perf_counter() - t) * 1000)
        for _ in range(args.queries):
            a, b = rng.choice(nodes), rng.choice(nodes)
            t = time.perf_counter()
            nx.has_path(g, a, b) and nx.bidirectional_shortest_path(g, a, b)
            nx_path_ms.append((time.perf_counter() - t) * 1000)
        figures |= {
            "networkx_ego1_p50_ms": round(statistics.median(ego_ms), 3),
            "networkx_ego1_p95_ms": round(pct(ego_ms, 0.95), 3),
            "networkx_path_p50_ms": round(statistics.median(nx_path_ms), 3),
            "networkx_path_p95_ms": round(pct(nx_path_ms, 0.95), 3),
        }
        s.rollback()
    figures |= {
        "expand_p50_ms": round(statistics.median(expand_ms), 1), "expand_p95_ms": round(pct(expand_ms, 0.95), 1),
        "path_p50_ms": round(statistics.median(path_ms), 1), "path_p95_ms": round(pct(path_ms, 0.95), 1),
        "paths_found": f"{found}/{args.queries}", "path_ends_unseen": unseen,
        "load_at_end": [round(x, 1) for x in os.getloadavg()],
        "subgraph": f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges",
        "communities": len(communities), "metrics_sampled": metrics["sampled"],
        "scale": f"{args.entities} entities, {args.edges} edges, {args.cases} cases",
    }
    print(json.dumps(figures, indent=2))
    if args.write:
        args.write.write_text("```\n" + json.dumps(figures, indent=2) + "\n```\n", encoding="utf-8")
    if not args.keep:
        with psycopg.connect(args.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{args.dbname}" WITH (FORCE)')


if __name__ == "__main__":
    main()
