"""A confirmation shown once on the page a form redirects to ("Sent to …", "Assigned to …").

The app runs several worker processes, so the message cannot wait in one process's memory: it travels in a
short-lived cookie, signed with the installation's secret key (HMAC-SHA256) so nobody can plant text on
another person's page, and cleared by the page that shows it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from liaison.core.config import get_settings

COOKIE = "liaison_flash"
#: Seconds the confirmation waits for the page it is meant for.
MAX_AGE = 120
#: Longer text is cut: a cookie must stay well under the browsers' 4 KB.
MAX_CHARS = 600


def _sign(payload: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"flash|" + payload.encode(), hashlib.sha256).hexdigest()


def flash_redirect(request: Request, url: str, text: str) -> Response:
    """A 303 to ``url`` that shows ``text`` there once."""
    response = RedirectResponse(url, status_code=303)
    payload = base64.urlsafe_b64encode(text[:MAX_CHARS].encode()).decode()
    secure = request.url.scheme == "https" or get_settings().force_secure_cookies
    response.set_cookie(
        COOKIE, f"{payload}.{_sign(payload)}", max_age=MAX_AGE, httponly=True, samesite="strict", secure=secure
    )
    return response


def take_flash(request: Request) -> str:
    """The confirmation waiting for this page, if its signature holds; empty otherwise."""
    raw = request.cookies.get(COOKIE, "")
    payload, _dot, signature = raw.partition(".")
    if not payload or not hmac.compare_digest(signature, _sign(payload)):
        return ""
    try:
        return base64.urlsafe_b64decode(payload.encode()).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ""


def clear_flash(request: Request, response: Response) -> None:
    """Once shown, the confirmation is gone (the next page does not repeat it)."""
    if COOKIE in request.cookies:
        response.delete_cookie(COOKIE, httponly=True, samesite="strict")
