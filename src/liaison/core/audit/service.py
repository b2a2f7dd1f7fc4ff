"""Writing, querying and verifying the audit trail.

Records are queued on the SQLAlchemy session with :func:`record` and written in a ``before_commit``
hook, in the same transaction as the change they describe: an action and its audit record commit or roll
back together. Each record is linked into the chain by an HMAC-SHA256 of the previous link and the
record's canonical form, numbered after the single ``audit_head`` row. On PostgreSQL the link is made
right after commit by the sequencer (``core/audit/sequencer.py``), so writers do not queue on the head
row; on SQLite the committing writer links its own records under the head row lock. Keying the hash with
the server secret means someone with database access alone cannot rewrite the chain after an edit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, event, insert, select
from sqlalchemy.orm import Session

from liaison.core.audit import sequencer
from liaison.core.audit.chain import _CANONICAL_FIELDS, GENESIS, _canonical, _link, _link_rows
from liaison.core.audit.models import AuditHead, AuditRecord, AuditSubject
from liaison.core.audit.sequencer import pending
from liaison.core.config import get_settings
from liaison.core.errors import NotFound
from liaison.core.i18n import _
from liaison.core.timeutil import utcnow

PENDING_KEY = "liaison_audit_pending"
log = logging.getLogger("liaison.audit")


class Actions:
    """The six operations LED Art. 25 requires to be logged, plus security events."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    ACCESS_DENIED = "access_denied"
    ADMINISTRATION = "administration"

    ALL = (
        COLLECTION,
        ALTERATION,
        CONSULTATION,
        DISCLOSURE,
        COMBINATION,
        ERASURE,
        LOGIN,
        LOGIN_FAILED,
        ACCESS_DENIED,
        ADMINISTRATION,
    )


@dataclass(frozen=True)
class AuditContext:
    """Who is acting, from where; passed from the web layer or the CLI into services."""

    actor_id: int | None
    actor_name: str
    agency_id: int | None = None
    ip: str = ""

    @classmethod
    def system(cls, name: str = "system") -> AuditContext:
        return cls(actor_id=None, actor_name=name)


@dataclass
class NewRecord:
    """One audit record as built, before it is stored: what :func:`record` queues on a session and what
    a writer outside the ORM (the frontline check's batch writer) inserts itself, so both store
    exactly the same row (:meth:`row`) and subjects."""

    at: datetime
    ctx: AuditContext
    action: str
    object_type: str
    object_id: str
    justification: str
    recipient: str
    details: dict[str, Any]
    subjects: list[tuple[str, str]] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        """The ``audit_record`` columns, unchained (``seq``, ``prev_hash`` and ``hash`` are the chain's)."""
        return {
            "at": self.at,
            "actor_id": self.ctx.actor_id,
            "actor_name": self.ctx.actor_name,
            "actor_agency_id": self.ctx.agency_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "justification": self.justification,
            "recipient": self.recipient,
            "ip": self.ctx.ip,
            "details": {**self.details, "subjects": [f"{t}:{i}" for t, i in self.subjects]},
        }


def new_record(
    ctx: AuditContext,
    action: str,
    object_type: str,
    object_id: object,
    *,
    justification: str = "",
    recipient: str = "",
    details: dict[str, Any] | None = None,
    subjects: Iterable[tuple[str, object]] = (),
    at: datetime | None = None,
) -> NewRecord:
    """Build one audit record (the object itself is always its first subject); nothing is written."""
    if action not in Actions.ALL:
        raise ValueError(f"unknown audit action {action!r}")
    touched = [(object_type, str(object_id))]
    touched += [(t, str(i)) for t, i in subjects if (t, str(i)) not in touched]
    return NewRecord(
        at=at or utcnow(),
        ctx=ctx,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        justification=justification or "",
        recipient=recipient or "",
        details=dict(details or {}),
        subjects=touched,
    )


def queue(session: Session, rec: NewRecord) -> None:
    """Queue a built record on ``session``; it is written (and chained) when the session commits."""
    pending: list[NewRecord] = session.info.setdefault(PENDING_KEY, [])
    pending.append(rec)


def record(
    session: Session,
    ctx: AuditContext,
    action: str,
    object_type: str,
    object_id: object,
    *,
    justification: str = "",
    recipient: str = "",
    details: dict[str, Any] | None = None,
    subjects: Iterable[tuple[str, object]] = (),
) -> None:
    """Queue one audit record; it is chained and written when ``session`` commits."""
    queue(
        session,
        new_record(
            ctx,
            action,
            object_type,
            object_id,
            justification=justification,
            recipient=recipient,
            details=details,
            subjects=subjects,
        ),
    )


