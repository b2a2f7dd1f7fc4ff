"""Property tests for every normaliser and for the scorer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.matching.names import normalise_name, score_names
from liaison.matching.names.parse import parse_name
from liaison.matching.names.translit import diacritic_key, fold_key, light_key, transliterate
from liaison.matching.persons import parse_date

# Latin with diacritics, Cyrillic, MRZ filler and punctuation, plus anything else.
NAMEISH = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzčćšžđëçABCDŠŽĐ<<,() -'")
                             + list("абвгдђежзијклљмнњопрстћуфхцчџшѓќѕщъьюяй")),
    max_size=30,
)
ANY = st.one_of(NAMEISH, st.text(max_size=30))
settings.register_profile("fast", max_examples=150, deadline=None)
settings.load_profile("fast")


@given(ANY)
def test_fold_key_is_idempotent_and_ascii(text: str) -> None:
    k = fold_key(text)
    assert k == fold_key(k)
    assert k.isascii() and (k == "" or k.isalpha())


@given(ANY)
def test_light_key_is_idempotent(text: str) -> None:
    k = light_key(text)
    assert k == light_key(k)


@given(ANY)
def test_transliteration_removes_cyrillic_and_is_idempotent(text: str) -> None:
    t = transliterate(text)
    assert transliterate(t) == t
    assert not any("\u0400" <= ch <= "\u04ff" for ch in t)


@given(ANY)
def test_other_normalisers_never_raise(text: str) -> None:
    diacritic_key(text)
    parse_name(text)
    parse_date(text)
    n = normalise_name(text)
    assert normalise_name(n.latin).keys == n.keys or n.latin == ""


@given(ANY, ANY)
def test_score_is_symmetric_and_bounded(a: str, b: str) -> None:
    s = score_names(a, b)
    assert 0.0 <= s <= 1.0
    assert s == score_names(b, a)


@given(NAMEISH)
def test_a_name_matches_itself(a: str) -> None:
    if normalise_name(a).keys:
        assert score_names(a, a) == 1.0


@given(ANY)
def test_diacritic_key_is_idempotent(text: str) -> None:
    k = diacritic_key(text)
    if k is not None and not k.isascii():
        assert diacritic_key(k) == k
