"""Person matching: birth date forms, identifiers, and that a name alone never merges."""

from __future__ import annotations

import pytest

from liaison.matching.persons import PartialDate, Person, compare_dates, match_persons, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985", PartialDate(1985)),
        ("1985-03", PartialDate(1985, 3)),
        ("1985-03-14", PartialDate(1985, 3, 14)),
        ("14.03.1985.", PartialDate(1985, 3, 14)),
        ("14/03/1985", PartialDate(1985, 3, 14)),
        ("03/1985", PartialDate(1985, 3)),
        ("19850314", PartialDate(1985, 3, 14)),
        ("", None),
        ("unknown", None),
    ],
)
def test_parse_date(text: str, expected: PartialDate | None) -> None:
    assert parse_date(text) == expected


def test_date_outcomes() -> None:
    d = parse_date
    assert compare_dates(d("1985-03-14"), d("1985-03-14"))[0] == "exact"
    assert compare_dates(d("1985-03-04"), d("1985-04-03"))[0] == "swapped"
    assert compare_dates(d("1985-03"), d("1985-03-14"))[0] == "year_month"
    assert compare_dates(d("1985"), d("1985-03-14"))[0] == "year"
    assert compare_dates(d("1985-03-14"), d("1986-03-14"))[0] == "conflict"
    assert compare_dates(d("1985-03-14"), d("1985-03-15"))[0] == "conflict"
    assert compare_dates(None, d("1985"))[0] == "unknown"


def test_name_alone_never_merges() -> None:
    m = match_persons(Person("Marko Petrović"), Person("Marko Petrović"))
    assert not m.is_match
    m = match_persons(Person("Marko Petrović", "1985"), Person("Marko Petrović", "1985", nationality="RS"))
    assert not m.is_match  # a year is not enough in a register full of namesakes


def test_namesakes_with_other_birth_dates_are_apart() -> None:
    m = match_persons(Person("Marko Petrović", "1985-03-14"), Person("Marko Petrović", "1979-11-02"))
    assert not m.is_match
    assert any(e.field == "birth_date" and e.outcome == "conflict" for e in m.evidence)


def test_other_script_and_swapped_date_merge() -> None:
    m = match_persons(Person("Марко Петровић", "1985-03-04", "M", "RS"),
                      Person("PETROVIC<<MARKO", "1985-04-03", "M", "RS"))
    assert m.is_match
    fields = {e.field: e.outcome for e in m.evidence}
    assert fields == {"name": "match", "birth_date": "swapped", "sex": "same", "nationality": "same"}
    assert m.explanation()[0]["field"] == "name"


def test_shared_identifier_is_strong_evidence() -> None:
    a = Person("Marko Petrović", identifiers=("PP:RS:012345678",))
    b = Person("Marko Petrovic Jovanov", identifiers=("PP:RS:012345678",))
    assert match_persons(a, b).is_match
    # ...but not against a contradicting birth date.
    c = Person("Marko Petrović", "1970-01-01", identifiers=("PP:RS:012345678",))
    d = Person("Marko Petrović", "1990-05-05", identifiers=("PP:RS:012345678",))
    assert not match_persons(c, d).is_match


def test_different_sex_blocks_a_merge() -> None:
    a = Person("Ana Horvat", "1990-01-01", "F")
    b = Person("Ana Horvat", "1990-01-01", "M")
    assert not match_persons(a, b).is_match
