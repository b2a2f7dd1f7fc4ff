"""Pydantic's validation errors in the reader's language.

FastAPI answers a malformed request with Pydantic's English messages. Each error carries a stable ``type``
and its parameters (``ctx``); this module says the same thing through the catalogue, so an API client that
sends ``Accept-Language: sq`` reads the field errors in Albanian like the rest of the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from liaison.core.i18n import N_, LazyString, _, ngettext


def _n(ctx: Mapping[str, Any], key: str) -> int:
    return int(ctx.get(key, 0) or 0)


_SIMPLE: dict[str, LazyString] = {
    "missing": N_("Field required."),
    "int_parsing": N_("Not a whole number."),
    "int_type": N_("Not a whole number."),
    "int_from_float": N_("Not a whole number."),
    "float_parsing": N_("Not a number."),
    "float_type": N_("Not a number."),
    "decimal_parsing": N_("Not a number."),
    "bool_parsing": N_("Not yes or no (true or false)."),
    "bool_type": N_("Not yes or no (true or false)."),
    "string_type": N_("Not text."),
    "date_parsing": N_("Not a date (YYYY-MM-DD)."),
    "date_type": N_("Not a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": N_("Not a date (YYYY-MM-DD)."),
    "datetime_parsing": N_("Not a date and time (ISO 8601)."),
    "datetime_type": N_("Not a date and time (ISO 8601)."),
    "datetime_from_date_parsing": N_("Not a date and time (ISO 8601)."),
    "json_invalid": N_("Not valid JSON."),
    "json_type": N_("Not valid JSON."),
    "model_type": N_("Not an object."),
    "model_attributes_type": N_("Not an object."),
    "dict_type": N_("Not an object."),
    "list_type": N_("Not a list."),
    "string_pattern_mismatch": N_("Not in the expected format."),
    "extra_forbidden": N_("Unknown field."),
    "string_unicode": N_("Not valid text (UTF-8)."),
    "uuid_parsing": N_("Not a valid identifier."),
    "url_parsing": N_("Not a valid address."),
    "value_error": N_("Invalid value."),
}

_WITH_PARAMS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "string_too_long": lambda ctx: ngettext("At most %(n)s character.", "At most %(n)s characters.",
                                            _n(ctx, "max_length")) % {"n": _n(ctx, "max_length")},
    "string_too_short": lambda ctx: ngettext("At least %(n)s character.", "At least %(n)s characters.",
                                             _n(ctx, "min_length")) % {"n": _n(ctx, "min_length")},
    "too_long": lambda ctx: ngettext("At most %(n)s item.", "At most %(n)s items.",
                                     _n(ctx, "max_length")) % {"n": _n(ctx, "max_length")},
    "too_short": lambda ctx: ngettext("At least %(n)s item.", "At least %(n)s items.",
                                      _n(ctx, "min_length")) % {"n": _n(ctx, "min_length")},
    "greater_than_equal": lambda ctx: _("Must be %(limit)s or more.") % {"limit": ctx.get("ge")},
    "greater_than": lambda ctx: _("Must be more than %(limit)s.") % {"limit": ctx.get("gt")},
    "less_than_equal": lambda ctx: _("Must be %(limit)s or less.") % {"limit": ctx.get("le")},
    "less_than": lambda ctx: _("Must be less than %(limit)s.") % {"limit": ctx.get("lt")},
    "literal_error": lambda ctx: _("Must be one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
    "enum": lambda ctx: _("Must be one of: %(choices)s.") % {"choices": ctx.get("expected", "")},
}


def message(error: Mapping[str, Any]) -> str:
    """One Pydantic error (an item of ``RequestValidationError.errors()``) in the current locale.

    Our own validators raise ``ValueError(_("..."))``, translated when raised: their text is kept (without
    Pydantic's "Value error, " prefix). A type this module does not know keeps Pydantic's English text.
    """
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and ctx.get("error") is not None:
        return str(ctx["error"])
    if kind in _WITH_PARAMS:
        return _WITH_PARAMS[kind](ctx)
    if kind in _SIMPLE:
        return str(_SIMPLE[kind])
    return str(error.get("msg", "")) or _("Invalid value.")
