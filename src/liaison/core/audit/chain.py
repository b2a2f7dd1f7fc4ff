"""The hash chain itself: the canonical form of a record and the link that appends it after the head.

Shared by the committing writer (SQLite) and the sequencer (PostgreSQL), so both link exactly alike.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, cast

from sqlalchemy import Table, insert, select, update

from liaison.core.audit.models import AuditHead
from liaison.core.config import get_settings

GENESIS = "0" * 64

_CANONICAL_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "actor_agency_id",
    "action",
    "object_type",
    "object_id",
    "justification",
    "recipient",
    "ip",
    "details",
)


def _canonical(values: dict[str, Any]) -> bytes:
    payload = {k: values[k] for k in _CANONICAL_FIELDS}
    payload["at"] = values["at"].isoformat(timespec="microseconds")
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _link(prev_hash: str, values: dict[str, Any]) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, prev_hash.encode() + b"|" + _canonical(values), hashlib.sha256).hexdigest()


def _link_rows(conn: Any, rows: list[dict[str, Any]]) -> None:
    """Number and link ``rows`` after the chain head, under the head's row lock, and move the head."""
    head_table = cast(Table, AuditHead.__table__)
    head = conn.execute(
        select(head_table.c.seq, head_table.c.hash).where(head_table.c.id == 1).with_for_update()
    ).first()
    if head is None:
        conn.execute(insert(head_table).values(id=1, seq=0, hash=GENESIS))
        seq, prev = 0, GENESIS
    else:
        seq, prev = head.seq, head.hash
    for row in rows:
        seq += 1
        row["seq"], row["prev_hash"] = seq, prev
        row["hash"] = prev = _link(prev, row)
    conn.execute(update(head_table).where(head_table.c.id == 1).values(seq=seq, hash=prev))
