"""The analysis capability's tables: links imported as FtM relationships, and saved charts.

The graph itself is not copied: nodes and edges are computed, for each reader, from the capabilities'
own tables through their graph sources (see ``core.graphs``), so erasure, hit decisions and sharing
apply at once and no projection can disagree with the access rule. Only what exists nowhere else is
stored here: relationship links imported from FtM (ownership, membership, calls, payments…), and
charts, which hold node keys and layout — never the data, which every reader gets through their own rights.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.core.db import Base, UTCDateTime
from liaison.core.timeutil import utcnow


class AnalysisLink(Base):
    """A relationship between two entities (FtM Ownership, Membership, Associate, Call, Payment…).

    Seen with its context, like an entity (its message, or the case's own data), and only where the
    reader also sees both ends.
    """

    __tablename__ = "analysis_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), index=True)
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    source_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), nullable=False, index=True
    )
    target_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(30), nullable=False)  # ownership, membership, call, …
    label: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    ftm_id: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    on: Mapped[date | None] = mapped_column(Date)
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class AnalysisChart(Base):
    """A saved, named chart of an agency, shared with chosen agencies; every save is a new version."""

    __tablename__ = "analysis_chart"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    versions: Mapped[list[AnalysisChartVersion]] = relationship(
        back_populates="chart", cascade="all, delete-orphan", passive_deletes=True,
        order_by="AnalysisChartVersion.version",
    )
    shares: Mapped[list[AnalysisChartShare]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class AnalysisChartVersion(Base):
    __tablename__ = "analysis_chart_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chart_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_chart.id", ondelete="CASCADE"), nullable=False, index=True
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: {"nodes": [keys], "pinned": [keys], "hidden": [keys], "groups": {name: [keys]}, "positions": {key: [x, y]}}
    layout: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    chart: Mapped[AnalysisChart] = relationship(back_populates="versions")

    __table_args__ = (UniqueConstraint("chart_id", "version", name="uq_analysis_chart_version"),)


class AnalysisChartShare(Base):
    __tablename__ = "analysis_chart_share"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chart_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_chart.id", ondelete="CASCADE"), nullable=False, index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (UniqueConstraint("chart_id", "agency_id", name="uq_analysis_chart_share"),)
