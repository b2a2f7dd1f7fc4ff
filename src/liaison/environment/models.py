"""Tables of the environmental-crime capability: NEST task forces, their cases, seizure records.

The case itself lives in the case system (``case_file``); this capability only links a case to a task
force and an environmental category, so the case system's access rules, deadlines and erasure keep
applying unchanged. Rows that hang off a case cascade with it when the case is erased.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.agencies.models import Agency
from liaison.core.db import Base, UTCDateTime


class TaskForce(Base):
    """A National Environmental Security Task Force (INTERPOL NEST) of one country."""

    __tablename__ = "env_task_force"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code"), nullable=False, index=True)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_by_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    agencies: Mapped[list[TaskForceAgency]] = relationship(
        back_populates="task_force", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def members(self) -> list[Agency]:
        return [a.agency for a in self.agencies if a.role == "member"]

    @property
    def partners(self) -> list[Agency]:
        return [a.agency for a in self.agencies if a.role == "partner"]


class TaskForceAgency(Base):
    """An agency in a task force: a ``member`` (same country) or a ``partner`` abroad."""

    __tablename__ = "env_task_force_agency"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_force_id: Mapped[int] = mapped_column(
        ForeignKey("env_task_force.id", ondelete="CASCADE"), nullable=False, index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(10), nullable=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    task_force: Mapped[TaskForce] = relationship(back_populates="agencies")
    agency: Mapped[Agency] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("task_force_id", "agency_id", name="uq_env_task_force_agency_tf_agency"),)


class EnvCase(Base):
    """Links a case of the case system to a task force and an environmental category."""

    __tablename__ = "env_case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, unique=True)
    task_force_id: Mapped[int] = mapped_column(
        ForeignKey("env_task_force.id", ondelete="CASCADE"), nullable=False, index=True
    )
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class Seizure(Base):
    """An environmental seizure record, shaped like the CITES annual illegal-trade report.

    Identifiers and treaty findings come from a screening (kept in ``declaration`` so the record
    can be re-screened); agency, place, persons and legal action come from the officer.
    ``persons`` and ``companies`` are personal data: they never go into audit details.
    """

    __tablename__ = "env_seizure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    seized_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    place: Mapped[str] = mapped_column(String(200), nullable=False)
    country_code: Mapped[str] = mapped_column(String(2), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    hs_code: Mapped[str] = mapped_column(String(10), nullable=False)
    hs_description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    taxa: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    cas_numbers: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    substances: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    waste_codes: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    refrigerant: Mapped[str | None] = mapped_column(String(40))
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(20))
    origin: Mapped[str | None] = mapped_column(String(2))
    export_country: Mapped[str | None] = mapped_column(String(2))
    transit: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    destination: Mapped[str | None] = mapped_column(String(2))
    transport_mode: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    packaging: Mapped[str | None] = mapped_column(String(200))
    declared_status: Mapped[str | None] = mapped_column(String(60))
    documents_presented: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    documents_missing: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    concealment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    detection_method: Mapped[str] = mapped_column(Text, nullable=False, default="")
    persons: Mapped[str] = mapped_column(Text, nullable=False, default="")
    companies: Mapped[str] = mapped_column(Text, nullable=False, default="")
    legal_action: Mapped[str] = mapped_column(Text, nullable=False, default="")
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    treaties: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    treaty_entries: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    red_flags: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    declaration: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    agency: Mapped[Agency] = relationship(lazy="joined")


class SeizurePermission(Base):
    """The seizing agency's authorisation for another agency to send its record abroad.

    ``recipient_agency_id`` None authorises any recipient abroad, which H2/H3 records do not allow: under
    those codes the permission names the recipient, as for messages (cases/access.py).
    """

    __tablename__ = "env_seizure_permission"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seizure_id: Mapped[int] = mapped_column(
        ForeignKey("env_seizure.id", ondelete="CASCADE"), nullable=False, index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    recipient_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
