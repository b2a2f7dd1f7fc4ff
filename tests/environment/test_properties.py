"""Property tests: the parsers never crash on arbitrary text and normalise idempotently."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.environment.screening import ScreeningInputError, screen
from liaison.environment.screening.cas import check_digit, normalize_cas, parse_cas
from liaison.environment.screening.hs import normalize_hs, try_normalize_hs, validate_hs
from liaison.environment.screening.reference import refrigerant_key
from liaison.environment.screening.text import fold

cas_like = st.from_regex(r"\A[0-9]{2,7}[- ]?[0-9]{2}[- ]?[0-9]\Z")
hs_like = st.from_regex(r"\A[0-9]{4}[. ]?[0-9]{2}([. ]?[0-9]{2}){0,2}\Z")


@given(st.text())
def test_parse_cas_never_crashes(text: str) -> None:
    parse_cas(text)


@given(st.one_of(st.text(), cas_like))
def test_normalize_cas_is_idempotent(text: str) -> None:
    once = normalize_cas(text)
    if once is not None:
        assert normalize_cas(once) == once


@given(st.integers(min_value=1000, max_value=99_999_999))
def test_valid_cas_round_trip(body: int) -> None:
    digits = str(body)
    cas = f"{digits[:-2]}-{digits[-2:]}-{check_digit(digits)}"
    parsed = parse_cas(cas)
    assert parsed is not None and parsed.valid and parsed.text == cas


@given(st.one_of(st.text(), hs_like))
def test_hs_parsers_only_raise_screening_input_error(text: str) -> None:
    try:
        once = normalize_hs(text)
    except ScreeningInputError:
        assert try_normalize_hs(text) is None
        return
    assert normalize_hs(once) == once
    with contextlib.suppress(ScreeningInputError):
        validate_hs(text)


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_refrigerant_key_never_crashes(text: str) -> None:
    refrigerant_key(text)


@settings(max_examples=40, deadline=None)
@given(description=st.text(max_size=200), species=st.one_of(st.none(), st.text(max_size=40)))
def test_screen_never_crashes_on_free_text(description: str, species: str | None) -> None:
    result = screen({"hs_code": "0106.39", "description": description, "species": species})
    assert result.note


@given(st.text())
def test_refrigerant_key_is_idempotent(text: str) -> None:
    key = refrigerant_key(text)
    if key is not None:
        assert refrigerant_key(key) == key
