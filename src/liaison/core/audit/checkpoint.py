"""Signed checkpoints: the audit chain anchored outside the database.

The HMAC chain proves that records were not edited by someone who does not know the server secret. It
cannot prove on its own that nothing was cut from the end (the head row can be rewound to any earlier
link, which is stored in the database), nor resist someone who has the secret and recomputes the whole
chain. A checkpoint fixes both: an Ed25519 signature, made with a private key the operator keeps off the
database server, over (seq, hash, time, count) of the chain at one moment. Checkpoints are appended, one
JSON object a line, to a file kept outside the database (ideally shipped off the host too); verifying the
database against them tells

* truncation or a rewound head: the chain ends before a checkpointed seq;
* deletion inside the covered part: fewer records up to the checkpointed seq than were counted;
* recomputation: the record at a checkpointed seq no longer carries the signed hash.

Writing a checkpoint is cheap and idempotent (it verifies only the records added since the previous
checkpoint and writes nothing when the head has not moved), so a timer can run it every few minutes.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liaison.core import signing
from liaison.core.audit.models import AuditHead, AuditRecord
from liaison.core.audit.service import GENESIS, verify_chain
from liaison.core.timeutil import utcnow

log = logging.getLogger("liaison.audit")

PRIVATE_NAME = "audit-checkpoint.key"
PUBLIC_NAME = "audit-checkpoint.pub"
CHECKPOINTS_NAME = "audit-checkpoints.jsonl"
FORMAT = 1


class CheckpointError(Exception):
    """A key or checkpoint file cannot be used, or the chain must not be signed; the message says why."""


# --- keys ----------------------------------------------------------------------------------------------


def keygen(directory: Path, *, overwrite: bool = False) -> tuple[Path, Path]:
    """Write a new Ed25519 key pair into ``directory`` (private key readable by its owner only)."""
    private_path, public_path = directory / PRIVATE_NAME, directory / PUBLIC_NAME
    signing.write_key_pair(private_path, public_path, overwrite=overwrite, error=CheckpointError)
    return private_path, public_path


def load_private_key(path: Path) -> Ed25519PrivateKey:
    return signing.load_private_key(path, error=CheckpointError, keygen_command="liaison audit keygen")


def load_public_key(spec: str) -> Ed25519PublicKey:
    """A PEM file, or the key itself as base64 of its 32 raw bytes."""
    return signing.load_public_key(spec, error=CheckpointError)


# --- checkpoints ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    count: int

    def payload(self) -> bytes:
        """What is signed: canonical JSON, so any change to any field breaks the signature."""
        body = {"v": FORMAT, "seq": self.seq, "hash": self.hash, "at": self.at, "count": self.count}
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_file(target: Path) -> Path:
    """``--out`` / ``--checkpoint`` may name the file or the directory that holds it."""
    return target / CHECKPOINTS_NAME if target.is_dir() else target


def read_checkpoints(path: Path, public_key: Ed25519PublicKey) -> tuple[list[Checkpoint], list[str]]:
    """Checkpoints whose signature holds, in file order, and a problem line for each one that does not."""
    good: list[Checkpoint] = []
    problems: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise CheckpointError(f"No checkpoint file at {path}.") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw: dict[str, Any] = json.loads(line)
            cp = Checkpoint(int(raw["seq"]), str(raw["hash"]), str(raw["at"]), int(raw["count"]))
            public_key.verify(base64.b64decode(raw["sig"]), cp.payload())
        except InvalidSignature:
            problems.append(f"checkpoint on line {number}: the signature does not hold (edited, or another key)")
            continue
        except (ValueError, KeyError, TypeError):
            problems.append(f"checkpoint on line {number}: unreadable")
            continue
        good.append(cp)
    for problem in problems:
        log.error("audit checkpoint file %s: %s", path, problem)
    return good, problems


def _current(session: Session) -> Checkpoint:
    head = session.get(AuditHead, 1)
    seq, hash_ = (head.seq, head.hash) if head is not None else (0, GENESIS)
    count = session.execute(select(func.count()).select_from(AuditRecord).where(AuditRecord.seq <= seq)).scalar_one()
    return Checkpoint(seq, hash_, utcnow().isoformat(timespec="seconds"), int(count))


def write_checkpoint(session: Session, private_key: Ed25519PrivateKey, target: Path) -> tuple[Checkpoint, bool]:
    """Verify what was added since the last checkpoint, then append a signed checkpoint of the head.

    Returns the checkpoint and whether it was written (False: the head has not moved since the last one).
    Refuses (:class:`CheckpointError`) to sign a chain that does not verify, or a file whose previous
    checkpoint no longer matches: signing over a break would anchor the forgery.
    """
    path = checkpoint_file(target)
    previous: Checkpoint | None = None
    if path.exists():
        good, problems = read_checkpoints(path, private_key.public_key())
        if problems:
            raise CheckpointError(f"{path}: " + "; ".join(problems))
        previous = max(good, key=lambda c: c.seq) if good else None
    since = (previous.seq, previous.hash) if previous else None
    result = verify_chain(session, since=since)
    if not result.ok:
        broken = f"record {result.first_broken_seq}: {result.reason}"
        raise CheckpointError(f"not signing: the audit trail is broken at {broken}")
    current = _current(session)
    if previous is not None and (previous.seq, previous.hash) == (current.seq, current.hash):
        return previous, False
    if (current.seq, current.hash) != (result.last_seq, result.last_hash):
        # A writer committed between the walk and the head read: sign what was verified, not the new head.
        current = Checkpoint(result.last_seq, result.last_hash, current.at, result.last_seq)
    signature = base64.b64encode(private_key.sign(current.payload())).decode()
    line = json.dumps({**json.loads(current.payload()), "sig": signature}, sort_keys=True, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fp:
        fp.write(line + "\n")
        fp.flush()
        os.fsync(fp.fileno())
    return current, True


def check_against(session: Session, checkpoints: Sequence[Checkpoint]) -> list[str]:
    """What the database lost or changed relative to signed checkpoints; empty when it agrees with all.

    Every checkpoint is compared (one query per thousand): the first one that differs bounds where a
    recomputation started, which tells the investigator which records to look at.
    """
    if not checkpoints:
        return []
    problems: list[str] = []
    head = session.get(AuditHead, 1)
    head_seq = head.seq if head is not None else 0
    last_seq = session.execute(select(func.max(AuditRecord.seq))).scalar_one() or 0
    latest = max(checkpoints, key=lambda c: c.seq)
    if last_seq < latest.seq:
        problems.append(
            f"truncated: the chain ends at record {last_seq}, but the checkpoint of {latest.at} covers record "
            f"{latest.seq}: records {last_seq + 1}..{latest.seq} are missing"
        )
    if head_seq < latest.seq:
        problems.append(f"the chain head was rewound to record {head_seq}, below the checkpointed {latest.seq}")
    hashes: dict[int, str] = {}
    seqs = sorted({c.seq for c in checkpoints if c.seq > 0})
    for i in range(0, len(seqs), 1000):
        chunk = seqs[i : i + 1000]
        stmt = select(AuditRecord.seq, AuditRecord.hash).where(AuditRecord.seq.in_(chunk))
        hashes.update({int(s or 0): str(h) for s, h in session.execute(stmt)})
    for cp in sorted(checkpoints, key=lambda c: c.seq):
        stored = hashes.get(cp.seq)
        if stored is not None and stored != cp.hash:
            problems.append(
                f"rewritten: record {cp.seq} no longer carries the hash signed in the checkpoint of {cp.at}; "
                f"the chain was recomputed at or before record {cp.seq}"
            )
            break
    if latest.seq <= last_seq:
        count = session.execute(
            select(func.count()).select_from(AuditRecord).where(AuditRecord.seq <= latest.seq)
        ).scalar_one()
        if count < latest.count:
            problems.append(
                f"{latest.count - count} record(s) up to record {latest.seq} deleted "
                f"(the checkpoint of {latest.at} counted {latest.count})"
            )
    for problem in problems:
        log.error("audit checkpoint verification failed: %s", problem)
    return problems

