"""The audit sequencer: links records into the hash chain right after they commit (PostgreSQL).

Why: when every writer locked the one ``audit_head`` row from its first audit statement to its commit,
all writes of all workers queued on that lock (60 requests/s measured, see docs/bench-cases.md). Now a
request stores its audit records in its own transaction *unchained* (``seq``/``prev_hash``/``hash``
NULL): they commit or roll back with the action, so nothing acknowledged is ever unaudited. A single
sequencer then numbers and links every committed, unchained record in id order, in batches, in its own
short transaction.

Exactly one sequencer links at a time, in any number of worker processes and hosts: each run holds the
PostgreSQL advisory lock :data:`LOCK_KEY` for its transaction (and the head row for update). Every app
worker runs one in a background thread (:class:`Sequencer`), woken by its own commits and by a timer, so
the chain also catches up after a worker or the whole server was killed between a commit and its link.
``liaison audit chain`` runs it once by hand; processes without the thread (the command line, tests)
link synchronously right after their own commit.

The window: a committed record is unchained until the next run, typically a few milliseconds and at
most :data:`RETRY_S`/:data:`TIMER_S` while a worker runs. ``audit verify`` reports unchained records
as pending, and as a failure once the oldest is older than ``audit_chain_max_lag_seconds``. While a
record is unchained it is protected by the database's access control only (the HMAC starts when it is
linked); that is the price of not serialising every writer.

SQLite keeps linking at commit (:func:`liaison.core.audit.service.chains_at_commit`): its single
writer lock already serialises writers, and it has no advisory locks.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, func, select, text
from sqlalchemy.orm import Session

from liaison.core.audit.chain import _CANONICAL_FIELDS, _link_rows
from liaison.core.audit.models import AuditRecord
from liaison.core.timeutil import utcnow

log = logging.getLogger("liaison.audit")

#: The advisory lock that makes one sequencer run at a time across processes ("liai" in ASCII).
LOCK_KEY = 0x6C696169
#: Records linked per transaction at most (a backlog is worked off in several).
BATCH = 5000
#: The background thread runs at least this often, to pick up what other processes committed.
TIMER_S = 0.25
#: When another process holds the lock, try again this soon (its run may have missed our records).
RETRY_S = 0.02

_SELECT_FIELDS = [c for c in _CANONICAL_FIELDS if c != "seq"]


def _chain_batch(conn: Connection, *, wait: bool) -> int | None:
    """Link up to :data:`BATCH` unchained records; None when another sequencer holds the lock."""
    if wait:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    elif not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": LOCK_KEY}).scalar_one():
        return None
    table = cast(Table, AuditRecord.__table__)
    cols = [table.c.id] + [table.c[name] for name in _SELECT_FIELDS]
    found = conn.execute(select(*cols).where(table.c.seq.is_(None)).order_by(table.c.id).limit(BATCH)).all()
    if not found:
        return 0
    rows: list[dict[str, Any]] = [dict(r._mapping) for r in found]
    _link_rows(conn, rows)  # locks the head row, numbers and hashes the rows from their stored values
    done = conn.execute(
        text(
            "UPDATE audit_record AS a SET seq = u.seq, prev_hash = u.prev, hash = u.h "
            "FROM unnest(CAST(:ids AS bigint[]), CAST(:seqs AS bigint[]), CAST(:prevs AS text[]), "
            "CAST(:hashes AS text[])) AS u(id, seq, prev, h) WHERE a.id = u.id AND a.seq IS NULL"
        ),
        {
            "ids": [r["id"] for r in rows],
            "seqs": [r["seq"] for r in rows],
            "prevs": [r["prev_hash"] for r in rows],
            "hashes": [r["hash"] for r in rows],
        },
    ).rowcount
    if done != len(rows):  # cannot happen under the lock; never move the head past a gap
        raise RuntimeError(f"audit sequencer linked {done} of {len(rows)} records; rolled back")
    return len(rows)


def chain_pending(engine: Engine, *, wait: bool = True) -> int | None:
    """Link every committed, unchained record; the number linked (None: another process is at it).

    ``wait`` blocks until the lock is free, so that every record committed before the call is linked
    when it returns (what the command line and tests need); the background thread does not wait.
    Each batch is its own transaction: killed in the middle, a batch rolls back whole and is redone.
    """
    if engine.dialect.name != "postgresql":
        return 0
    total = 0
    while True:
        with engine.begin() as conn:
            n = _chain_batch(conn, wait=wait)
        if n is None:
            return None if total == 0 else total
        total += n
        if n < BATCH:
            return total


@dataclass(frozen=True)
class Pending:
    count: int
    oldest: datetime | None

    @property
    def oldest_age_s(self) -> float:
        return 0.0 if self.oldest is None else max(0.0, (utcnow() - self.oldest).total_seconds())


def pending(session: Session) -> Pending:
    """Committed records the sequencer has not linked yet (an index-only count on PostgreSQL)."""
    count, oldest = session.execute(
        select(func.count(), func.min(AuditRecord.at)).where(AuditRecord.seq.is_(None))
    ).one()
    return Pending(int(count or 0), oldest)


class Sequencer:
    """The background thread of one worker process; :meth:`wake` after a commit of audit records."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-sequencer", daemon=True)
        self.runs = 0
        self.linked = 0

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        delay = TIMER_S
        while not self._stop.is_set():
            self._wake.wait(delay)
            self._wake.clear()
            try:
                n = chain_pending(self.engine, wait=False)
            except Exception:  # the database is away: keep trying, the records wait committed
                log.exception("audit sequencer run failed; retrying")
                delay = 1.0
                continue
            self.runs += 1
            self.linked += n or 0
            delay = RETRY_S if n is None else TIMER_S
            if n:
                time.sleep(GATHER_S)  # let more commits gather into the next batch


