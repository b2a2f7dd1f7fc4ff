"""Schema management through Alembic, callable from the CLI, the app and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from liaison.core.db import get_engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    engine = engine or get_engine()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine | None = None, revision: str = "head") -> None:
    engine = engine or get_engine()
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def revision(message: str, engine: Engine | None = None) -> None:
    """Developers: write a new migration from the difference between models and database."""
    engine = engine or get_engine()
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.revision(cfg, message=message, autogenerate=True)


def ensure_schema(engine: Engine | None = None) -> None:
    """Create or upgrade the schema, then write the reference rows every installation needs.

    The reference steps (countries, legal-basis profiles) come from the installed capabilities, so a new
    installation needs no separate set-up step and no demo.
    """
    from liaison.core.db import session_scope

    upgrade(engine)
    with session_scope(engine) as session:
        ensure_reference(session)


def ensure_reference(session: Session) -> None:
    """Countries and legal-basis profiles: what every installation needs, demo or not (idempotent)."""
    from liaison.core.registry import installed

    for step in installed().reference_steps:
        step(session)
