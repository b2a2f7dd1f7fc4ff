"""The analysis capability's tables: links imported as FtM relationships, and saved charts.

Stored here: relationship links imported from FtM (ownership, membership, calls, payments…); charts,
which hold node keys and layout — never the data, which every reader gets through their own rights; and
``analysis_edge``, the *edge projection*: one row per link of every capability (entity recorded on a case,
hit, FtM link, seizure in a case) with its provenance and the keys that govern who sees it (the case,
message and agency of each end and of the link itself). It holds no personal data and decides nothing:
the reader's rights are asked of ``cases/access.py`` for the touched cases and messages at every read, so
sharing a case or forwarding a message applies at once. It is kept in step by the capabilities' events
(``analysis/projection.py``) and rebuilt from their tables by ``liaison graph rebuild``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, UniqueConstraint
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


class AnalysisEdge(Base):
    """One link of the graph, as every capability's own table states it (see the module docstring).

    ``src``/``dst`` are node keys (``entity:12``, ``case:3``, ``seizure:5``); a hit is stored between its
    two entities and becomes an edge to a *restricted* node at read time when the reader sees one side
    only. ``src_*``/``dst_*`` are the visibility keys of each end: an entity is seen with its message
    (``*_message_id``) or, recorded on the case, with the case's own data (``*_case_id``); a case node with
    the case; a seizure by its seizing agency (``*_agency_id``) or with the case's own data. ``case_id`` and
    ``message_id`` are the link's own context (an FtM link is seen with its message or the case's data).
    """

    __tablename__ = "analysis_edge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)  # recorded:12, hit:9, link:3, seized:5
    src: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    dst: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    label: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    ref: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    on_date: Mapped[date | None] = mapped_column(Date)
    on_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    evaluation: Mapped[str] = mapped_column(String(2), nullable=False, default="")
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="")  # hits: new / confirmed
    score: Mapped[float | None] = mapped_column(Float)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    message_id: Mapped[int | None] = mapped_column(Integer)
    src_case_id: Mapped[int | None] = mapped_column(Integer)
    src_message_id: Mapped[int | None] = mapped_column(Integer)
    src_agency_id: Mapped[int | None] = mapped_column(Integer)
    dst_case_id: Mapped[int | None] = mapped_column(Integer)
    dst_message_id: Mapped[int | None] = mapped_column(Integer)
    dst_agency_id: Mapped[int | None] = mapped_column(Integer)
