"""Countries, agencies and contact points."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.core.db import Base


class Country(Base):
    __tablename__ = "country"

    #: ISO 3166-1 alpha-2; Kosovo uses the user-assigned XK (without prejudice to positions on status).
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, default="Europe/Belgrade")


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    is_spoc: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    channels: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    #: Days after which a case must be reviewed for continued need (LED Art. 5).
    retention_days: Mapped[int] = mapped_column(Integer, nullable=False, default=365 * 3)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    country: Mapped[Country] = relationship(lazy="joined")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.country_code})"


class ContactPoint(Base):
    """An entry in the network of officers: who to call at an agency for a crime area, in which languages."""

    __tablename__ = "contact_point"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    function: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    crime_areas: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    available_24_7: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    agency: Mapped[Agency] = relationship(lazy="joined")