def not_found(ctx: AuditContext, object_type: str, object_id: object) -> NotFound:
    """Refuse with the answer given for something that does not exist, and log the attempt.

    Existence is never disclosed (the same 404 as for an absent id), but the denied access is recorded
    after the request's rollback, so the data-protection officer sees who tried what.
    """
    error = NotFound(_("Not found."))

    def log(session: Session) -> None:
        record(
            session,
            ctx,
            Actions.ACCESS_DENIED,
            object_type,
            object_id,
            details={"reason": "not visible to the user's agency, or absent"},
        )

    error.then(log)
    return error


def canonical(rec: AuditRecord) -> bytes:
    return _canonical({k: getattr(rec, k) for k in _CANONICAL_FIELDS})


def link_hash(prev_hash: str, rec: AuditRecord) -> str:
    return _link(prev_hash, {k: getattr(rec, k) for k in _CANONICAL_FIELDS})


WRITTEN_KEY = "liaison_audit_unchained"


def _rows_of(pending: list[NewRecord]) -> list[dict[str, Any]]:
    return [item.row() for item in pending]


def chains_at_commit(dialect_name: str) -> bool:
    """SQLite chains in the writer's own transaction: its one writer lock already serialises writers,
    so the chain head costs no extra waiting there. PostgreSQL leaves the link to the sequencer."""
    return dialect_name == "sqlite"


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending: list[NewRecord] = session.info.pop(PENDING_KEY, [])
    if not pending:
        return
    # Everything the records describe goes to the database first, so that a record never names a row
    # that failed to be written; the records then commit (or roll back) with the action itself.
    session.flush()
    rows = _rows_of(pending)
    conn = session.connection()
    record_table = cast(Table, AuditRecord.__table__)
    subject_table = cast(Table, AuditSubject.__table__)
    inline = chains_at_commit(conn.dialect.name)
    if inline:
        _link_rows(conn, rows)
    else:
        # Stored unchained: no lock is taken, so concurrent writers do not queue on the chain head. The
        # sequencer links them right after commit (see ``core/audit/sequencer.py``).
        for row in rows:
            row["seq"] = row["prev_hash"] = row["hash"] = None
        session.info[WRITTEN_KEY] = True
    # One statement for all records (ids back in order), one for their subjects.
    stmt = insert(record_table).returning(record_table.c.id, sort_by_parameter_order=True)
    ids = conn.execute(stmt, rows).scalars().all()
    subjects = [
        {"audit_id": audit_id, "object_type": t, "object_id": i}
        for audit_id, item in zip(ids, pending, strict=True)
        for t, i in item.subjects
    ]
    conn.execute(insert(subject_table), subjects)


@event.listens_for(Session, "after_commit")
def _hand_to_sequencer(session: Session) -> None:
    if session.info.pop(WRITTEN_KEY, False):
        sequencer.committed(session.get_bind())


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
    session.info.pop(WRITTEN_KEY, None)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    first_broken_id: int | None = None
    reason: str = ""
    #: The last link verified: where an incremental check (a new checkpoint) continues from.
    last_seq: int = 0
    last_hash: str = GENESIS
    #: Committed records not linked yet (PostgreSQL's sequencer window), and the age of the oldest.
    pending: int = 0
    pending_oldest_s: float = 0.0


def _subject_keys(rec: AuditRecord) -> list[str]:
    """The subjects a record was chained with: they are part of its hashed ``details``."""
    listed = rec.details.get("subjects") if isinstance(rec.details, dict) else None
    if isinstance(listed, list):
        return sorted(str(x) for x in listed)
    return [f"{rec.object_type}:{rec.object_id}"]


def _stored_subjects(session: Session, rows: Sequence[AuditRecord]) -> dict[int, list[str]]:
    """The ``audit_subject`` rows of one batch of records, by record id (one range query)."""
    ids = {r.id for r in rows}
    found: dict[int, list[str]] = {i: [] for i in ids}
    stmt = select(AuditSubject.audit_id, AuditSubject.object_type, AuditSubject.object_id).where(
        AuditSubject.audit_id.between(min(ids), max(ids))
    )
    for audit_id, object_type, object_id in session.execute(stmt):
        if audit_id in found:
            found[audit_id].append(f"{object_type}:{object_id}")
    return {i: sorted(v) for i, v in found.items()}


