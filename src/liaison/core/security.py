"""Credentials: argon2id passwords, TOTP second factor, opaque session and API tokens, CSRF tokens.

Tokens handed to clients are random; only their SHA-256 is stored, so a database leak does not hand out
live sessions. CSRF tokens are an HMAC of the session token, so they need no storage and die with it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from functools import lru_cache
from importlib import resources

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from liaison.core.config import get_settings
from liaison.core.i18n import _

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


#: Verified instead of a real hash when the user name is unknown, so an unknown name costs the same time
#: as a wrong password and the answer cannot tell them apart.
_DUMMY_HASH = _hasher.hash("liaison-dummy-" + secrets.token_hex(8))

_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "3": "e", "1": "i", "$": "s", "5": "s", "7": "t"})
_TRAILING = re.compile(r"[\d\W_]+$")


def verify_dummy(password: str) -> None:
    """Spend the time of one password check on an account that does not exist."""
    verify_password(_DUMMY_HASH, password)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The offline list shipped in the package (built by scripts/gen-common-passwords.py; no network)."""
    text = resources.files("liaison.core").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def _is_common(password: str) -> bool:
    """Listed as is, or once trailing digits/symbols are cut and digit-for-letter swaps undone."""
    listed = common_passwords()
    lowered = password.lower()
    candidates = {lowered, lowered.translate(_LEET)}
    for c in list(candidates):
        stem = _TRAILING.sub("", c)
        if len(stem) >= 4:
            candidates.add(stem)
    return any(c in listed for c in candidates)


def password_problems(password: str, username: str = "") -> list[str]:
    """Why a new password is refused (ASVS V2.1): length, common/breached, contains the user name."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(_("Password must have at least %d characters.") % MIN_PASSWORD_LENGTH)
    if password and _is_common(password):
        problems.append(_("This password is too common; choose one that others are unlikely to use."))
    name = username.strip().lower()
    if name and len(name) >= 3 and name in password.lower():
        problems.append(_("The password must not contain the user name."))
    return problems


def new_totp_secret() -> str:
    return pyotp.random_base32()


def verify_totp(secret: str, code: str) -> bool:
    """A code valid now (one step of clock drift allowed); replay is checked by ``totp_step``'s caller."""
    return totp_step(secret, code) is not None


def totp_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step (30 s) whose code this is, within one step of drift, or None.

    The caller stores the step and refuses any step not above the last one used, so a code is single-use.
    """
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // totp.interval)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="Liaison")


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token_for(session_token: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"csrf|" + session_token.encode(), hashlib.sha256).hexdigest()


def csrf_valid(session_token: str, candidate: str | None) -> bool:
    return bool(candidate) and hmac.compare_digest(csrf_token_for(session_token), candidate or "")
