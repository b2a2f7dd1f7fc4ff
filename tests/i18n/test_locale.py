"""The current locale: tags, Accept-Language, the CLI's environment, isolation, lazy strings, pseudo-locale."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars

import pytest

from liaison.core import i18n
from liaison.core.i18n import N_, _, current_locale, negotiate, normalise, use_locale
from liaison.core.vocab import CRIME_AREAS, ROLES


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("sr", "sr-Cyrl"), ("sr-RS", "sr-Cyrl"), ("sr-Cyrl-RS", "sr-Cyrl"), ("sr-Latn", "sr-Latn"),
        ("sr_RS.UTF-8@latin", "sr-Latn"), ("sr_RS.UTF-8", "sr-Cyrl"), ("sh", "sr-Latn"), ("sr-ME", "cnr"),
        ("cnr", "cnr"), ("CNR-me", "cnr"), ("sq-AL", "sq"), ("sq_XK.UTF-8", "sq"), ("mk-MK", "mk"),
        ("hr-HR", "hr"), ("bs-Latn-BA", "bs"), ("en-GB", "en"), ("en-XA", "en-XA"), ("de-DE", None), ("", None),
    ],
)  # fmt: skip
def test_normalise(tag: str, locale: str | None) -> None:
    assert normalise(tag) == locale


def test_accept_language_honours_quality_and_order() -> None:
    assert negotiate("de-DE,de;q=0.9,sq;q=0.8,en;q=0.5") == "sq"
    assert negotiate("en;q=0.4, mk;q=0.9") == "mk"
    assert negotiate("sr-Latn-RS, sr;q=0.9") == "sr-Latn"
    assert negotiate("fr, de") == "en"
    assert negotiate("sq;q=0, hr") == "hr"
    assert negotiate(None) == "en"


def test_cli_locale_from_environment() -> None:
    assert i18n.from_environment({"LIAISON_LANG": "mk", "LANG": "sq_AL.UTF-8"}) == "mk"
    assert i18n.from_environment({"LANG": "sr_RS.UTF-8@latin"}) == "sr-Latn"
    assert i18n.from_environment({"LC_ALL": "C.UTF-8", "LANG": "hr_HR.UTF-8"}) == "hr"
    assert i18n.from_environment({"LANG": "C"}) == "en"
    assert i18n.from_environment({}) == "en"


def test_user_choice_does_not_override_lang_parameter() -> None:
    token = i18n.begin("sq")
    try:
        i18n.prefer("mk")
        assert current_locale() == "mk"
    finally:
        i18n.end(token)
    token = i18n.begin("sq", explicit=True)
    try:
        i18n.prefer("mk")
        assert current_locale() == "sq"
    finally:
        i18n.end(token)
    assert current_locale() == "en"


def test_concurrent_requests_keep_their_own_locale() -> None:
    async def request(locale: str) -> list[str]:
        seen = []
        token = i18n.begin(locale)
        for _i in range(3):
            await asyncio.sleep(0)
            seen.append(current_locale())
        i18n.end(token)
        return seen

    async def both() -> list[list[str]]:
        return list(await asyncio.gather(request("sq"), request("mk")))

    # In a thread of its own: a browser test earlier in the session may leave an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, both()).result() == [["sq"] * 3, ["mk"] * 3]


def test_a_thread_pool_copy_sees_the_users_choice() -> None:
    """Sync dependencies run in a copied context: the user's choice they find reaches the endpoint."""
    token = i18n.begin("en")
    try:
        contextvars.copy_context().run(i18n.prefer, "hr")
        assert current_locale() == "hr"
    finally:
        i18n.end(token)


def test_lazy_strings_translate_when_used() -> None:
    label = N_("Officer")
    assert str(label) == "Officer" and f"{label}" == "Officer" and label + "!" == "Officer!"
    with use_locale("en-XA"):
        assert str(label) == "⟦Officer⟧"
        assert str(ROLES["officer"]) == "⟦Officer⟧"
        assert f"{CRIME_AREAS['terrorism']}" == "⟦Terrorism⟧"
        assert label.__html__() == "⟦Officer⟧"
    assert label == "Officer" and label == N_("Officer") and hash(label) == hash(N_("Officer"))


def test_pseudo_locale_wraps_every_template_string() -> None:
    with use_locale("en-XA"):
        assert _("Sign in") == "⟦Sign in⟧"
        assert i18n.ngettext("At most %(n)s item.", "At most %(n)s items.", 3) == "⟦At most %(n)s items.⟧"
        assert _("a string nobody marked") == "a string nobody marked"


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_catalogue_loads_and_falls_back_to_english(locale: str) -> None:
    with use_locale(locale):
        text = _("Sign in")
    assert text  # translated, or the English source while the entry is empty
    assert i18n.translations(locale) is i18n.translations(locale)  # read once per process
