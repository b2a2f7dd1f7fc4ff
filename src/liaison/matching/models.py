"""Hits: two entities of different cases that the engine judged to be the same person or thing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from liaison.core.db import Base, UTCDateTime
from liaison.core.timeutil import utcnow

HIT_STATES = ("new", "confirmed", "rejected")


class Hit(Base):
    __tablename__ = "hit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The pair is stored with the smaller entity id first, so (a, b) is unique whichever side was new.
    entity_a_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), nullable=False, index=True)
    entity_b_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), nullable=False, index=True)
    agency_a_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    agency_b_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    explanation: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (UniqueConstraint("entity_a_id", "entity_b_id", name="uq_hit_pair"),)
