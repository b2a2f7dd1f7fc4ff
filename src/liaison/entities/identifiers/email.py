"""E-mail addresses.

The key is the whole address in lower case, with a ``mailto:`` prefix and surrounding
angle brackets removed and an internationalised domain converted to its ASCII
(IDNA/punycode) form. Lower-casing the local part is technically lossy (RFC 5321
lets servers treat it case-sensitively) but no mail provider in practice does, and
records written by hand vary in case all the time. Provider-specific tricks (Gmail
dots, ``+tags``) are *not* removed: that would be a guess about the provider.
"""

from __future__ import annotations

import re

from liaison.core.i18n import _

from .base import Normalised, compact, require_text

KIND = "email"

_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~.\-]+")
_LABEL = re.compile(r"(?!-)[a-z0-9\-]{1,63}(?<!-)")


def _ascii_domain(domain: str) -> str | None:
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    # The codec folds with NFKC first: "¨" becomes " \u0308" and then a "label" holding a space, which
    # is no host name and would not read back the same. Such a domain stays as written (and invalid).
    if any(ch.isspace() for ch in ascii_domain):
        return None
    return ascii_domain


def normalise(raw: str, country: str | None = None) -> Normalised:
    """Normalise an e-mail address (``country`` is accepted but unused)."""
    text = require_text(raw, KIND)
    value = compact(text).lower()
    previous = None
    while value != previous:  # "<mailto:x@y>", "mailto:<x@y>": peel until stable
        previous = value
        value = value.strip("<>")
        if value.startswith("mailto:"):
            value = value[len("mailto:") :]
    if not value:
        return Normalised(compact(text), text, False, [_("no address left")], KIND)
    if value.count("@") != 1:
        return Normalised(value, text, False, [_("an e-mail address has exactly one @")], KIND)
    local, domain = value.split("@")
    problems: list[str] = []
    ascii_domain = _ascii_domain(domain) if domain else None
    if ascii_domain is not None:
        value = f"{local}@{ascii_domain}"
        domain = ascii_domain
    if not local or len(local) > 64 or not _LOCAL.fullmatch(local) or ".." in local:
        problems.append(_("the part before @ is not a valid mailbox name"))
    labels = domain.rstrip(".").split(".") if domain else []
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        problems.append(_("the part after @ is not a valid domain name"))
    return Normalised(value, text, not problems, problems, KIND)
