"""Case-system tables.

A case belongs to one agency and gathers the agencies taking part. Messages travel between two agencies
inside a case; a request carries the deadline computed from its legal basis. Attachments point to
content-addressed blobs (SHA-256), so the same file sent twice is stored once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.accounts.models import User
from liaison.agencies.models import Agency
from liaison.core.db import Base, UTCDateTime
from liaison.core.timeutil import utcnow

#: Request states in which the recipient still owes an answer (the deadline clock runs).
OPEN_STATES = ("open", "assigned", "clarification_requested")
#: The predicate of the partial index of open requests; the inbox query repeats it literally.
OPEN_REQUESTS_SQL = "kind = 'request' AND status IN ('open', 'assigned', 'clarification_requested')"


class LegalBasis(Base):
    """A deadline profile: how long the recipient has, by urgency and kind of data (DOMAIN.md §2)."""

    __tablename__ = "legal_basis"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    reference: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    urgent_direct_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    urgent_indirect_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    other_minutes: Mapped[int] = mapped_column(Integer, nullable=False)


class Case(Base):
    __tablename__ = "case_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    crime_areas: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    review_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    #: When the owner closed the case, and with what outcome (``cases.cases.OUTCOMES``); empty while open.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(40), nullable=False, default="")

    owner_agency: Mapped[Agency] = relationship(lazy="joined")
    participants: Mapped[list[CaseParticipant]] = relationship(
        back_populates="case", cascade="all, delete-orphan", lazy="selectin"
    )


class CaseParticipant(Base):
    __tablename__ = "case_participant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    #: "full": the owner shared the case's own data (description, participants, case-level entities) with this
    #: agency; "message": it takes part through messages only and sees those messages alone (cases/access.py).
    scope: Mapped[str] = mapped_column(String(10), nullable=False, default="full")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="participants")
    agency: Mapped[Agency] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("case_id", "agency_id", name="uq_case_participant_case_agency"),)


class Message(Base):
    __tablename__ = "message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="SET NULL"))
    forwarded_from_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="SET NULL"))
    sender_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    #: Whose information this is: the sender of a new message, the originator of the message first sent for
    #: a forward (at any depth), the seizing agency for a seizure record sent abroad. It always sees the message
    #: and alone gives permission to pass on H2/H3 (cases/access.py).
    originator_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    #: For a forward: the message first sent, which carries the originator's permissions. None for new messages.
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="SET NULL"))
    sender_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    recipient_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    priority: Mapped[str] = mapped_column(String(10), nullable=False, default="normal")
    data_access: Mapped[str] = mapped_column(String(10), nullable=False, default="indirect")
    legal_basis_code: Mapped[str | None] = mapped_column(ForeignKey("legal_basis.code"))
    channel: Mapped[str] = mapped_column(String(20), nullable=False, default="siena")
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    handling_note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    evaluation: Mapped[str] = mapped_column(String(2), nullable=False, default="X4")
    purpose: Mapped[str] = mapped_column(Text, nullable=False, default="")
    language: Mapped[str] = mapped_column(String(10), nullable=False, default="en")
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(30), nullable=False, default="sent")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delay_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: While the recipient awaits a clarification the time limit is suspended (Directive 2023/977 Art. 6(3)):
    #: when it was paused; the deadline moves by the pause when the clarification arrives.
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(lazy="joined")
    sender_agency: Mapped[Agency] = relationship(foreign_keys=[sender_agency_id], lazy="joined")
    recipient_agency: Mapped[Agency] = relationship(foreign_keys=[recipient_agency_id], lazy="joined")
    sender_user: Mapped[User | None] = relationship(foreign_keys=[sender_user_id], lazy="joined")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="message", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        # The inbox query: open requests of one agency by deadline.
        Index("ix_message_inbox", "recipient_agency_id", "status", "deadline_at"),
        # The same for the open requests alone, in inbox order: counting them needs no table access and a
        # page reads only its own rows (migration 0002).
        Index(
            "ix_message_open_requests",
            "recipient_agency_id",
            "deadline_at",
            "id",
            postgresql_where=text(OPEN_REQUESTS_SQL),
            sqlite_where=text(OPEN_REQUESTS_SQL),
        ),
    )

    @property
    def is_open(self) -> bool:
        return self.kind == "request" and self.status in OPEN_STATES

    @property
    def is_paused(self) -> bool:
        return self.is_open and self.paused_at is not None

    def time_left(self, now: datetime | None = None) -> timedelta | None:
        """What is left of the time limit: frozen at the pause while a clarification is awaited."""
        if not self.is_open or self.deadline_at is None:
            return None
        return self.deadline_at - (self.paused_at or now or utcnow())

    def is_overdue(self, now: datetime | None = None) -> bool:
        left = self.time_left(now)
        return left is not None and left < timedelta(0)


class MessageEvent(Base):
    """What happened to a message after it was sent: assignment, status changes, permissions, forwards."""

    __tablename__ = "message_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    user: Mapped[User | None] = relationship(lazy="joined")


class CaseEvent(Base):
    """The history of a case itself: closed (with its outcome), reopened, edited (which fields, old and new).

    Part of the case's own data: shown to the owner and the agencies it shared the case with.
    """

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    #: For an edit: ``{field: [old, new]}``.
    changes: Mapped[dict[str, list[object]]] = mapped_column(JSON, nullable=False, default=dict)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    user: Mapped[User | None] = relationship(lazy="joined")


class ForwardPermission(Base):
    """The originator's permission to pass a restricted (H2/H3) message on to another agency."""

    __tablename__ = "forward_permission"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), nullable=False, index=True)
    to_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Blob(Base):
    """A stored file, named by the SHA-256 of its content."""

    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class Attachment(Base):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), nullable=False, index=True)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)

    message: Mapped[Message] = relationship(back_populates="attachments")


class Counter(Base):
    """Per-country, per-year case numbering, locked row by row so references never collide."""

    __tablename__ = "counter"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
