"""Test fixtures: every database test runs on SQLite and on PostgreSQL.

A template database is migrated and seeded with the demo once per backend; each test gets a fresh copy
(a file copy for SQLite, ``CREATE DATABASE ... TEMPLATE`` for PostgreSQL), so tests never see each
other's writes. PostgreSQL comes from ``LIAISON_TEST_POSTGRES_URL`` (default: the local server with trust
auth). When it cannot be reached the PostgreSQL half is skipped, unless ``LIAISON_REQUIRE_POSTGRES=1``
(set by CI), in which case it fails.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ADMIN_URL = os.environ.get("LIAISON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REQUIRE_PG = os.environ.get("LIAISON_REQUIRE_POSTGRES") == "1"
RUN_ID = uuid.uuid4().hex[:8]
# The app refuses to start with the development secret or a short one (core/config.py); the tests run
# with a proper one, which subprocesses started by tests (``liaison serve``) inherit.
os.environ.setdefault("LIAISON_SECRET_KEY", "test-secret-" + "k" * 40)


def pytest_configure(config: pytest.Config) -> None:
    """The tests are a composition root like the app and the CLI: install every capability once."""
    from liaison.capabilities import install

    install()


def _reset_app_state() -> None:
    from liaison.core.config import reset_settings
    from liaison.core.db import dispose_engines

    dispose_engines()
    reset_settings()


def _use(url: str, data_dir: Path) -> None:
    os.environ["LIAISON_DATABASE_URL"] = url
    os.environ["LIAISON_DATA_DIR"] = str(data_dir)
    _reset_app_state()


def _seed_template(url: str, data_dir: Path) -> None:
    _use(url, data_dir)
    from liaison.core.db import session_scope
    from liaison.core.migrate import upgrade
    from liaison.demo import seed

    upgrade()
    with session_scope() as session:
        seed(session)
    _reset_app_state()


def _pg_admin():  # type: ignore[no-untyped-def]
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        engine.dispose()
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required (LIAISON_REQUIRE_POSTGRES=1) but unreachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    return engine


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sqlite-template")
    path = root / "template.sqlite3"
    _seed_template(f"sqlite:///{path}", root / "data")
    return path


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    admin = _pg_admin()
    name = f"liaison_tpl_{RUN_ID}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    _seed_template(url, tmp_path_factory.mktemp("pg-template-data"))
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database holding the demo seed; the app is pointed at it."""
    data_dir = tmp_path / "data"
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.sqlite3"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
        _use(url, data_dir)
        yield url
        _reset_app_state()
        return
    template_name = request.getfixturevalue("pg_template")
    admin = _pg_admin()
    name = f"liaison_t_{RUN_ID}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    _use(url, data_dir)
    yield url
    _reset_app_state()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def session(db_url: str) -> Iterator[object]:
    from liaison.core.db import session_factory

    s = session_factory()()
    try:
        yield s
    finally:
        s.rollback()
        s.close()
