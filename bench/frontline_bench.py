"""Frontline benchmarks: generate watchlists, import them, load-test checks over HTTP, measure the replica.

Steps (see docs/bench-frontline.md for the exact commands and the figures):

    python bench/frontline_bench.py generate --out DIR --documents 8000000 --vehicles 1500000 --persons 500000
    python bench/frontline_bench.py import --dir DIR            # needs LIAISON_DATABASE_URL (PostgreSQL)
    python bench/frontline_bench.py load --dir DIR --url http://127.0.0.1:8000 --token TOKEN --seconds 60  # wrk
    python bench/frontline_bench.py replica --dir DIR --out DIR/replica.lrep

Data are synthetic but shaped like the real lists: document numbers in each issuing state's format and
share of the region's lost/stolen documents, plates in DE/IT/AT/FR/… formats with valid-format VINs of
the usual makers, and persons with Serbian (Latin and Cyrillic), Albanian, Macedonian and Bosnian
names, many of them namesakes, born 1950–2006.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DOC_SHARE = (
    ("RS", 20),
    ("AL", 12),
    ("MK", 10),
    ("BA", 10),
    ("XK", 6),
    ("ME", 5),
    ("HR", 6),
    ("BG", 6),
    ("RO", 6),
    ("GR", 4),
    ("DE", 5),
    ("IT", 5),
    ("AT", 5),
)
PLATE_SHARE = (("DE", 35), ("IT", 25), ("AT", 15), ("FR", 8), ("CH", 5), ("RS", 4), ("HR", 4), ("SI", 4))
WMI = ("WVW", "WBA", "WAU", "WDD", "ZFA", "ZAR", "TMB", "VF1", "VF3", "WF0", "W0L", "SJN", "JTD", "KNA")
VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
GIVEN = {
    "RS": (
        "Marko",
        "Nikola",
        "Stefan",
        "Miloš",
        "Dragan",
        "Nebojša",
        "Jelena",
        "Milica",
        "Ana",
        "Ivana",
        "Zoran",
        "Dejan",
        "Bojan",
        "Vladimir",
        "Aleksandar",
        "Jovana",
        "Đorđe",
        "Vuk",
        "Luka",
        "Tijana",
    ),
    "AL": (
        "Arben",
        "Ardian",
        "Besnik",
        "Gentian",
        "Dritan",
        "Blerina",
        "Elira",
        "Fatmir",
        "Ilir",
        "Erion",
        "Klodian",
        "Valbona",
        "Arta",
        "Edona",
        "Agron",
        "Shpëtim",
        "Luljeta",
        "Mirela",
        "Endrit",
        "Genc",
    ),
    "MK": (
        "Aleksandar",
        "Goran",
        "Zoran",
        "Elena",
        "Marija",
        "Bojan",
        "Dimitar",
        "Ǵorǵi",
        "Kiril",
        "Vesna",
        "Biljana",
        "Igor",
        "Darko",
        "Stojan",
        "Todor",
        "Ljupčo",
        "Nikola",
        "Sanja",
        "Trajče",
        "Dragan",
    ),
    "BA": (
        "Emir",
        "Amir",
        "Adnan",
        "Haris",
        "Amra",
        "Lejla",
        "Selma",
        "Mirza",
        "Damir",
        "Senad",
        "Nermin",
        "Edin",
        "Alma",
        "Jasmin",
        "Kenan",
        "Aida",
        "Tarik",
        "Elvir",
        "Dino",
        "Mersiha",
    ),
}
SURNAMES = {
    "RS": (
        "Petrović",
        "Jovanović",
        "Nikolić",
        "Marković",
        "Đorđević",
        "Stojanović",
        "Ilić",
        "Stanković",
        "Pavlović",
        "Milošević",
        "Popović",
        "Todorović",
        "Kostić",
        "Živković",
        "Ristić",
        "Savić",
        "Lazić",
    ),
    "AL": (
        "Hoxha",
        "Krasniqi",
        "Gashi",
        "Berisha",
        "Shehu",
        "Hoxhaj",
        "Leka",
        "Dervishi",
        "Çela",
        "Kola",
        "Marku",
        "Gjoka",
        "Rama",
        "Basha",
        "Xhafa",
        "Muça",
        "Doda",
    ),
    "MK": (
        "Trajkovski",
        "Stojanovski",
        "Nikolovski",
        "Jovanovski",
        "Petrovski",
        "Ǵorǵievski",
        "Kostovski",
        "Ristovski",
        "Angelovski",
        "Dimitrovski",
        "Mitrevski",
        "Velkovski",
        "Naumovski",
        "Ilievski",
    ),
    "BA": (
        "Hodžić",
        "Hadžić",
        "Begić",
        "Delić",
        "Mehmedović",
        "Kovačević",
        "Hasanović",
        "Husić",
        "Omerović",
        "Ahmetović",
        "Mujić",
        "Softić",
        "Salihović",
        "Alić",
    ),
}
CYR = dict(zip("abvgdđežzijklmnoprstćufhcčš", "абвгдђежзијклмнопрстћуфхцчш", strict=True))
CYR.update({"lj": "љ", "nj": "њ", "dž": "џ"})


def cyrillic(name: str) -> str:
    """Serbian Latin → Cyrillic (one to one), for the share of records kept in Cyrillic."""
    out, i, low = [], 0, name.lower()
    while i < len(low):
        pair = low[i : i + 2]
        if pair in CYR:
            out.append(CYR[pair])
            i += 2
        else:
            out.append(CYR.get(low[i], low[i]))
            i += 1
    return " ".join(w.capitalize() for w in "".join(out).split())


def doc_number(rng: random.Random, cc: str) -> str:
    r = rng.randint
    match cc:
        case "RS":
            return f"{r(0, 999999999):09d}"
        case "AL":
            return f"{rng.choice('ABCDEFGHIJ')}{rng.choice(LETTERS)}{r(1000000, 9999999)}"
        case "MK":
            return f"{rng.choice('AB')}{r(1000000, 9999999)}"
        case "XK":
            return f"P{r(10000000, 99999999)}"
        case "DE":
            return "".join(rng.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(9))
        case "IT":
            return f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}{r(1000000, 9999999)}"
        case "AT" | "HR" | "GR":
            return f"{rng.choice(LETTERS)}{r(1000000, 9999999)}"
        case _:
            return f"{r(10000000, 999999999)}"


DE_DISTRICTS = ("M", "B", "HH", "F", "S", "K", "D", "N", "MÜ", "FFB")


def plate(rng: random.Random, cc: str) -> str:
    r, c = rng.randint, rng.choice
    match cc:
        case "DE":
            return f"{c(DE_DISTRICTS)}-{c(LETTERS)}{c(LETTERS)} {r(1, 9999)}"
        case "IT":
            return f"{c(LETTERS)}{c(LETTERS)} {r(100, 999)}{c(LETTERS)}{c(LETTERS)}"
        case "AT":
            return f"{c(('W', 'G', 'L', 'S', 'I', 'K', 'BN'))}-{r(100, 99999)}{c(LETTERS)}"
        case "FR":
            return f"{c(LETTERS)}{c(LETTERS)}-{r(100, 999)}-{c(LETTERS)}{c(LETTERS)}"
        case "RS":
            return f"{c(('BG', 'NS', 'NI', 'KG', 'SU'))} {r(100, 99999)}-{c(LETTERS)}{c(LETTERS)}"
        case _:
            return f"{c(LETTERS)}{c(LETTERS)} {r(100, 999)}-{c(LETTERS)}{c(LETTERS)}"


def vin(rng: random.Random) -> str:
    return rng.choice(WMI) + "".join(rng.choice(VIN_ALPHABET) for _ in range(14))


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


HEADER = (
    "record_id",
    "category",
    "action",
    "reference",
    "valid_from",
    "expires_on",
    "handling_code",
    "contact_point",
    "document_number",
    "document_country",
    "document_type",
    "plate",
    "plate_country",
    "vin",
    "name",
    "birth_date",
    "nationality",
    "description",
)
FILES = {"document": "documents.csv", "vehicle": "vehicles.csv", "person": "persons.csv"}
_PART_ROWS = 250_000


def _part(args: tuple[Path, str, int, int, int, int]) -> list[dict[str, str]]:
    """Rows start..stop of one kind into a part file (own random stream per part); returns its samples.

    Parts are independent, so ``generate`` runs them on every core; a row depends only on the seed,
    its kind and its number, whatever the number of processes.
    """
    path, kind, start, stop, every, seed = args
    rng = random.Random(f"{seed}-{kind}-{start}")
    rand, randint, choice, choices = rng.random, rng.randint, rng.choice, rng.choices
    today = date.today()
    days = [(today - timedelta(days=d)) for d in range(3651)]
    ahead = [(today + timedelta(days=d)).isoformat() for d in range(3651)]
    handling = ("H0",) * 8 + ("H1", "H2")
    doc_cc, doc_w = zip(*DOC_SHARE, strict=True)
    doc_cum = list(itertools.accumulate(doc_w))
    plate_cc, plate_w = zip(*PLATE_SHARE, strict=True)
    plate_cum = list(itertools.accumulate(plate_w))
    born0 = date(1950, 1, 1)
    samples: list[dict[str, str]] = []
    prefix = {"document": "D", "vehicle": "V", "person": "P"}[kind]
    with path.open("w", newline="") as fp:
        w = csv.writer(fp)
        rows = []
        for i in range(start, stop):
            vf = days[randint(1, 3650)]
            exp = "" if rand() < 0.6 else ahead[randint(30, 3650)]
            row = [f"{prefix}-{i:09d}", "", "", f"{prefix}/{vf.year}/{i}", vf.isoformat(), exp, choice(handling)]
            row += ("",) * 11
            if kind == "document":
                cc = choices(doc_cc, cum_weights=doc_cum)[0]
                row[1] = "stolen_document" if rand() < 0.55 else "lost_document"
                row[8], row[9], row[10] = doc_number(rng, cc), cc, choice(("passport", "id_card"))
                if i % every == 0:
                    samples.append({"document": row[8], "document_country": cc})
            elif kind == "vehicle":
                cc = choices(plate_cc, cum_weights=plate_cum)[0]
                row[1], row[11], row[12], row[13] = "stolen_vehicle", plate(rng, cc), cc, vin(rng)
                if i % every == 0:
                    samples.append({"plate": row[11], "plate_country": cc})
            else:
                cc = choice(tuple(GIVEN))
                name = f"{choice(GIVEN[cc])} {choice(SURNAMES[cc])}"
                if cc in ("RS", "MK") and rand() < 0.3:
                    name = cyrillic(name)
                born = (born0 + timedelta(days=randint(0, 20800))).isoformat()
                row[1] = "wanted_person" if rand() < 0.8 else "missing_person"
                row[2] = (
                    choice(("arrest", "arrest", "locate", "discreet_check", "refuse_entry"))
                    if row[1] == "wanted_person"
                    else "locate"
                )
                row[14], row[15], row[16] = name, born, cc
                if i % every == 0:
                    samples.append({"name": name, "birth_date": born, "nationality": cc})
            rows.append(row)
            if len(rows) >= 10000:
                w.writerows(rows)
                rows = []
        w.writerows(rows)
    return samples


def generate(
    out: Path, documents: int, vehicles: int, persons: int, seed: int = 4, processes: int | None = None
) -> None:
    """Write documents.csv, vehicles.csv, persons.csv and samples.json (hits the load test will ask).

    The files are made in parts of 250,000 rows by a pool of processes (one per core by default), then
    joined: 10 M rows take minutes, not the quarter of an hour of one process.
    """
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = {"document": documents, "vehicle": vehicles, "person": persons}
    jobs = []
    for kind, n in counts.items():
        every = max(n // 20000, 1)
        for start in range(0, n, _PART_ROWS):
            part = out / f".{kind}.{start:010d}.part"
            jobs.append((part, kind, start, min(start + _PART_ROWS, n), every, seed))
    with multiprocessing.Pool(processes or os.cpu_count() or 1) as pool:
        results = pool.map(_part, jobs, chunksize=1)
    samples: dict[str, list[dict[str, str]]] = {kind: [] for kind in counts}
    for kind in counts:
        with (out / FILES[kind]).open("w", newline="") as target:
            csv.writer(target).writerow(HEADER)
            for job, found in zip(jobs, results, strict=True):
                if job[1] != kind:
                    continue
                samples[kind].extend(found)
                with job[0].open(newline="") as part_fp:
                    shutil.copyfileobj(part_fp, target, 1 << 20)
                job[0].unlink()
    (out / "samples.json").write_text(json.dumps(samples))
    print(f"generated {documents + vehicles + persons:,} records in {time.perf_counter() - started:.0f} s")


def _import_in_process(path: Path, list_name: str, owner: str) -> dict[str, float]:
    """One import in this process, with the CPU of this process and of its PostgreSQL backend per row
    (read before the commit, while the backend still exists): what carries to other machines."""
    from sqlalchemy import text

    from liaison.core.audit import AuditContext
    from liaison.core.db import session_scope
    from liaison.frontline.importer import import_watchlist

    cpu0 = time.process_time()
    with session_scope() as s, path.open(newline="") as fp:
        backend = s.execute(text("SELECT pg_backend_pid()")).scalar_one()
        pg0 = _cpu_seconds([backend])
        report = import_watchlist(s, AuditContext.system("bench"), fp, list_name=list_name, owner_code=owner)
        pg1 = _cpu_seconds([backend])
    n = max(report.accepted, 1)
    return {
        "python_cpu_us_per_row": round((time.process_time() - cpu0) / n * 1e6, 1),
        "postgres_cpu_us_per_row": round((pg1 - pg0) / n * 1e6, 1),
    }


def run_import(directory: Path, in_process: bool = False) -> dict[str, Any]:
    """Import the three files with ``liaison watchlist import`` (or in this process, measuring CPU per row);
    wall-clock time per file and rate."""
    results = {}
    for name, owner in (("documents", "RS-SPOC"), ("vehicles", "DE-BKA"), ("persons", "RS-SPOC")):
        path = directory / f"{name}.csv"
        rows = sum(1 for _ in path.open()) - 1
        started = time.perf_counter()
        load_before = os.getloadavg()[0]
        if in_process:
            cpu = _import_in_process(path, f"bench-{name}", owner)
            seconds = time.perf_counter() - started
            results[name] = {
                "rows": rows,
                "seconds": round(seconds, 1),
                "rows_per_s": round(rows / seconds),
                **cpu,
                "load_avg": f"{load_before:.1f}-{os.getloadavg()[0]:.1f}",
            }
            print(name, results[name], flush=True)
            continue
        subprocess.run(
            [
                sys.executable,
                "-m",
                "liaison.cli",
                "watchlist",
                "import",
                str(path),
                "--list",
                f"bench-{name}",
                "--owner",
                owner,
                "--json",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        results[name] = {"rows": rows, "seconds": round(seconds, 1), "rows_per_s": round(rows / seconds)}
        print(name, results[name], flush=True)
    total_rows = sum(r["rows"] for r in results.values())
    total_s = sum(r["seconds"] for r in results.values())
    results["total"] = {
        "rows": total_rows,
        "seconds": round(total_s, 1),
        "rows_per_s": round(total_rows / total_s),
    }
    print("total", results["total"])
    return results


# --- HTTP load ------------------------------------------------------------------------------------------


def _queries(directory: Path, n: int, seed: int) -> list[bytes]:
    """A 70/20/10 document/vehicle/person mix; half of each are listed (hits), half are not."""
    rng = random.Random(seed)
    samples = json.loads((directory / "samples.json").read_text())
    out = []
    for _ in range(n):
        kind = rng.choices(("document", "vehicle", "person"), weights=(70, 20, 10))[0]
        q = dict(rng.choice(samples[kind]))
        if rng.random() < 0.5:  # a miss: same shape, not listed
            if kind == "document":
                q["document"] = doc_number(rng, q["document_country"])
            elif kind == "vehicle":
                q["plate"] = plate(rng, q["plate_country"])
            else:
                q["birth_date"] = (date(1950, 1, 1) + timedelta(days=rng.randint(0, 20800))).isoformat()
        q["crossing_point"] = "bench"
        out.append(json.dumps(q).encode())
    return out


#: wrk's script: each connection sends the pre-generated bodies in turn (each thread from its own offset)
#: and ``done`` prints the counts and latency percentiles as one JSON line.
WRK_SCRIPT = r"""
local bodies, token, i = {}, "", 0
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end
function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  token = args[2]
  i = (offset or 0) % #bodies
