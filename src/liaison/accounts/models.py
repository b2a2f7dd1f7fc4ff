"""User accounts and their credentials."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from liaison.agencies.models import Agency
from liaison.core.db import Base, UTCDateTime


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="officer")
    #: Roles held besides the primary ``role`` (e.g. a supervisor who also staffs the frontline desk).
    extra_roles: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list, server_default=text("'[]'"))
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: The locale the user chose (``en``, ``sq``, ``sr-Cyrl``, ``sr-Latn``, ``mk``, ``bs``, ``hr``, ``cnr``);
    #: "" = none chosen: the browser's ``Accept-Language`` decides (core/i18n.py).
    language: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    #: The last TOTP time step accepted: a code of that step or an earlier one is refused (single use),
    #: in the database so every worker process sees it.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    #: A secret shown to the user but not yet confirmed with a code; not used for sign-in until then.
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    #: Set when an administrator resets the password: the user must choose a new one after signing in.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )

    agency: Mapped[Agency] = relationship(lazy="joined")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def roles(self) -> tuple[str, ...]:
        """The primary role first, then the additional ones (each once)."""
        return tuple(dict.fromkeys([self.role, *(self.extra_roles or [])]))

    @property
    def label(self) -> str:
        return f"{self.full_name} ({self.agency.code})"


class UserSession(Base):
    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    #: Refreshed at most once a minute (not a write per request); the idle timeout counts from it.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Where and with what the session was started: lets the user recognise a session that is not theirs.
    ip: Mapped[str] = mapped_column(String(64), nullable=False, default="", server_default="")
    user_agent: Mapped[str] = mapped_column(String(200), nullable=False, default="", server_default="")


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginThrottle(Base):
    """Failed sign-ins counted per key: ``user:<name>`` (the account) and ``ip:<address>`` (the source).

    One row per key, locked while a sign-in is checked, so parallel guesses are counted one after the
    other. After ``login_max_failures`` failures each further failure sets ``blocked_until`` 2^k seconds
    ahead (capped); no attempt on that key is even checked before then.
    """

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class KnownLoginSource(Base):
    """Addresses a user has signed in from: the account-wide delay does not apply to them, so a stranger
    guessing elsewhere cannot lock the officer out of their own workstation."""

    __tablename__ = "known_login_source"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    ip: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_success_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
