"""Watchlists, their entries, and the log of frontline checks.

One wide entry table rather than a table per kind: an import of millions of rows must be one
``INSERT … ON CONFLICT`` and a check one indexed lookup per key. Each key column holds the
*normalised* form (see :mod:`liaison.entities.identifiers` and :mod:`liaison.frontline.keys`) and
has a partial index, so the 8 M document rows do not bloat the plate index and vice versa.

An entry's list and owning agency are checked by triggers, once per statement (migration 0019), rather
than by foreign keys: PostgreSQL checks a foreign key with one query per inserted row, which was more
than half of the server's work in a bulk import. The triggers keep what the keys guaranteed: every
entry names an existing list and agency (locked ``FOR KEY SHARE`` as a key check would), a deleted list
takes its entries with it, and a referenced agency cannot be deleted.

``frontline_check`` records what a desk asked and what it got, by identifiers only (list names,
record ids, counts): the officer's input itself is not kept, so the log holds no personal data.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from liaison.core.db import Base, UTCDateTime
from liaison.core.i18n import N_, Label

#: Entry categories, the kind of object each holds, and the default action when a row gives none.
CATEGORIES: dict[str, tuple[str, str]] = {
    "lost_document": ("document", "seize"),
    "stolen_document": ("document", "seize"),
    "stolen_blank_document": ("document", "seize"),
    "stolen_vehicle": ("vehicle", "seize"),
    "wanted_person": ("person", "arrest"),
    "missing_person": ("person", "locate"),
    "stolen_firearm": ("firearm", "seize"),
}

#: What the officer at the border is asked to do on a hit.
ACTIONS: dict[str, Label] = {
    "arrest": N_("Arrest"),
    "locate": N_("Locate (report whereabouts)"),
    "discreet_check": N_("Discreet check (do not alert the person)"),
    "refuse_entry": N_("Refuse entry"),
    "seize": N_("Seize the object"),
}

#: Entry categories as the officer reads them.
CATEGORY_LABELS: dict[str, Label] = {
    "lost_document": N_("lost document"),
    "stolen_document": N_("stolen document"),
    "stolen_blank_document": N_("stolen blank document"),
    "stolen_vehicle": N_("stolen vehicle"),
    "wanted_person": N_("wanted person"),
    "missing_person": N_("missing person"),
    "stolen_firearm": N_("stolen firearm"),
}

#: What a check looked at (``Prepared.kinds``) and what a hit matched on.
CHECKED: dict[str, Label] = {
    "mrz": N_("MRZ"),
    "document": N_("document"),
    "vehicle": N_("vehicle"),
    "firearm": N_("firearm"),
    "person": N_("person"),
    "plate": N_("plate"),
    "vin": N_("VIN"),
    "serial": N_("serial number"),
}

#: A check's verdict (``frontline.verdict``), as the desk shows it.
VERDICT_LABELS: dict[str, Label] = {
    "hit": N_("HIT"),
    "check_document": N_("CHECK DOCUMENT"),
    "clear": N_("CLEAR"),
}


def _partial(column: str) -> dict[str, Any]:
    where = text(f"{column} IS NOT NULL")
    return {"postgresql_where": where, "sqlite_where": where}


class Watchlist(Base):
    """A named list (``rs-sltd``, ``interpol-smv``…) owned by one agency."""

    __tablename__ = "watchlist"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class WatchlistEntry(Base):
    __tablename__ = "watchlist_entry"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    #: ``list_id`` and ``owner_agency_id`` refer to ``watchlist`` and ``agency`` without a foreign key
    #: constraint: triggers (migration 0019) check them once per statement, not once per row, keep a
    #: referenced agency from going and delete a list's entries with it. See the module docstring.
    list_id: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The id the record was imported with; re-importing it updates this row.
    record_id: Mapped[str] = mapped_column(String(100), nullable=False)
    category: Mapped[str] = mapped_column(String(30), nullable=False)
    owner_agency_id: Mapped[int] = mapped_column(Integer, nullable=False)
    reference: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    handling_code: Mapped[str] = mapped_column(String(2), nullable=False, default="H0")
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    contact_point: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    valid_from: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    doc_number: Mapped[str | None] = mapped_column(String(40))
    doc_country: Mapped[str | None] = mapped_column(String(2))
    doc_type: Mapped[str | None] = mapped_column(String(20))
    plate: Mapped[str | None] = mapped_column(String(20))
    plate_country: Mapped[str | None] = mapped_column(String(2))
    vin: Mapped[str | None] = mapped_column(String(20))
    serial: Mapped[str | None] = mapped_column(String(40))
    #: The name as the owner recorded it (shown to the officer on a hit).
    name: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[str | None] = mapped_column(String(10))
    nationality: Mapped[str | None] = mapped_column(String(2))
    description: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (
        UniqueConstraint("list_id", "record_id", name="uq_watchlist_entry_record"),
        Index("ix_watchlist_entry_doc", "doc_number", **_partial("doc_number")),
        Index("ix_watchlist_entry_plate", "plate", **_partial("plate")),
        Index("ix_watchlist_entry_vin", "vin", **_partial("vin")),
        Index("ix_watchlist_entry_serial", "serial", **_partial("serial")),
        Index("ix_watchlist_entry_birth", "birth_date", **_partial("birth_date")),
    )


class FrontlineCheck(Base):
    """One check at a desk: who, where, why, what kinds of key, and which entries hit (ids only)."""

    __tablename__ = "frontline_check"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    crossing_point: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    kinds: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    #: "hit", "check_document" or "clear" (liaison.frontline.verdict).
    verdict: Mapped[str] = mapped_column(String(20), nullable=False)
    #: [{"entry": id, "list": name, "record_id": ..., "action": ..., "owner": agency id, "score": ...}]
    hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)

    __table_args__ = (Index("ix_frontline_check_desk", "agency_id", "crossing_point", "at"),)