def _check_record(rec: AuditRecord, expected_seq: int, prev_hash: str, stored: list[str]) -> str:
    """Why one record does not hold, or "" when it does."""
    if rec.seq != expected_seq:
        return f"record {expected_seq} is missing (next present is {rec.seq}): deleted"
    if rec.prev_hash != prev_hash:
        return f"record {rec.seq} does not link to record {rec.seq - 1}"
    if link_hash(prev_hash, rec) != rec.hash:
        return f"record {rec.seq} was altered after it was written"
    chained = _subject_keys(rec)
    if stored != chained:
        missing = sorted(set(chained) - set(stored))
        added = sorted(set(stored) - set(chained))
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"added {', '.join(added)}"] if added else []
        )
        return f"the subject index of record {rec.seq} was changed ({'; '.join(parts) or 'duplicated rows'})"
    return ""


def verify_chain(
    session: Session, batch: int = 5000, *, since: tuple[int, str] | None = None
) -> VerifyResult:
    """Walk the chain; report the first record whose link, number, content or subject index does not hold.

    The subject rows (``audit_subject``) are what a trail query reads; each record's hashed content lists
    its subjects, so a deleted or added subject row is caught here. ``since`` = (seq, hash) of an
    already verified (checkpointed) link starts the walk after it: the record at that seq must still
    carry that hash. Failures are also logged to ``liaison.audit``.
    """
    result = _verify(session, batch, since)
    if result.ok:
        result = _with_pending(session, result)
    if not result.ok:
        log.error("audit chain verification failed at record %s: %s", result.first_broken_seq, result.reason)
    return result


def _with_pending(session: Session, result: VerifyResult) -> VerifyResult:
    """Add the records committed but not yet linked: normal within the bound, a failure beyond it
    (the sequencer is not running: ``liaison audit chain`` links them)."""
    waiting = pending(session)
    result.pending, result.pending_oldest_s = waiting.count, round(waiting.oldest_age_s, 3)
    bound = get_settings().audit_chain_max_lag_seconds
    if waiting.count and result.pending_oldest_s > bound:
        result.ok = False
        result.first_broken_seq = result.last_seq + 1
        result.reason = (
            f"{waiting.count} record(s) committed but not chained, the oldest for {result.pending_oldest_s:.0f} s "
            f"(bound {bound:.0f} s): the audit sequencer is not running; 'liaison audit chain' links them"
        )
    return result


def _verify(session: Session, batch: int, since: tuple[int, str] | None) -> VerifyResult:
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_id = 0
    if since is not None and since[0] > 0:
        anchor = session.execute(select(AuditRecord).where(AuditRecord.seq == since[0])).scalar_one_or_none()
        if anchor is None or anchor.hash != since[1]:
            what = "is missing" if anchor is None else "no longer has the checkpointed hash"
            return VerifyResult(False, 0, since[0], anchor.id if anchor else None, f"record {since[0]} {what}")
        prev_hash, expected_seq, last_id = since[1], since[0] + 1, anchor.id
    while True:
        while True:
            rows: Sequence[AuditRecord] = (
                session.execute(
                    select(AuditRecord)
                    .where(AuditRecord.seq >= expected_seq)
                    .order_by(AuditRecord.seq)
                    .limit(batch)
                )
                .scalars()
                .all()
            )
            if not rows:
                break
            stored = _stored_subjects(session, rows)
            for rec in rows:
                reason = _check_record(rec, expected_seq, prev_hash, stored[rec.id])
                if reason:
                    return VerifyResult(False, checked, expected_seq, rec.id, reason)
                prev_hash, expected_seq, checked, last_id = str(rec.hash), expected_seq + 1, checked + 1, rec.id
        head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
        last_seq = expected_seq - 1
        if head is None or head.seq <= last_seq:
            break
        # The sequencer may have linked more since the walk's last read: walk on if the next record is
        # there now; only a head ahead of records that do not exist means records were cut from the end.
        more = session.execute(select(AuditRecord.id).where(AuditRecord.seq == last_seq + 1)).first()
        if more is None:
            break
    if head is not None and (head.seq != last_seq or head.hash != prev_hash):
        if head.seq > last_seq:
            return VerifyResult(
                False,
                checked,
                last_seq + 1,
                None,
                f"records {last_seq + 1}..{head.seq} are missing from the end: deleted",
            )
        return VerifyResult(False, checked, head.seq, last_id or None, "the chain head does not match the last record")
    return VerifyResult(True, checked, last_seq=last_seq, last_hash=prev_hash)


def trail_for(session: Session, object_type: str, object_id: object, limit: int = 500) -> list[AuditRecord]:
    """Every record that touched one object, newest first: the DPO's "who consulted this, when, why"."""
    stmt = (
        select(AuditRecord)
        .join(AuditSubject, AuditSubject.audit_id == AuditRecord.id)
        .where(AuditSubject.object_type == object_type, AuditSubject.object_id == str(object_id))
        .order_by(AuditRecord.seq.desc().nulls_first(), AuditRecord.id.desc())
        .limit(limit)
    )
    return list(session.execute(stmt).scalars().unique())
