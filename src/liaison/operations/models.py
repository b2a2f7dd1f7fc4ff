"""Tables of the operations capability: joint operations and action days, their meetings and action
items, the results agencies report, migration incidents at the border and readmission requests.

A result or an incident points to the records it reuses instead of copying them: the arrested person
or the facilitator is an entity (``entity``, matched like every entity), an environmental seizure is the
environment's seizure record (``env_seizure``), the case is the case system's. Rows hanging off a case
cascade with it when the case is erased.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.agencies.models import Agency
from liaison.core.db import Base, UTCDateTime


class Operation(Base):
    """A joint operation, action day, EMPACT operational action or JIT-like joint investigation."""

    __tablename__ = "op_operation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    crime_area: Mapped[str] = mapped_column(String(40), nullable=False)
    empact_priority: Mapped[str | None] = mapped_column(String(40))
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    lead_agency: Mapped[Agency] = relationship(lazy="joined")
    agencies: Mapped[list[OperationAgency]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    cases: Mapped[list[OperationCase]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    targets: Mapped[list[OperationTarget]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class OperationAgency(Base):
    """An agency taking part in an operation (the lead agency is one too)."""

    __tablename__ = "op_operation_agency"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation_id: Mapped[int] = mapped_column(
        ForeignKey("op_operation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)

    agency: Mapped[Agency] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("operation_id", "agency_id", name="uq_op_operation_agency"),)


class OperationCase(Base):
    __tablename__ = "op_operation_case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation_id: Mapped[int] = mapped_column(
        ForeignKey("op_operation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True)

    __table_args__ = (UniqueConstraint("operation_id", "case_id", name="uq_op_operation_case"),)


class OperationTarget(Base):
    """A planned target: a person, group or place, linked to an entity where one is recorded."""

    __tablename__ = "op_target"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation_id: Mapped[int] = mapped_column(
        ForeignKey("op_operation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    label: Mapped[str] = mapped_column(String(200), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))


class Meeting(Base):
    """An operational meeting; minutes carry their own handling code."""

    __tablename__ = "op_meeting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("op_operation.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    online: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    organiser_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    agenda: Mapped[str] = mapped_column(Text, nullable=False, default="")
    minutes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    minutes_handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    decisions: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    organiser: Mapped[Agency] = relationship(lazy="joined")
    participants: Mapped[list[MeetingParticipant]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    action_items: Mapped[list[ActionItem]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class MeetingParticipant(Base):
    """An agency at a meeting and, optionally, the officer who attended (personal data: never audited in clear)."""

    __tablename__ = "op_meeting_participant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("op_meeting.id", ondelete="CASCADE"), nullable=False, index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    person_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")

    agency: Mapped[Agency] = relationship(lazy="joined")


class ActionItem(Base):
    """A decision's follow-up owed by one agency by a date; shown in that agency's inbox and escalations."""

    __tablename__ = "op_action_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("op_meeting.id", ondelete="CASCADE"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="open")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    owner_agency: Mapped[Agency] = relationship(lazy="joined")
    meeting: Mapped[Meeting] = relationship(back_populates="action_items", lazy="joined")


class Result(Base):
    """One result reported by one agency: an arrest, a seizure, checks, an investigation opened, victims
    identified, officers deployed, a terrorist attack or court decision.

    ``category`` says what exactly (drug type, firearm kind, check type, currency…), ``quantity`` and
    ``unit`` how much. An arrest names its person entity; an environmental seizure its seizure record.
    """

    __tablename__ = "op_result"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("op_operation.id", ondelete="SET NULL"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    occurred_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    country_code: Mapped[str] = mapped_column(String(2), nullable=False)
    crime_area: Mapped[str] = mapped_column(String(40), nullable=False)
    category: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    quantity: Mapped[float] = mapped_column(Float, nullable=False, default=1.0)
    unit: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    grounds: Mapped[str] = mapped_column(Text, nullable=False, default="")
    affiliation: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"), index=True)
    env_seizure_id: Mapped[int | None] = mapped_column(ForeignKey("env_seizure.id", ondelete="SET NULL"))
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    agency: Mapped[Agency] = relationship(lazy="joined")


class MigrationIncident(Base):
    """An apprehended group, a refusal of entry, an asylum application at the border or illegal stay."""

    __tablename__ = "op_migration_incident"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("op_operation.id", ondelete="SET NULL"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    country_code: Mapped[str] = mapped_column(String(2), nullable=False)
    border_section: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    group_size: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    nationalities: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    route: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    false_documents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    agency: Mapped[Agency] = relationship(lazy="joined")
    entities: Mapped[list[IncidentEntity]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class IncidentEntity(Base):
    """A facilitator (person entity) or vehicle of an incident."""

    __tablename__ = "op_incident_entity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("op_migration_incident.id", ondelete="CASCADE"), nullable=False, index=True
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(12), nullable=False)


class ReadmissionRule(Base):
    """The deadline of a bilateral readmission agreement for one pair of countries (editable)."""

    __tablename__ = "op_readmission_rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_country: Mapped[str] = mapped_column(String(2), nullable=False)
    to_country: Mapped[str] = mapped_column(String(2), nullable=False)
    deadline_hours: Mapped[int] = mapped_column(Integer, nullable=False)
    reference: Mapped[str] = mapped_column(String(300), nullable=False, default="")

    __table_args__ = (UniqueConstraint("from_country", "to_country", name="uq_op_readmission_rule_pair"),)


class Readmission(Base):
    """A readmission / hand-over request to the neighbouring country, with the agreement's deadline."""

    __tablename__ = "op_readmission"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("op_migration_incident.id", ondelete="CASCADE"), nullable=False, index=True
    )
    to_country: Mapped[str] = mapped_column(String(2), nullable=False)
    persons: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="requested")
