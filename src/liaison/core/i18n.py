"""Translation hooks.

Every user-facing string goes through ``_`` (Python) or ``{{ _("...") }}`` (templates) so that the
Albanian, Serbian (Cyrillic and Latin), Macedonian and Bosnian/Croatian/Montenegrin catalogues can be
added as gettext ``.po`` files under ``liaison/locale`` without touching code. English is the only
catalogue today; unknown languages fall back to it.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SUPPORTED = ("en", "sq", "sr", "sr_Latn", "mk", "bs", "hr", "cnr")


@lru_cache(maxsize=16)
def translations(language: str = "en") -> gettext.NullTranslations:
    return gettext.translation("liaison", localedir=LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    return translations("en").gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations("en").ngettext(singular, plural, n)
