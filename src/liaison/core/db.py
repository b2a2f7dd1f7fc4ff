"""Database engine, sessions and the declarative base shared by every capability.

Each capability declares its tables on :class:`Base` in its own ``models`` module; the schema itself is
created and changed only through the Alembic migrations in ``liaison/migrations``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, inspect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from liaison.core.config import get_settings
from liaison.core.errors import LiaisonError
from liaison.core.timeutil import as_utc

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the backend stores."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = as_utc(value)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)


_engines: dict[str, Engine] = {}


def _sqlite_begin(conn: Any) -> None:
    # Nearly every request writes (at least an audit record). Taking the write lock up front means a
    # transaction never reads a snapshot that another writer then invalidates (SQLITE_BUSY_SNAPSHOT);
    # writers queue on busy_timeout instead. PostgreSQL, the production path, needs none of this.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, open transactions (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers run during writes; a killed process loses no committed transaction.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    url = url or get_settings().effective_database_url
    engine = _engines.get(url)
    if engine is None:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            size = get_settings().db_pool_size
            engine = create_engine(url, pool_size=size, max_overflow=size, pool_pre_ping=True)
        _engines[url] = engine
    return engine


def dispose_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def session_factory(engine: Engine | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=engine or get_engine(), expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error.

    A refusal (:class:`~liaison.core.errors.LiaisonError`) may carry writes that must outlive it, such
    as the audit record of a denied access; they run in a fresh transaction after the rollback.
    """
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except LiaisonError as exc:
        session.rollback()
        if exc.after_rollback:
            for action in exc.after_rollback:
                action(session)
            session.commit()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def schema_is_empty(engine: Engine) -> bool:
    return "alembic_version" not in inspect(engine).get_table_names()
