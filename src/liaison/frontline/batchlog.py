"""Group commit of frontline checks: one writer per worker process logs many checks in one transaction.

Why: on the HTTP fast path (``frontline/fastpath.py``) a check's lookup is one round trip; writing its
log row, its CONSULTATION audit record, and on a hit the owners' notifications and DISCLOSURE records in a
transaction of its own would cost more than the check itself (a commit, a WAL flush, several statements
per check). Here the checks that arrive while a batch is being written wait for the next one, so under
load one transaction carries tens of checks.

What holds:

* **An acknowledged check is logged.** A check's answer is sent only after the transaction holding its
  rows committed (:meth:`BatchWriter.submit` returns then). A killed worker loses only checks it had not
  answered; nothing in memory outlives a request.
* **The same rows as the ORM path.** Rows are built by the same functions as :func:`service.check`
  (:func:`~liaison.frontline.service.log_row`, :func:`~liaison.frontline.service.consultation`,
  :func:`~liaison.frontline.service.owner_notices`, :func:`~liaison.notifications.service.notification_row`
  and :meth:`~liaison.core.audit.NewRecord.row`); the audit records are stored unchained and this
  process's sequencer is woken after the commit, exactly as after an ORM commit.
* **Nothing shared between workers** but PostgreSQL: each worker process has its own writer and
  connection; ids come from the tables' sequences.

A batch that fails (the database went away, a value it cannot store) rolls back whole; each of its
checks is then handed to the ordinary endpoint, which runs it again on its own and answers as it would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg

from liaison.accounts.service import TokenIdentity
from liaison.core.audit import NewRecord, sequencer
from liaison.core.db import get_engine
from liaison.core.timeutil import utcnow
from liaison.frontline import service
from liaison.frontline.matching import CheckResult
from liaison.notifications.service import notification_row

log = logging.getLogger("liaison.frontline")

#: How long the writer lets concurrent checks gather before it writes a batch that is not yet full.
GATHER_S = 0.002
#: Checks per transaction at most.
MAX_BATCH = 256

_IDS = (
    "SELECT ARRAY(SELECT nextval(%(check_seq)s::regclass) FROM generate_series(1, %(checks)s)), "
    "ARRAY(SELECT nextval(%(audit_seq)s::regclass) FROM generate_series(1, %(records)s))"
)
_SEQUENCES = "SELECT pg_get_serial_sequence('frontline_check', 'id'), pg_get_serial_sequence('audit_record', 'id')"
#: Each table's rows of a batch travel as one JSON parameter (one C-speed dump per table per batch,
#: rather than an array per column, which the driver builds in Python).
_INSERT_CHECKS = (
    "INSERT INTO frontline_check (id, at, user_id, agency_id, crossing_point, reason, kinds, verdict, hits) "
    "SELECT id, at, user_id, agency_id, crossing_point, reason, kinds, verdict, hits FROM json_to_recordset(%s) "
    "AS x(id bigint, at timestamptz, user_id int, agency_id int, crossing_point text, reason text, kinds json, "
    "verdict text, hits json)"
)
_INSERT_RECORDS = (
    "INSERT INTO audit_record (id, at, actor_id, actor_name, actor_agency_id, action, object_type, object_id, "
    "justification, recipient, ip, details) "
    "SELECT id, at, actor_id, actor_name, actor_agency_id, action, object_type, object_id, justification, "
    "recipient, ip, details FROM json_to_recordset(%s) AS x(id bigint, at timestamptz, actor_id int, "
    "actor_name text, actor_agency_id int, action text, object_type text, object_id text, justification text, "
    "recipient text, ip text, details json)"
)
_INSERT_SUBJECTS = (
    "INSERT INTO audit_subject (audit_id, object_type, object_id) "
    "SELECT a, t, i FROM json_to_recordset(%s) AS x(a bigint, t text, i text)"
)
_INSERT_NOTES = (
    "INSERT INTO notification (agency_id, user_id, kind, text, link, created_at, read, details) "
    "SELECT agency_id, user_id, kind, text, link, created_at, read, details FROM json_to_recordset(%s) "
    "AS x(agency_id int, user_id int, kind text, text text, link text, created_at timestamptz, read bool, "
    "details json)"
)
#: The token's last use, at the resolution :func:`liaison.accounts.service.user_for_api_token` keeps it.
_TOKENS_SEEN = "UPDATE api_token SET last_used_at = %s WHERE id = ANY(%s::int[])"


def _json(value: Any) -> str:
    # Times as RFC 3339 with microseconds and offset, which PostgreSQL reads back to the microsecond.
    return orjson.dumps(value).decode()


@dataclass
class LoggedCheck:
    """A check evaluated and waiting for its batch; ``log`` is its ``frontline_check`` row without id."""

    identity: TokenIdentity
    ip: str
    result: CheckResult
    crossing_point: str
    reason: str
    log: dict[str, Any]
    future: asyncio.Future[int]


def _owners(result: CheckResult) -> int:
    return len({h.owner_id for h in result.hits if h.owner_id is not None})


class BatchWriter:
    """The one writer of this worker's event loop (see the module docstring)."""

    def __init__(self, conninfo: str, *, gather_s: float = GATHER_S, max_batch: int = MAX_BATCH) -> None:
        self.conninfo = conninfo
        self.gather_s = gather_s
        self.max_batch = max_batch
        self._pending: list[LoggedCheck] = []
        self._task: asyncio.Task[None] | None = None
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._sequences: tuple[str, str] | None = None
        #: Batches and checks written by this writer (for tests and the benchmark's report).
        self.batches = 0
        self.written = 0

    async def submit(self, check: LoggedCheck) -> int:
        """Queue ``check``; its id once the batch holding it committed (raises if the batch failed)."""
        self._pending.append(check)
        if self._task is None or self._task.done():
            # Started on demand and ended when nothing waits: no task outlives the work (nor the loop).
            self._task = asyncio.get_running_loop().create_task(self._run())
        return await check.future

    async def _run(self) -> None:
        while self._pending:
            if len(self._pending) < self.max_batch and self.gather_s > 0:
                await asyncio.sleep(self.gather_s)
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                ids = await self._write(batch)
            except Exception as exc:  # noqa: BLE001 - every check of the batch is retried by the endpoint
                log.warning("frontline batch of %s checks failed (%s); the checks go the ordinary way", len(batch), exc)
                await self._drop_connection()
                for check in batch:
                    if not check.future.done():
                        check.future.set_exception(exc)
                continue
            await self._chain()
            self.batches += 1
            self.written += len(batch)
            for check, check_id in zip(batch, ids, strict=True):
                if not check.future.done():
                    check.future.set_result(check_id)

    async def _connection(self) -> psycopg.AsyncConnection[Any]:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = await psycopg.AsyncConnection.connect(
                self.conninfo, autocommit=True, options="-c plan_cache_mode=force_generic_plan"
            )
        if self._sequences is None:
            cur = await self._conn.execute(_SEQUENCES)
            found = await cur.fetchone()
            assert found is not None
            self._sequences = (str(found[0]), str(found[1]))
        return self._conn

    async def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            with contextlib.suppress(Exception):  # a broken connection is dropped either way
                await conn.close()

    async def _write(self, batch: list[LoggedCheck]) -> list[int]:
        conn = await self._connection()
        assert self._sequences is not None
        n_records = sum(1 + _owners(c.result) for c in batch)
        cur = await conn.execute(
            _IDS,
            {
                "check_seq": self._sequences[0],
                "audit_seq": self._sequences[1],
                "checks": len(batch),
                "records": n_records,
            },
        )
        found = await cur.fetchone()
        assert found is not None
        check_ids, audit_ids = sorted(found[0]), sorted(found[1])
        checks: list[dict[str, Any]] = []
        records: list[NewRecord] = []
        notes: list[dict[str, Any]] = []
        for check, check_id in zip(batch, check_ids, strict=True):
            checks.append({**check.log, "id": check_id})
            ctx = check.identity.ctx(check.ip)
            records.append(service.consultation(ctx, check_id, check.result, check.crossing_point, check.reason))
            for note, disclosure in service.owner_notices(
                ctx, check_id, check.result.hits, check.crossing_point, check.identity.agency_code
            ):
                notes.append(notification_row(**note))
                records.append(disclosure)
        rows = [r.row() for r in records]
        subjects = [(audit_id, t, i) for audit_id, r in zip(audit_ids, records, strict=True) for t, i in r.subjects]
        now = utcnow()
        seen = sorted({c.identity.token_id for c in batch if c.identity.stale_last_use})
        for row, audit_id in zip(rows, audit_ids, strict=True):
            row["id"] = audit_id
        async with conn.pipeline(), conn.transaction():
            await conn.execute(_INSERT_CHECKS, (_json(checks),))
            await conn.execute(_INSERT_RECORDS, (_json(rows),))
            await conn.execute(_INSERT_SUBJECTS, (_json([{"a": a, "t": t, "i": i} for a, t, i in subjects]),))
            if notes:
                await conn.execute(_INSERT_NOTES, (_json(notes),))
            if seen:
                await conn.execute(_TOKENS_SEEN, (now, seen))
        return check_ids

    async def _chain(self) -> None:
        """Have the committed records linked, as an ORM commit does (``sequencer.committed``): wake this
        process's sequencer, or where none runs (tests, tools) link them now, off the event loop."""
        engine = get_engine()
        if not sequencer.wake(engine):
            try:
                await asyncio.to_thread(sequencer.chain_pending, engine)
            except Exception:  # noqa: BLE001 - stored; the next sequencer run links them
                log.exception("audit records committed but not yet linked; the sequencer will link them")

    async def close(self) -> None:
        """Finish what is queued, then close the connection."""
        task = self._task
        if task is not None and not task.done():
            await asyncio.shield(task)
        await self._drop_connection()
