"""Property tests: every normaliser, on arbitrary text, never raises, keeps the input,
is idempotent on its own output, and (except the multi-line MRZ) has no whitespace."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from liaison.entities.identifiers import NORMALISERS, normalise
from liaison.entities.identifiers.base import compact

# Mix arbitrary Unicode with characters the domain actually meets, so that examples
# often look like identifiers rather than pure noise.
_domain_chars = st.sampled_from(
    list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz<+-./ @()")
    + list("АВЕКМНОРСТУХЂЖЋЧШЉЊЏабвгђжћчшљњџЈјЅѕČĆŠŽĐčćšžđËëÇç")
    + ["\u00a0", "\t", "\n", "\r", "\u200b", "ß", "ǅ", "ﬀ", "İ", "ı", "ΐ", "ŉ"]
)
_text = st.one_of(
    st.text(min_size=1, max_size=60),
    st.text(alphabet=_domain_chars, min_size=1, max_size=60),
).filter(lambda s: compact(s) != "")
# "Empty" includes invisible-only text (soft hyphen, zero-width space): that raises.
_countries = st.sampled_from([None, "RS", "ME", "MK", "AL", "BA", "XK", "DE", "HR", "US"])

KINDS = sorted(NORMALISERS)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("raw", ["\u00ad", "\u200b\u00a0", "\t"])
def test_invisible_only_input_is_empty(kind: str, raw: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        normalise(kind, raw)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(raw=_text, country=_countries)
@example(raw="@\u00a8", country=None)  # IDNA's NFKC turns "¨" into a space and a combining mark
def test_never_raises_keeps_input_and_is_idempotent(kind: str, raw: str, country: str | None) -> None:
    first = normalise(kind, raw, country)
    assert first.raw == raw
    assert first.kind == kind
    assert first.value, "the key must never be empty"
    assert first.valid or first.problems, "invalid results say why"
    second = normalise(kind, first.value, country)
    assert second.value == first.value
    if kind != "mrz":
        assert not any(ch.isspace() for ch in first.value)


# Identifier-shaped inputs exercise the parsing paths, not just the fallbacks.
_shaped = {
    "phone": st.from_regex(r"(\+|00)?[0-9 ]{6,15}", fullmatch=True),
    "iban": st.from_regex(r"(RS|ME|MK|AL|BA|XK)[0-9]{2}[0-9 ]{15,26}", fullmatch=True),
    "vin": st.from_regex(r"[A-HJ-NPR-Z0-9]{17}", fullmatch=True),
    "plate": st.from_regex(r"[A-ZА-Я]{2}[ -]?[0-9]{3,4}[ -]?[A-ZА-Я]{2}", fullmatch=True),
    "document": st.from_regex(r"[A-Z0-9<]{6,12}", fullmatch=True),
    "container": st.from_regex(r"[A-Z]{3}[UJZ] ?[0-9]{6}-?[0-9]", fullmatch=True),
    "imo": st.from_regex(r"(IMO ?)?[0-9]{7}", fullmatch=True),
    "email": st.emails(),
    "firearm_serial": st.from_regex(r"[A-Z0-9 -]{3,12}", fullmatch=True),
    "registration_number": st.from_regex(r"[0-9]{8,13}", fullmatch=True),
    "mrz": st.from_regex(r"[A-Z0-9<]{30}( [A-Z0-9<]{30}){2}|[A-Z0-9<]{44} [A-Z0-9<]{44}", fullmatch=True),
}


def test_every_kind_has_a_shaped_strategy() -> None:
    assert set(_shaped) == set(NORMALISERS)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data(), country=_countries)
def test_shaped_inputs(kind: str, data: st.DataObject, country: str | None) -> None:
    raw = data.draw(_shaped[kind].filter(lambda s: compact(s) != ""))
    first = normalise(kind, raw, country)
    assert normalise(kind, first.value, country).value == first.value
    if kind != "mrz":
        assert not any(ch.isspace() for ch in first.value)
