"""Online index benchmark: a million persons and five million identifiers in memory.

Usage (from the repository root)::

    PYTHONPATH=src python bench/index_bench.py [--persons 1000000] [--ids-per-person 5]
        [--queries 2000] [--seed 5]

Generates ``--persons`` distinct people of the region (``bench/register_gen.py``) with
``--ids-per-person`` identifiers each (passport, ID card, phone, IBAN, licence), builds a
:class:`~liaison.matching.index.PersonIndex`, and reports:

* build time and memory (resident set size before and after the build, and the peak);
* query latency for a new person (p50/p95/p99): half the queries are planted duplicates of
  indexed people written another way (whose original must come back as a decided hit), half
  are new people (namesakes of indexed people included);
* exact identifier lookup latency (p50/p99), half present and half absent.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from register_gen import generate  # noqa: E402

from liaison.matching.index import PersonIndex  # noqa: E402
from liaison.matching.names import normalise_name  # noqa: E402
from liaison.matching.persons import Person  # noqa: E402


def rss_mb(field: str = "VmRSS") -> float:
    """Resident set size (or ``VmHWM`` peak) of this process in MB, from /proc (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def identifiers(i: int, nat: str, k: int) -> tuple[str, ...]:
    kinds = (f"PP:{nat}:{100000000 + i:09d}", f"ID:{nat}:{i * 7 + 3:010d}",
             f"TEL:+38{i % 10}{60000000 + i:08d}", f"IBAN:{nat}{i * 13 % 97:02d}{i:016d}",
             f"DL:{nat}:{i:08d}")
    return kinds[:k]


def _same_or_swapped(a: str, b: str) -> bool:
    ya, ma, da = a.split("-")
    return a == b or b == f"{ya}-{da}-{ma}"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--ids-per-person", type=int, default=5)
    ap.add_argument("--queries", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--json")
    args = ap.parse_args()

    t0 = time.perf_counter()
    rows, truth = generate(args.persons, args.queries // 2, seed=args.seed)
    people = [r for r in rows if r.id.startswith("P")]
    dups = [r for r in rows if r.id.startswith("D")]
    orig_of = {d: p for p, d in ((a, b) if a.startswith("P") else (b, a) for a, b in truth)}
    fresh_rows, _ = generate(args.queries // 2, 0, seed=args.seed + 1000)
    del rows
    gen_s = time.perf_counter() - t0
    gc.collect()
    rss_before = rss_mb()

    ix = PersonIndex()
    t0 = time.perf_counter()
    for i, r in enumerate(people):
        ix.add(r.id, Person(r.name, r.birth_date, r.sex, r.nationality,
                            identifiers(i, r.nationality, args.ids_per_person)))
    build_s = time.perf_counter() - t0
    gc.collect()
    rss_after = rss_mb()
    n_ids = len(people) * args.ids_per_person

    lat_dup: list[float] = []
    hits = 0
    for r in dups:
        q = Person(r.name, r.birth_date, None, r.nationality or None)
        t = time.perf_counter()
        cands = ix.query(q)
        lat_dup.append((time.perf_counter() - t) * 1000)
        hits += any(c.id == orig_of[r.id] and c.is_match for c in cands)
    lat_new: list[float] = []
    false_hits = twins = 0
    by_id = {r.id: r for r in people}
    for r in fresh_rows:
        q = Person(r.name, r.birth_date, None, r.nationality)
        t = time.perf_counter()
        cands = ix.query(q)
        lat_new.append((time.perf_counter() - t) * 1000)
        decided = [c for c in cands if c.is_match]
        false_hits += bool(decided)
        # A generated "new" person can be a namesake (same folded name, other script perhaps)
        # born the same day, or on the day/month swap of it: no matcher can tell them apart
        # from name and date alone.
        twins += any(normalise_name(by_id[c.id].name).keys == normalise_name(r.name).keys
                     and _same_or_swapped(by_id[c.id].birth_date, r.birth_date) for c in decided)
    lat_all = lat_dup + lat_new

    rng = random.Random(args.seed)
    lat_id: list[float] = []
    found = 0
    for _ in range(10_000):
        i = rng.randrange(len(people))
        present = rng.random() < 0.5
        value = identifiers(i, people[i].nationality, 1)[0] if present else f"PP:XX:{rng.random()}"
        t = time.perf_counter()
        res = ix.lookup_identifier(value)
        lat_id.append((time.perf_counter() - t) * 1000)
        found += bool(res) == present

    result: dict[str, Any] = {
        "persons": len(people), "identifiers": n_ids, "generate_s": gen_s, "build_s": build_s,
        "rss_before_mb": rss_before, "rss_after_mb": rss_after, "index_mb": rss_after - rss_before,
        "peak_rss_mb": rss_mb("VmHWM"),
        "query_ms": {"p50": statistics.median(lat_all), "p95": pct(lat_all, 0.95),
                     "p99": pct(lat_all, 0.99), "n": len(lat_all)},
        "query_dup_ms_p95": pct(lat_dup, 0.95), "query_new_ms_p95": pct(lat_new, 0.95),
        "dup_hit_rate": hits / len(dups) if dups else 0.0,
        "new_person_false_hit_rate": false_hits / len(fresh_rows) if fresh_rows else 0.0,
        "new_person_same_name_same_day": twins,
        "identifier_ms": {"p50": statistics.median(lat_id), "p99": pct(lat_id, 0.99),
                          "correct": found / len(lat_id)},
    }
    q = result["query_ms"]
    print(f"# index bench — {len(people):,} persons, {n_ids:,} identifiers")
    print(f"build {build_s:.1f} s; RSS {rss_before:.0f} MB before, {rss_after:.0f} MB after "
          f"(index ≈ {rss_after - rss_before:.0f} MB); process peak {result['peak_rss_mb']:.0f} MB")
    print(f"new-person query ({q['n']}): p50 {q['p50']:.2f} ms, p95 {q['p95']:.2f} ms, "
          f"p99 {q['p99']:.2f} ms (duplicates p95 {result['query_dup_ms_p95']:.2f}, "
          f"new people p95 {result['query_new_ms_p95']:.2f})")
    print(f"planted duplicates found as decided hits: {result['dup_hit_rate']:.4f}; "
          f"new people with a (false) decided hit: {result['new_person_false_hit_rate']:.4f} "
          f"({twins} of {false_hits} against a same-name person born the same or the swapped day)")
    li = result["identifier_ms"]
    print(f"identifier lookup (10,000): p50 {li['p50'] * 1000:.1f} µs, p99 {li['p99'] * 1000:.1f} µs, "
          f"correct {li['correct']:.4f}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
