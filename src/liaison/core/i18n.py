"""Translations and the current locale (issue 10).

Every user-facing string goes through ``_`` (Python) or ``{{ _("...") }}`` (templates). Which language
``_`` answers in is the *current locale*, held in a context variable: the web middleware sets it for each
request (``?lang=`` for one page, then the signed-in user's choice, then ``Accept-Language``, then
English), the CLI for each command (``LIAISON_LANG``, then ``LANG``). A context variable and not a global:
requests served at the same time each keep their own language, and the thread-pool copies of a request's
context see the same holder, so the user's choice found by a dependency reaches the endpoint.

Texts defined at import time (vocabularies, form labels, chart labels) cannot be translated then: they are
:class:`LazyString` (``N_("...")``), translated each time they are shown.

Catalogues are the ``.po`` files under ``liaison/locale/<dir>/LC_MESSAGES/liaison.po``, read at first use
into an in-memory catalogue (Babel's reader; fuzzy entries are left out). No compiled ``.mo`` file is
needed, so a fresh clone, an editable install and a wheel all have the same catalogues as the sources.

``en-XA`` is the pseudo-locale of the checks: every string of the ``.pot`` template comes back as
``⟦…⟧``, so a page that shows text outside those marks shows a string that escaped translation.
"""

from __future__ import annotations

import gettext
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "liaison"
DEFAULT = "en"
PSEUDO = "en-XA"

#: The product's locales (BCP 47 tags, as stored in ``User.language``) and the catalogue directory of each.
CATALOGUES: dict[str, str] = {
    "sq": "sq",
    "sr-Cyrl": "sr_Cyrl",
    "sr-Latn": "sr_Latn",
    "mk": "mk",
    "bs": "bs",
    "hr": "hr",
    "cnr": "cnr",
}
LOCALES: tuple[str, ...] = ("en", *CATALOGUES)

#: Each locale's own name, in its own language and script (never translated: a reader who does not
#: understand the current page must still find their language).
NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "sq": "Shqip",
    "sr-Cyrl": "Српски (ћирилица)",
    "sr-Latn": "Srpski (latinica)",
    "mk": "Македонски",
    "bs": "Bosanski",
    "hr": "Hrvatski",
    "cnr": "Crnogorski",
}

#: The CLDR data each locale is formatted with. CLDR has no Montenegrin: it uses Serbian Latin as written in
#: Montenegro (``sr_Latn_ME``), as issue 10 says.
CLDR: dict[str, str] = {
    "en": "en",
    "sq": "sq",
    "sr-Cyrl": "sr",
    "sr-Latn": "sr_Latn",
    "mk": "mk",
    "bs": "bs",
    "hr": "hr",
    "cnr": "sr_Latn_ME",
    PSEUDO: "en",
}

#: Locales written in Cyrillic.
CYRILLIC: frozenset[str] = frozenset({"sr-Cyrl", "mk"})


@dataclass
class _Current:
    """The locale of one request or command. Mutable on purpose: see the module docstring."""

    locale: str = DEFAULT
    #: Chosen for this page with ``?lang=``: the user's stored choice does not override it.
    explicit: bool = False


_current: ContextVar[_Current | None] = ContextVar("liaison_locale", default=None)


# ---------------------------------------------------------------------------------------------- locale tags


def normalise(tag: str | None) -> str | None:
    """The product locale a language tag asks for, or ``None`` when it is none of ours.

    Accepts BCP 47 (``sr-Latn-RS``), POSIX (``sr_RS.UTF-8@latin``) and bare languages. Serbian without a
    script is Cyrillic (the official script); ``sh`` is Serbian Latin; ``cnr`` and ``sr-ME`` are Montenegrin.
    """
    if not tag:
        return None
    text = tag.strip()
    latin_modifier = "@latin" in text.lower()
    text = re.split(r"[.@]", text, maxsplit=1)[0].replace("_", "-")
    parts = [p for p in text.split("-") if p]
    if not parts:
        return None
    if text.lower() == PSEUDO.lower():
        return PSEUDO
    lang = parts[0].lower()
    subtags = {p.lower() for p in parts[1:]}
    if lang == "sr":
        if "me" in subtags:
            return "cnr"
        return "sr-Latn" if ("latn" in subtags or latin_modifier) else "sr-Cyrl"
    if lang == "sh":
        return "sr-Latn"
    if lang in ("cnr", "sq", "mk", "bs", "hr", "en"):
        return lang
    return None


def negotiate(accept_language: str | None) -> str:
    """The best of our locales for an ``Accept-Language`` header (quality values honoured), else English."""
    choices: list[tuple[float, int, str]] = []
    for index, item in enumerate((accept_language or "").split(",")):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        locale = normalise(tag)
        if locale and quality > 0:
            choices.append((-quality, index, locale))
    return min(choices)[2] if choices else DEFAULT


