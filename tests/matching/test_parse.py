"""Parsing of MRZ fields, comma form, surname-first capitals and father's names."""

from __future__ import annotations

from liaison.matching.names import normalise_name
from liaison.matching.names.parse import is_mrz, parse_mrz, parse_name


def roles(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.role) for t in parse_name(text)]


def test_mrz_name_field() -> None:
    assert roles("PETROVIC<<MARKO") == [("PETROVIC", "surname"), ("MARKO", "given")]
    assert roles("PETROVIC<<MARKO<JOVAN<<<<<<") == [
        ("PETROVIC", "surname"), ("MARKO", "given"), ("JOVAN", "given")]


def test_mrz_line_with_document_code_and_state() -> None:
    assert [t.text for t in parse_mrz("P<SRBPETROVIC<<MARKO<<<<<<<<<<<<")] == ["PETROVIC", "MARKO"]
    assert [t.text for t in parse_mrz("P<MKDGJORGJIEVSKI<<KIRIL<<<")] == ["GJORGJIEVSKI", "KIRIL"]


def test_mrz_double_surname() -> None:
    toks = parse_mrz("KOVAC<HORVAT<<ANA")
    assert [(t.text, t.role) for t in toks] == [("KOVAC", "surname"), ("HORVAT", "surname"),
                                                ("ANA", "given")]


def test_is_mrz() -> None:
    assert is_mrz("THACI<<AGRON")
    assert not is_mrz("Agron Thaçi")


def test_comma_form() -> None:
    assert roles("ZHEKOVA, Tsvetelina") == [("Tsvetelina", "given"), ("ZHEKOVA", "surname")]


def test_surname_first_in_capitals() -> None:
    assert roles("PETROVIĆ Marko") == [("Marko", "given"), ("PETROVIĆ", "surname")]


def test_father_name_in_parentheses_and_between() -> None:
    assert roles("Marko (Jovan) Petrović") == [
        ("Marko", "given"), ("Jovan", "father"), ("Petrović", "surname")]
    assert roles("Marko Jovan Petrović") == [
        ("Marko", "given"), ("Jovan", "father"), ("Petrović", "surname")]


def test_empty_and_junk() -> None:
    assert parse_name("") == []
    assert parse_name("  ,;<< ") == []
    assert parse_name("123") == []


def test_normalised_display_form() -> None:
    n = normalise_name("ĐORĐEVIĆ, Miloš")
    assert n.latin == "Miloš Đorđević"
    assert n.surname_keys() == ("dordevic",)
    assert n.given_keys() == ("milos",)
    assert normalise_name("Милош Ђорђевић").keys == ("milos", "dordevic")
