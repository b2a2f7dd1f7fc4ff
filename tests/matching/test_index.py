"""Online candidate index: add, query, remove, identifier lookup."""

from __future__ import annotations

from liaison.matching.index import PersonIndex
from liaison.matching.persons import Person


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
