"""Progressive delay for password guessing, per account and per source address.

Each failed sign-in adds one to two counters: the account's (``user:`` + a digest of the typed name, so
a password typed into the name field is never stored) and the source address's (``ip:``). The first
``login_max_failures`` failures on a key cost nothing; each one after that makes the key wait 2^k
seconds (k = 1, 2, 3 …, capped) before another attempt on it is even checked. A refused attempt is
answered 429 with ``Retry-After``.

Why not a hard lock: a stranger could then lock any officer out by typing wrong passwords for them. The
account's delay is capped low (``login_account_max_delay_seconds``) and does not apply at all from an
address the user has signed in from before (``KnownLoginSource``); the source address's delay, which the
stranger cannot escape by switching accounts, is capped high (``login_ip_max_delay_seconds``).

Why it is not racy: the rows of both keys are created if missing and locked (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises writers) before the password is checked, and stay
locked until the caller commits the outcome. Parallel guesses on one key are therefore counted one after
the other and a burst gets no more checked guesses than a slow sequence would.

Why rows are purged: every sign-in creates both keys' rows, so without a sweep the table would keep one
row per name ever typed and per address ever seen. A row that is neither blocked nor inside the failure
window carries nothing (:func:`_lock_all` would reset it on next use), so each successful sign-in deletes a
bounded batch of such rows (:func:`purge_stale`), skipping rows another sign-in holds locked.
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from liaison.accounts.models import KnownLoginSource, LoginThrottle
from liaison.core.config import get_settings
from liaison.core.errors import TooManyRequests
from liaison.core.i18n import _
from liaison.core.timeutil import utcnow

security_log = logging.getLogger("liaison.security")


class Throttled(TooManyRequests):
    """429 with the number of seconds to wait, sent as ``Retry-After``."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


@dataclass(frozen=True)
class Keys:
    account: str
    source: str

    @classmethod
    def of(cls, username: str, ip: str) -> Keys:
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        return cls(account="user:" + digest, source="ip:" + (ip or "?")[:64])

    def sorted(self) -> list[str]:
        """Always lock in the same order, so two sign-ins never wait on each other's second row."""
        return sorted((self.account, self.source))


def _locked(session: Session, key: str) -> LoginThrottle:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(LoginThrottle).values(key=key, failures=0).on_conflict_do_nothing())
    stmt = select(LoginThrottle).where(LoginThrottle.key == key).with_for_update().execution_options(
        populate_existing=True
    )
    return session.execute(stmt).scalar_one()


def _cap(key: str) -> int:
    settings = get_settings()
    return settings.login_account_max_delay_seconds if key.startswith("user:") else settings.login_ip_max_delay_seconds


def _lock_all(session: Session, keys: Keys) -> dict[str, LoginThrottle]:
    rows = {key: _locked(session, key) for key in keys.sorted()}
    window = timedelta(seconds=get_settings().login_window_seconds)
    now = utcnow()
    for row in rows.values():
        idle = row.last_failure_at is None or now - row.last_failure_at > window
        if row.failures and idle and (row.blocked_until is None or row.blocked_until <= now):
            row.failures, row.blocked_until = 0, None
    return rows


#: Rows deleted per successful sign-in at most: keeps the sweep's cost bounded and invisible to the user.
PURGE_BATCH = 200


def purge_stale(session: Session, now: datetime | None = None, limit: int = PURGE_BATCH) -> int:
    """Delete up to ``limit`` rows that are neither blocked nor within the failure window; return how many.

    Such a row means exactly what a missing row means (no failures to count), so deleting it changes no
    decision. On PostgreSQL rows locked by a sign-in in progress are skipped, not waited for.
    """
    now = now or utcnow()
    window_start = now - timedelta(seconds=get_settings().login_window_seconds)
    T = LoginThrottle
    stale = (
        select(T.key)
        .where(or_(T.last_failure_at.is_(None), T.last_failure_at < window_start))
        .where(or_(T.blocked_until.is_(None), T.blocked_until <= now))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stale = stale.with_for_update(skip_locked=True)
    keys = list(session.execute(stale).scalars())
    if keys:
        session.execute(delete(T).where(T.key.in_(keys)).execution_options(synchronize_session=False))
    return len(keys)


def known_source(session: Session, user_id: int, ip: str) -> bool:
    return session.get(KnownLoginSource, (user_id, ip[:64])) is not None


def gate(session: Session, keys: Keys, *, account_applies: bool = True) -> None:
    """Lock both keys' rows; refuse (429) if either must still wait. The caller commits afterwards."""
    rows = _lock_all(session, keys)
    now = utcnow()
    waits = [
        row.blocked_until
        for key, row in rows.items()
        if row.blocked_until is not None and row.blocked_until > now and (account_applies or key != keys.account)
    ]
    if waits:
        seconds = max(1, math.ceil((max(waits) - now).total_seconds()))
        security_log.warning(
            "sign-in throttled: source=%s account_key=%s retry_after=%ss",
            keys.source,
            keys.account[:13],
            seconds,
        )
        raise Throttled(
            _("Too many failed sign-ins. Wait %d seconds before trying again.") % seconds,
            retry_after=seconds,
        )


def failed(session: Session, keys: Keys) -> None:
    """Count a failure on both keys (rows already locked by ``gate`` in this transaction, or locked now)."""
    rows = _lock_all(session, keys)
    now = utcnow()
    free = get_settings().login_max_failures
    for key, row in rows.items():
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= free:
            row.blocked_until = now + timedelta(seconds=min(2 ** (row.failures - free + 1), _cap(key)))


def succeeded(session: Session, keys: Keys, user_id: int, ip: str, at: datetime) -> None:
    """Clear the account's counter and remember the address. The address's counter is left to decay, so
    one good account does not buy a guesser fresh attempts on others."""
    row = session.get(LoginThrottle, keys.account)
    if row is not None:
        row.failures, row.blocked_until = 0, None
    source = session.get(KnownLoginSource, (user_id, ip[:64]))
    purge_stale(session, at)
    if source is None:
        session.add(KnownLoginSource(user_id=user_id, ip=ip[:64], last_success_at=at))
    else:
        source.last_success_at = at