def from_environment(environ: dict[str, str] | None = None) -> str:
    """The CLI's locale: ``LIAISON_LANG``, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (POSIX order)."""
    env = os.environ if environ is None else environ
    for name in ("LIAISON_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return normalise(value) or DEFAULT
    return DEFAULT


# ---------------------------------------------------------------------------------------- current locale


def current_locale() -> str:
    holder = _current.get()
    return holder.locale if holder else DEFAULT


def begin(locale: str, *, explicit: bool = False) -> Any:
    """Start a request's or command's locale; returns the token :func:`end` takes."""
    return _current.set(_Current(normalise(locale) or DEFAULT, explicit))


def end(token: Any) -> None:
    _current.reset(token)


def prefer(locale: str | None) -> None:
    """The signed-in user's stored choice: it wins over ``Accept-Language``, not over ``?lang=``."""
    holder = _current.get()
    chosen = normalise(locale)
    if holder is not None and chosen and not holder.explicit:
        holder.locale = chosen


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Run a block in ``locale`` (tests, e-mails or exports written in another user's language)."""
    token = begin(locale, explicit=True)
    try:
        yield
    finally:
        end(token)


def cldr_locale(locale: str | None = None) -> str:
    """The Babel/CLDR identifier for formatting dates and numbers in ``locale`` (default: the current one)."""
    return CLDR.get(locale or current_locale(), "en")


def html_lang(locale: str | None = None) -> str:
    """The ``lang`` attribute of a page (``cnr`` is a valid ISO 639-3 code and BCP 47 tag)."""
    loc = locale or current_locale()
    return "en" if loc == PSEUDO else loc


# -------------------------------------------------------------------------------------------- catalogues


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / CATALOGUES[locale] / "LC_MESSAGES" / f"{DOMAIN}.po"


def _from_catalog(catalog: Any) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _pseudo_catalog() -> Any:
    """Every message of the template wrapped in ⟦…⟧ (plural forms too), built from ``liaison.pot``."""
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(f"⟦{form}⟧" for form in message.id)
        else:
            message.string = f"⟦{message.id}⟧"
        message.flags.discard("fuzzy")
    return catalog


@lru_cache(maxsize=16)
def translations(locale: str = DEFAULT) -> gettext.NullTranslations:
    """The catalogue of ``locale``, read from its ``.po`` once per process (English: the source strings)."""
    from babel.messages.pofile import read_po

    if locale == PSEUDO:
        return _from_catalog(_pseudo_catalog())
    if locale not in CATALOGUES or not catalogue_path(locale).exists():
        return gettext.NullTranslations()
    with catalogue_path(locale).open("rb") as fh:
        catalog = read_po(fh, locale=CLDR[locale].replace("-", "_"))
    return _from_catalog(catalog)


def _(message: str) -> str:
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form of ``n`` in the current locale (CLDR rules: sq/mk 2 forms, sr/bs/hr/cnr 3)."""
    return translations(current_locale()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current_locale()).pgettext(context, message)


# ------------------------------------------------------------------------------------------ lazy strings


class LazyString:
    """A text translated each time it is used: for module-level vocabularies and messages.

    Not a ``str`` subclass on purpose: a ``str`` subclass would be written to JSON or joined in its English
    value without anyone noticing; this one is translated by ``str()``, f-strings, Jinja and ``+``.
    """

    __slots__ = ("context", "message")

    def __init__(self, message: str, context: str | None = None) -> None:
        self.message = message
        #: The ``msgctxt`` of a word with several senses ("Forward" the message kind, "Forward" the button).
        self.context = context

    def __str__(self) -> str:
        return pgettext(self.context, self.message) if self.context else _(self.message)

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))

    def __repr__(self) -> str:
        if self.context:
            return f"NP_({self.context!r}, {self.message!r})"
        return f"N_({self.message!r})"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyString):
            return (self.context, self.message) == (other.context, other.message)
        return str(self) == other

    def __hash__(self) -> int:
        return hash((self.context, self.message))

    def __lt__(self, other: object) -> bool:
        return str(self) < str(other)

    def __add__(self, other: object) -> str:
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)

    def __mod__(self, args: Any) -> str:
        return str(self) % args

    def __len__(self) -> int:
        return len(str(self))

    def __contains__(self, item: str) -> bool:
        return item in str(self)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(str(self), name)


def N_(message: str) -> LazyString:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for translation and translate it where it is shown (``pybabel extract -k N_``)."""
    return LazyString(message)


def NP_(context: str, message: str) -> LazyString:  # noqa: N802 - as N_, with a msgctxt
    """Mark ``message`` in ``context`` (``pybabel extract -k NP_:1c,2``): a word with several senses."""
    return LazyString(message, context)


lazy_gettext = N_


#: A text shown to people: a ``str`` (already translated, or a proper name like "SIENA") or a lazy one.
Label = str | LazyString
