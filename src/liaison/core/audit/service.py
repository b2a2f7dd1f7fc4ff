"""Writing, querying and verifying the audit trail.

Records are queued on the SQLAlchemy session with :func:`record` and chained in a ``before_commit``
hook: the writer locks the single ``audit_head`` row, numbers its records after the head, and links each
by an HMAC-SHA256 of the previous link and the record's canonical form. Because the chain is completed in
the same transaction as the change it describes, an action and its audit record commit or roll back
together, and the row lock keeps the chain linear when several app processes write at once. Keying the
hash with the server secret means someone with database access alone cannot rewrite the chain after an
edit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from liaison.core.audit.models import AuditHead, AuditRecord, AuditSubject
from liaison.core.config import get_settings
from liaison.core.timeutil import utcnow

GENESIS = "0" * 64
PENDING_KEY = "liaison_audit_pending"


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
class _Pending:
    at: datetime
    ctx: AuditContext
    action: str
    object_type: str
    object_id: str
    justification: str
    recipient: str
    details: dict[str, Any]
    subjects: list[tuple[str, str]] = field(default_factory=list)


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
    if action not in Actions.ALL:
        raise ValueError(f"unknown audit action {action!r}")
    pending: list[_Pending] = session.info.setdefault(PENDING_KEY, [])
    touched = [(object_type, str(object_id))]
    touched += [(t, str(i)) for t, i in subjects if (t, str(i)) not in touched]
    pending.append(
        _Pending(
            at=utcnow(),
            ctx=ctx,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            justification=justification or "",
            recipient=recipient or "",
            details=dict(details or {}),
            subjects=touched,
        )
    )


def canonical(rec: AuditRecord) -> bytes:
    payload = {
        "seq": rec.seq,
        "at": rec.at.isoformat(timespec="microseconds"),
        "actor_id": rec.actor_id,
        "actor_name": rec.actor_name,
        "actor_agency_id": rec.actor_agency_id,
        "action": rec.action,
        "object_type": rec.object_type,
        "object_id": rec.object_id,
        "justification": rec.justification,
        "recipient": rec.recipient,
        "ip": rec.ip,
        "details": rec.details,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(prev_hash: str, rec: AuditRecord) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, prev_hash.encode() + b"|" + canonical(rec), hashlib.sha256).hexdigest()


def _lock_head(session: Session) -> AuditHead:
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    return head


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    pending: list[_Pending] = session.info.pop(PENDING_KEY, [])
    if not pending:
        return
    session.flush()
    head = _lock_head(session)
    seq, prev = head.seq, head.hash
    for item in pending:
        seq += 1
        rec = AuditRecord(
            seq=seq,
            at=item.at.replace(microsecond=item.at.microsecond),
            actor_id=item.ctx.actor_id,
            actor_name=item.ctx.actor_name,
            actor_agency_id=item.ctx.agency_id,
            action=item.action,
            object_type=item.object_type,
            object_id=item.object_id,
            justification=item.justification,
            recipient=item.recipient,
            ip=item.ctx.ip,
            details={**item.details, "subjects": [f"{t}:{i}" for t, i in item.subjects]},
            prev_hash=prev,
        )
        rec.hash = link_hash(prev, rec)
        prev = rec.hash
        session.add(rec)
        session.flush()
        session.add_all(AuditSubject(audit_id=rec.id, object_type=t, object_id=i) for t, i in item.subjects)
    head.seq, head.hash = seq, prev
    session.flush()


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    first_broken_id: int | None = None
    reason: str = ""


def verify_chain(session: Session, batch: int = 5000) -> VerifyResult:
    """Walk the whole chain; report the first record whose link, number or content does not hold."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_id = 0
    while True:
        rows: Sequence[AuditRecord] = (
            session.execute(
                select(AuditRecord).where(AuditRecord.seq >= expected_seq).order_by(AuditRecord.seq).limit(batch)
            )
            .scalars()
            .all()
        )
        if not rows:
            break
        for rec in rows:
            if rec.seq != expected_seq:
                return VerifyResult(
                    False,
                    checked,
                    expected_seq,
                    rec.id,
                    f"record {expected_seq} is missing (next present is {rec.seq}): deleted",
                )
            if rec.prev_hash != prev_hash:
                return VerifyResult(
                    False, checked, rec.seq, rec.id, f"record {rec.seq} does not link to record {rec.seq - 1}"
                )
            if link_hash(prev_hash, rec) != rec.hash:
                return VerifyResult(
                    False, checked, rec.seq, rec.id, f"record {rec.seq} was altered after it was written"
                )
            prev_hash, expected_seq, checked, last_id = rec.hash, expected_seq + 1, checked + 1, rec.id
    head = session.get(AuditHead, 1)
    last_seq = expected_seq - 1
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
    return VerifyResult(True, checked)


def trail_for(session: Session, object_type: str, object_id: object, limit: int = 500) -> list[AuditRecord]:
    """Every record that touched one object, newest first: the DPO's "who consulted this, when, why"."""
    stmt = (
        select(AuditRecord)
        .join(AuditSubject, AuditSubject.audit_id == AuditRecord.id)
        .where(AuditSubject.object_type == object_type, AuditSubject.object_id == str(object_id))
        .order_by(AuditRecord.seq.desc())
        .limit(limit)
    )
    return list(session.execute(stmt).scalars().unique())
