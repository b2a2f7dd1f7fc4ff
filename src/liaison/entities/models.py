"""Stored entities (people, documents, vehicles, phones, …) and their exact-match keys.

The entity itself is kept as the validated Pydantic model's JSON (``data``), so a new field in
:mod:`liaison.entities.types` needs no migration. ``entity_key`` holds what matching looks up:
normalised identifiers (``phone``, ``iban``, ``document``…) and person blocking keys (``pname``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.core.db import Base, UTCDateTime
from liaison.core.timeutil import utcnow


class EntityRecord(Base):
    __tablename__ = "entity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), index=True)
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    type: Mapped[str] = mapped_column(String(30), nullable=False)
    label: Mapped[str] = mapped_column(String(300), nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    problems: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    keys: Mapped[list[EntityKey]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", passive_deletes=True
    )


class EntityKey(Base):
    __tablename__ = "entity_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    value: Mapped[str] = mapped_column(String(200), nullable=False)

    entity: Mapped[EntityRecord] = relationship(back_populates="keys")

    __table_args__ = (Index("ix_entity_key_lookup", "kind", "value"),)
