"""Audit tables.

``audit_record`` is an append-only, hash-chained log. ``audit_subject`` indexes which objects each record
touched, so a data-protection officer can ask "who consulted this person?" without scanning JSON.
``audit_head`` holds the last link of the chain: it is the row the chaining step locks (the sequencer on
PostgreSQL, the committing writer on SQLite), and it lets ``audit verify`` notice records deleted from the end.
Audit rows carry identifiers, never personal data, so an erasure leaves nothing behind in the trail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from liaison.core.db import Base, UTCDateTime

_PENDING = text("seq IS NULL")


class AuditRecord(Base):
    __tablename__ = "audit_record"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    #: Position in the chain; NULL (with ``prev_hash`` and ``hash``) between the commit of the action and
    #: the sequencer's link on PostgreSQL (see ``core/audit/sequencer.py``).
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(200), nullable=False)
    actor_agency_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    object_type: Mapped[str] = mapped_column(String(40), nullable=False)
    object_id: Mapped[str] = mapped_column(String(80), nullable=False)
    justification: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recipient: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    ip: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_record_object", "object_type", "object_id"),
        Index("ix_audit_record_pending", "id", postgresql_where=_PENDING, sqlite_where=_PENDING),
    )


class AuditSubject(Base):
    __tablename__ = "audit_subject"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_record.id", ondelete="CASCADE"), nullable=False)
    object_type: Mapped[str] = mapped_column(String(40), nullable=False)
    object_id: Mapped[str] = mapped_column(String(80), nullable=False)

    __table_args__ = (Index("ix_audit_subject_object", "object_type", "object_id"),)


class AuditHead(Base):
    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)