#: After a run that linked something, wait this long before the next: each run is a transaction with a
#: fixed cost (lock, read, hash, update), so at hundreds of records a second linking 2 ms' worth at a time
#: cost the frontline about half a millisecond of CPU per check (issue 15). 20 ms adds at most that much
#: to the unchained window, which is measured in tenths of a second anyway.
GATHER_S = 0.02

_lock = threading.Lock()
_running: dict[int, Sequencer] = {}


def start(engine: Engine) -> Sequencer | None:
    """Start this process's sequencer for ``engine`` (PostgreSQL only), after linking any backlog.

    The backlog run at start-up is what repairs a crash between commit and link.
    """
    if engine.dialect.name != "postgresql":
        return None
    with _lock:
        seq = _running.get(id(engine))
        if seq is None:
            linked = chain_pending(engine, wait=True)
            if linked:
                log.warning("audit sequencer linked %s record(s) left unchained at start-up", linked)
            seq = _running[id(engine)] = Sequencer(engine)
            seq.start()
        return seq


def stop(engine: Engine) -> None:
    with _lock:
        seq = _running.pop(id(engine), None)
    if seq is not None:
        seq.stop()
        chain_pending(engine, wait=True)


def wake(engine: Engine) -> bool:
    """Wake this process's sequencer for ``engine`` after a commit of unchained records; False when none
    runs (the caller then links them itself, as :func:`committed` does, e.g. off its event loop)."""
    running = _running.get(id(engine))
    if running is None:
        return False
    running.wake()
    return True


def committed(bind: Any) -> None:
    """Called after a commit that stored unchained records: wake the thread, or link them now."""
    engine: Engine = bind.engine if hasattr(bind, "engine") else bind
    running = _running.get(id(engine))
    if running is not None:
        running.wake()
        return
    try:
        chain_pending(engine, wait=True)
    except Exception:  # the action is committed and its records are stored; the next run links them
        log.exception("audit records committed but not yet linked; the sequencer will link them")


__all__ = [
    "LOCK_KEY",
    "Pending",
    "Sequencer",
    "chain_pending",
    "committed",
    "pending",
    "start",
    "stop",
    "wake",
]