end
function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/v1/frontline/checks",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, bodies[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"non_2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def _wrk(
    url: str, token: str, bodies: Path, script: Path, seconds: float, connections: int, threads: int
) -> dict[str, Any]:
    """One wrk run; its summary (counts, latency percentiles in µs)."""
    cmd = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
        "-s", str(script), url, "--", str(bodies), token,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    return dict(json.loads(line[len("WRKJSON ") :]))


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _cpu_by_pid(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds consumed so far by each of these processes (from /proc)."""
    found: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def _cpu_seconds(pids: list[int]) -> float:
    return sum(_cpu_by_pid(pids).values())


def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU spent between two readings: processes started since count from zero (a connection pool grows);
    processes that ended are lost, so the figure is a lower bound."""
    return sum(v - before.get(pid, 0.0) for pid, v in after.items())


def _db_backends(database: str) -> list[int]:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres") as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)).fetchall()
    return [r[0] for r in rows]


class _WindowSampler:
    """Samples, every 50 ms, the audit records committed but not yet chained (the sequencer's window)."""

    def __init__(self, database: str) -> None:
        import threading

        self.database, self.counts, self.ages = database, [], []  # type: ignore[var-annotated]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={self.database}", autocommit=True) as conn:
            while not self._stop.wait(0.05):
                n, age = conn.execute(
                    "SELECT count(*), coalesce(extract(epoch FROM now() - min(at)), 0) FROM audit_record "
                    "WHERE seq IS NULL"
                ).fetchone()  # type: ignore[misc]
                self.counts.append(int(n))
                self.ages.append(float(age))

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join()
        if not self.counts:
            return {}
        ages = sorted(self.ages)
        return {
            "unchained_samples": len(self.counts),
            "unchained_max_records": max(self.counts),
            "unchained_oldest_s_p50": round(ages[len(ages) // 2], 3),
            "unchained_oldest_s_max": round(ages[-1], 3),
        }


def run_load(
    directory: Path,
    url: str,
    token: str,
    seconds: float,
    connections: int,
    threads: int = 1,
    server_pid: int = 0,
    database: str = "",
) -> dict[str, Any]:
    """Drive the API with wrk (a compiled load generator: a Python client would itself eat a core of the
    two); with ``server_pid`` and ``database`` also measure the CPU the server side spent per check
    (uvicorn workers + PostgreSQL backends): what the server needs per check on an idle machine, even
    when other work shares the CPUs during the run."""
    bodies = directory / "bodies.jsonl"
    bodies.write_bytes(b"\n".join(_queries(directory, 20000, 7)) + b"\n")
    script = directory / "checks.lua"
    script.write_text(WRK_SCRIPT)
    _wrk(url, token, bodies, script, 2, min(connections, 8), 1)  # warm-up (connections, plans), not counted
    server = (_children(server_pid) + [server_pid]) if server_pid else []
    window = _WindowSampler(database) if database else None
    app0, db0 = _cpu_by_pid(server), _cpu_by_pid(_db_backends(database) if database else [])
    load0 = os.getloadavg()[0]
    run = _wrk(url, token, bodies, script, seconds, connections, threads)
    app1, db1 = _cpu_by_pid(server), _cpu_by_pid(_db_backends(database) if database else [])
    lag = window.stop() if window else {}
    n = run["requests"]
    elapsed = run["duration_us"] / 1e6
    result = {
        "requests": n,
        "errors": run["non_2xx"] + run["connect"] + run["read"] + run["write"] + run["timeout"],
        "seconds": round(elapsed, 1),
        "checks_per_s": round(n / elapsed),
        "p50_ms": round(run["p50_us"] / 1000, 2),
        "p90_ms": round(run["p90_us"] / 1000, 2),
        "p99_ms": round(run["p99_us"] / 1000, 2),
        "max_ms": round(run["max_us"] / 1000, 2),
        "connections": connections,
        "wrk_threads": threads,
        "load_average_before": load0,
        "load_average_after": os.getloadavg()[0],
        **lag,
    }
    if server:
        app_cpu, db_cpu = _cpu_delta(app0, app1), _cpu_delta(db0, db1)
        per_check = (app_cpu + db_cpu) / max(n, 1)
        result.update(
            app_cpu_ms_per_check=round(app_cpu / max(n, 1) * 1000, 3),
            db_cpu_ms_per_check=round(db_cpu / max(n, 1) * 1000, 3),
            capacity_on_2_idle_cores=round(2 / per_check) if per_check else None,
        )
    print(json.dumps(result))
    return result


# --- replica --------------------------------------------------------------------------------------------


def run_replica(directory: Path, out: Path, n: int = 20000) -> dict[str, Any]:
    from liaison.core.db import session_scope
    from liaison.frontline.matching import CheckQuery
    from liaison.frontline.replica import Replica, export, keygen, load_private_key, load_public_key

    key_path = directory / "bench-signing.key"
    if not key_path.exists():
        keygen(key_path, key_path.with_suffix(".pub"))
    key = load_private_key(key_path)
    started = time.perf_counter()
    with session_scope() as session:
        # All 10 M records (H2 allowed), to measure the replica at full scale.
        report = export(session, out, key, allow_handling=("H2", "H3"))
    export_s = time.perf_counter() - started
    t0 = time.perf_counter()
    replica = Replica(out, load_public_key(str(key_path.with_suffix(".pub"))))
    open_s = time.perf_counter() - t0
    lat = []
    hits = 0
    for body in _queries(directory, n, 11):
        q = json.loads(body)
        q.pop("crossing_point")
        t0 = time.perf_counter()
        result = replica.check(CheckQuery(**q))
        lat.append(time.perf_counter() - t0)
        hits += bool(result.hits)
    q99 = statistics.quantiles(lat, n=100)
    result = {
        "entries": report.entries,
        "export_s": round(export_s, 1),
        "size_mb": round(report.size / 1e6, 1),
        "open_and_verify_s": round(open_s, 2),
        "checks": n,
        "with_hits": hits,
        "p50_ms": round(q99[49] * 1000, 3),
        "p99_ms": round(q99[98] * 1000, 3),
        "excluded_restricted": report.excluded_restricted,
    }
    print(json.dumps(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", type=Path, required=True)
    g.add_argument("--documents", type=int, default=8_000_000)
    g.add_argument("--vehicles", type=int, default=1_500_000)
    g.add_argument("--persons", type=int, default=500_000)
    g.add_argument("--processes", type=int, default=0, help="worker processes (default: one per core)")
    i = sub.add_parser("import")
    i.add_argument("--dir", type=Path, required=True)
    i.add_argument("--in-process", action="store_true", help="import here and measure CPU per row")
    ld = sub.add_parser("load")
    ld.add_argument("--dir", type=Path, required=True)
    ld.add_argument("--url", default="http://127.0.0.1:8000")
    ld.add_argument("--token", default=os.environ.get("LIAISON_BENCH_TOKEN", ""))
    ld.add_argument("--seconds", type=float, default=30)
    ld.add_argument("--connections", type=int, default=32)
    ld.add_argument("--threads", type=int, default=1, help="wrk threads (each takes CPU from the server)")
    ld.add_argument("--server-pid", type=int, default=0, help="uvicorn master pid (to measure server CPU)")
    ld.add_argument("--database", default="", help="PostgreSQL database name (to measure backend CPU)")
    r = sub.add_parser("replica")
    r.add_argument("--dir", type=Path, required=True)
    r.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.cmd == "generate":
        generate(args.out, args.documents, args.vehicles, args.persons, processes=args.processes or None)
    elif args.cmd == "import":
        run_import(args.dir, args.in_process)
    elif args.cmd == "load":
        run_load(
            args.dir,
            args.url,
            args.token,
            args.seconds,
            args.connections,
            args.threads,
            args.server_pid,
            args.database,
        )
    else:
        run_replica(args.dir, args.out)


if __name__ == "__main__":
    main()
