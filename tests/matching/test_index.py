"""Online candidate index: add, query, remove, identifier lookup."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from liaison.matching.index import PersonIndex, _date_compatible, _pack_date
from liaison.matching.persons import Person, compare_dates, parse_date


def _index() -> PersonIndex:
    ix = PersonIndex()
    ix.add("1", Person("Miloš Đorđević", "1980-05-06", "M", "RS", ("PP:RS:1",)))
    ix.add("2", Person("Miloš Đorđević", "1971-01-02", "M", "RS"))
    ix.add("3", Person("Besnik Krasniqi", "1990-07-21", "M", "XK", ("PP:XK:9",)))
    ix.add("4", Person("Marko Petković", "1980-05-06", "M", "RS"))
    return ix


def test_query_finds_the_same_person_written_otherwise() -> None:
    ix = _index()
    hits = ix.query(Person("DJORDJEVIC<<MILOS", "1980-06-05"))
    assert hits and hits[0].id == "1" and hits[0].is_match
    assert all(h.id != "2" for h in hits)  # namesake born another year


def test_query_without_birth_date_returns_candidates_but_no_decision() -> None:
    hits = _index().query(Person("Besnik Krasnići"))
    assert [h.id for h in hits] == ["3"]
    assert not hits[0].is_match


def test_identifier_lookup_and_hit() -> None:
    ix = _index()
    assert ix.lookup_identifier("pp:xk:9 ") == ["3"]
    hits = ix.query(Person("Besnik Krasniqi", identifiers=("PP:XK:9",)))
    assert hits[0].id == "3" and hits[0].shared_identifier and hits[0].is_match


def test_remove_and_replace() -> None:
    ix = _index()
    assert len(ix) == 4
    assert ix.remove("1")
    assert not ix.remove("1")
    assert ix.lookup_identifier("PP:RS:1") == []
    assert all(h.id != "1" for h in ix.query(Person("Miloš Đorđević", "1980-05-06")))
    ix.add("3", Person("Arben Hoxha", "1970-01-01"))
    assert len(ix) == 3
    assert ix.query(Person("Besnik Krasniqi", "1990-07-21")) == []


@given(st.integers(1950, 1952), st.integers(0, 12), st.integers(0, 28),
       st.integers(1950, 1952), st.integers(0, 12), st.integers(0, 28))
def test_packed_date_filter_agrees_with_compare_dates(y1: int, m1: int, d1: int,
                                                      y2: int, m2: int, d2: int) -> None:
    def text(y: int, m: int, d: int) -> str:
        return f"{y}" if m == 0 else f"{y}-{m:02d}" if d == 0 else f"{y}-{m:02d}-{d:02d}"

    a, b = text(y1, m1, d1), text(y2, m2, d2)
    pa, pb = _pack_date(a), _pack_date(b)
    outcome = compare_dates(parse_date(a), parse_date(b))[0]
    assert _date_compatible(pa, pa % 10_000, pb) == (outcome != "conflict")
