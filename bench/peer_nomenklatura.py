"""Score name pairs with nomenklatura's logic-v2 (the peer); run inside the peer's own venv.

Reads a CSV with columns name1,name2 from the path given as the first argument and prints one
JSON object: the scores in input order and the wall-clock seconds spent scoring (FtM entity
construction included, as a user of the library would have to do it).  Kept separate from the
benchmark so that the project's environment never needs followthemoney/pyicu.
"""

from __future__ import annotations

import csv
import json
import sys
import time


def main() -> None:
    from followthemoney import model
    from nomenklatura.matching import LogicV2
    from nomenklatura.matching.types import ScoringConfig

    with open(sys.argv[1], encoding="utf-8", newline="") as fh:
        pairs = [(r["name1"], r["name2"]) for r in csv.DictReader(fh)]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else len(pairs)
    pairs = pairs[:limit]
    config = ScoringConfig.defaults()
    scores: list[float] = []
    t0 = time.perf_counter()
    for i, (a, b) in enumerate(pairs):
        qa = model.make_entity("Person")
        qa.id = f"q{i}"
        qa.add("name", a)
        qb = model.make_entity("Person")
        qb.id = f"r{i}"
        qb.add("name", b)
        scores.append(LogicV2.compare(qa, qb, config).score)
    elapsed = time.perf_counter() - t0
    json.dump({"scores": scores, "seconds": elapsed, "n": len(pairs)}, sys.stdout)


if __name__ == "__main__":
    main()
