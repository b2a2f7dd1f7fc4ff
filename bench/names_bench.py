"""Name-matching benchmark: accuracy on the labelled dev pairs and throughput, beside the peer.

Usage (from the repository root)::

    PYTHONPATH=src python bench/names_bench.py [DEV.csv ...] [--peer-python PEER/bin/python]

The dev files default to ``../shared/data/names-dev.csv`` (the Balkan pairs, relative to the
repository root) and ``tests/matching/fixtures/names_world_dev.csv`` (the multi-script pairs built
by ``bench/world_dev_gen.py``).  The first file is the one whose pairs the throughput runs repeat.

Accuracy: precision, recall and F1 at :data:`DEFAULT_THRESHOLD`, and F1 and errors per category,
for ours and (with ``--peer-python``) for the peer on the same pairs.

Throughput, on one core (the process is pinned to one CPU where the OS allows it), median of
``--runs`` runs, every memo cache cleared before each run so that the figure is real work:

* ``repeated``: the dev pairs repeated ``--repeat`` times (names recur, as they do in a
  register, so token caches warm up within a run — that is part of the design);
* ``unique``: ``--unique`` pairs never seen before in the run, built from generated regional
  names written in other scripts and spellings (every pair distinct, most names distinct);
* ``fully cold``: every cache emptied before every single pair (a pessimistic lower bound);
* ``warm``: the same pairs scored again without clearing caches (reported for transparency
  only; it measures cache hits).

Peer: nomenklatura's logic-v2 run in its own environment through ``bench/peer_nomenklatura.py``
(``--peer-python``), at 0.7, yente's default match threshold; its best F1 over thresholds is
reported too.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from liaison.matching.names import DEFAULT_THRESHOLD, clear_caches, score_names  # noqa: E402

PEER_THRESHOLD = 0.7


def load_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def accuracy(rows: list[dict[str, str]], scores: list[float], threshold: float) -> dict[str, Any]:
    tp = fp = fn = 0
    errors: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for r, s in zip(rows, scores, strict=True):
        cat = r.get("category", "")
        totals[cat] += 1
        m = s >= threshold
        y = r["is_match"].strip().lower() == "true"
        if m and y:
            tp += 1
        elif m:
            fp += 1
        elif y:
            fn += 1
        if m != y:
            errors[cat] += 1
            examples.setdefault(cat, []).append(f"{r['name1']} | {r['name2']} ({s:.3f})")
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    return {
        "precision": p,
        "recall": rc,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "per_category": {
            c: {"n": totals[c], "errors": errors[c], "f1": _cat_f1(rows, scores, threshold, c)} for c in sorted(totals)
        },
        "examples": examples,
    }


def _cat_f1(rows: list[dict[str, str]], scores: list[float], threshold: float, cat: str) -> float | None:
    """F1 inside one category; None when the category has no true pair and no false match
    (then F1 is undefined and the error count says all)."""
    tp = fp = fn = 0
    for r, s in zip(rows, scores, strict=True):
        if r.get("category", "") != cat:
            continue
        m = s >= threshold
        y = r["is_match"].strip().lower() == "true"
        tp += m and y
        fp += m and not y
        fn += y and not m
    if tp + fp + fn == 0:
        return None
    return 2 * tp / (2 * tp + fp + fn)


def unique_pairs(n: int, seed: int = 11) -> list[tuple[str, str]]:
    """Distinct pairs of generated names: half the same person written otherwise, half others."""
    from register_gen import generate

    rows, truth = generate(max(n, 2000), n // 2, seed=seed)
    by_id = {r.id: r for r in rows}
    pairs = [(by_id[a].name, by_id[b].name) for a, b in sorted(truth)]
    rng = random.Random(seed)
    names = [r.name for r in rows]
    seen = set(pairs)
    while len(pairs) < n:
        p = (rng.choice(names), rng.choice(names))
        if p not in seen:
            seen.add(p)
            pairs.append(p)
    rng.shuffle(pairs)
    return pairs[:n]


def throughput(pairs: list[tuple[str, str]], runs: int, clear: bool = True) -> list[float]:
    rates = []
    for _ in range(runs):
        if clear:
            clear_caches()
        t0 = time.perf_counter()
        for a, b in pairs:
            score_names(a, b)
        rates.append(len(pairs) / (time.perf_counter() - t0))
    return rates


def fully_cold(pairs: list[tuple[str, str]]) -> float:
    """Pairs per second when every memo cache is emptied before every pair (a lower bound)."""
    total = 0.0
    for a, b in pairs:
        clear_caches()
        t0 = time.perf_counter()
        score_names(a, b)
        total += time.perf_counter() - t0
    return len(pairs) / total


def run_peer(peer_python: str, dev: Path, rows: list[dict[str, str]]) -> dict[str, Any]:
    proc = subprocess.run(
        [peer_python, str(ROOT / "bench" / "peer_nomenklatura.py"), str(dev.resolve())],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    out = json.loads(proc.stdout)
    scores = out["scores"]
    acc = accuracy(rows, scores, PEER_THRESHOLD)
    best = max((accuracy(rows, scores, t / 100)["f1"], t / 100) for t in range(30, 100, 5))
    return {"accuracy": acc, "pairs_per_s": out["n"] / out["seconds"], "best_f1": best[0], "best_threshold": best[1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "dev",
        nargs="*",
        default=[
            str(ROOT / ".." / "shared" / "data" / "names-dev.csv"),
            str(ROOT / "tests" / "matching" / "fixtures" / "names_world_dev.csv"),
        ],
    )
    ap.add_argument("--peer-python", help="python of an environment with nomenklatura installed")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--unique", type=int, default=20_000)
    ap.add_argument("--json", help="also write all figures to this JSON file")
    args = ap.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    devs = [Path(d) for d in args.dev]
    files: list[dict[str, Any]] = []
    for dev in devs:
        rows = load_pairs(dev)
        clear_caches()
        scores = [score_names(r["name1"], r["name2"]) for r in rows]
        entry: dict[str, Any] = {
            "dev_file": dev.name,
            "pairs": len(rows),
            "accuracy": accuracy(rows, scores, DEFAULT_THRESHOLD),
        }
        if args.peer_python:
            entry["peer"] = run_peer(args.peer_python, dev, rows)
        files.append(entry)

    base = [(r["name1"], r["name2"]) for r in load_pairs(devs[0])]
    rep = throughput(base * args.repeat, args.runs)
    uniq_pairs = unique_pairs(args.unique)
    uniq = throughput(uniq_pairs, args.runs)
    warm = throughput(uniq_pairs, args.runs, clear=False)
    cold = statistics.median(fully_cold(uniq_pairs[:2000]) for _ in range(args.runs))
    result: dict[str, Any] = {
        "threshold": DEFAULT_THRESHOLD,
        "files": files,
        "throughput": {
            "repeated_median": statistics.median(rep),
            "repeated_runs": rep,
            "repeated_pairs": len(base) * args.repeat,
            "unique_median": statistics.median(uniq),
            "unique_runs": uniq,
            "unique_pairs": len(uniq_pairs),
            "warm_median": statistics.median(warm),
            "fully_cold_median": cold,
        },
    }

    def fmt(v: float | None) -> str:
        return "–" if v is None else f"{v:.3f}"

    peer_rates: list[float] = []
    for entry in files:
        acc = entry["accuracy"]
        print(f"# names bench — {entry['dev_file']}, {entry['pairs']} pairs, threshold {DEFAULT_THRESHOLD}")
        print(
            f"precision {acc['precision']:.4f}  recall {acc['recall']:.4f}  F1 {acc['f1']:.4f}  "
            f"(tp {acc['tp']}, fp {acc['fp']}, fn {acc['fn']})"
        )
        peer = entry.get("peer")
        peer_cat: dict[str, dict[str, Any]] = {}
        if isinstance(peer, dict) and "accuracy" in peer:
            peer_cat = peer["accuracy"]["per_category"]
            pa = peer["accuracy"]
            print(
                f"peer nomenklatura logic-v2 @ {PEER_THRESHOLD}: precision {pa['precision']:.4f} "
                f"recall {pa['recall']:.4f} F1 {pa['f1']:.4f}; best F1 {peer['best_f1']:.4f} "
                f"@ {peer['best_threshold']:.2f}; {peer['pairs_per_s']:,.1f} pairs/s"
            )
            peer_rates.append(peer["pairs_per_s"])
        elif isinstance(peer, dict):
            print(f"peer could not run: {peer.get('error')}")
        else:
            print("peer not run (no --peer-python given)")
        print(
            f"\n| category | pairs | F1 (ours) | errors (ours) | F1 (logic-v2 @{PEER_THRESHOLD}) | errors (logic-v2) |"
            "\n|---|---|---|---|---|---|"
        )
        for cat, v in acc["per_category"].items():
            pc = peer_cat.get(cat, {})
            print(
                f"| {cat} | {v['n']} | {fmt(v['f1'])} | {v['errors']} | "
                f"{fmt(pc.get('f1')) if pc else '–'} | {pc.get('errors', '–')} |"
            )
        for cat, ex in acc["examples"].items():
            for e in ex:
                print(f"  error [{cat}] {e}")
        print()
    t = result["throughput"]
    print(f"throughput, one core, median of {args.runs} (caches cleared before each run):")
    print(f"  repeated dev pairs ({t['repeated_pairs']}): {t['repeated_median']:,.0f} pairs/s")
    print(f"  unique unseen pairs ({t['unique_pairs']}): {t['unique_median']:,.0f} pairs/s")
    print(f"  fully cold, every cache emptied before every pair (lower bound): {t['fully_cold_median']:,.0f} pairs/s")
    print(f"  warm caches (cache hits, not a target figure): {t['warm_median']:,.0f} pairs/s")
    if peer_rates:
        pr = statistics.median(peer_rates)
        print(f"peer pairs/s (median over files): {pr:,.1f}; ratio ours unique / peer: {t['unique_median'] / pr:,.0f}×")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
