"""Batch dedupe on a small generated register."""

from __future__ import annotations

import random

from liaison.matching.dedupe import Record, blocking_keys, dedupe
from liaison.matching.persons import Person

GIVEN = ["Marko", "Nikola", "Jelena", "Milica", "Ivan", "Ivana", "Emir", "Amir", "Arben", "Besnik",
         "Dragan", "Dragana", "Goran", "Zoran", "Selma", "Luljeta"]
SURNAMES = ["Petrović", "Petković", "Jovanović", "Jovanovski", "Hoxha", "Hoxhaj", "Krasniqi",
            "Đorđević", "Hodžić", "Stojanović", "Simić", "Horvat"]


def _register(seed: int = 1) -> tuple[list[Record], set[tuple[str, str]]]:
    rng = random.Random(seed)
    recs: list[Record] = []
    seen: set[tuple[str, str]] = set()
    while len(recs) < 400:
        name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        date = f"{rng.randint(1960, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        y, m, d = date.split("-")
        if (name, date) in seen or (name, f"{y}-{d}-{m}") in seen:
            continue
        seen.add((name, date))
        recs.append(Record(f"p{len(recs)}", Person(name, date, nationality="RS")))
    variants = {
        "Marko Petrović 1971-03-04": ("PETROVIC<<MARKO", "1971-03-04"),
        "Jelena Đorđević 1980-05-06": ("Јелена Ђорђевић", "1980-06-05"),  # script + swap
        "Besnik Krasniqi 1990-07-21": ("Besnik Krasnići", "1990-07-21"),
        "Emir Hodžić 1985-11-30": ("Emir (Ahmet) Hodžić", "1985-11-30"),
        "Goran Stojanović 1975-02-17": ("Goran Stojaovic", "1975-02-17"),  # typo
        "Arben Hoxha 1969-09-09": ("Arben Hodža", "1969-09-09"),
        "Milica Simić 1999-12-01": ("Milica Simitsch", "1999-12-01"),
    }
    truth: set[tuple[str, str]] = set()
    for k, (key, (dup_name, dup_date)) in enumerate(variants.items()):
        name, date = key.rsplit(" ", 1)
        orig = Record(f"o{k}", Person(name, date, nationality="RS"))
        dup = Record(f"d{k}", Person(dup_name, dup_date, nationality=""))
        recs += [orig, dup]
        truth.add((orig.id, dup.id))
        # A namesake born on another day must stay apart.
        recs.append(Record(f"n{k}", Person(name, date[:4] + "-01-29", nationality="RS")))
    rng.shuffle(recs)
    return recs, truth


def test_dedupe_finds_planted_duplicates_and_spares_namesakes() -> None:
    recs, truth = _register()
    found = {tuple(sorted((a, b))) for a, b, _ in dedupe(recs)}
    truth_sorted = {tuple(sorted(p)) for p in truth}
    assert truth_sorted <= found
    assert not [p for p in found if p[0].startswith("n") or p[1].startswith("n")]
    assert len(found - truth_sorted) == 0


def test_blocking_survives_order_and_script() -> None:
    a = blocking_keys("Marko Petrović", 1980)
    assert a & blocking_keys("Petrović Marko", 1980)
    assert a & blocking_keys("Марко Петровић", 1980)
    assert a & blocking_keys("PETROVIC<<MARKO", 1980)
    assert not a & blocking_keys("Marko Petrović", 1981)


def test_identifier_pairs_are_found_without_dates() -> None:
    recs = [Record("a", Person("Marko Petrović", identifiers=("X1",))),
            Record("b", Person("Petrovic Marko", identifiers=("X1",)))]
    assert [(a, b) for a, b, _ in dedupe(recs)] == [("a", "b")]
