"""Additional roles: a primary role plus extra ones; the frontline role is never implied by admin."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from liaison.accounts.service import roles_allow
from liaison.demo import PASSWORD
from tests.helpers import csrf, login


def _roles(username: str) -> tuple[str, ...]:
    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    with session_scope() as s:
        return s.execute(select(User).where(User.username == username)).scalar_one().roles


def test_roles_allow() -> None:
    assert roles_allow(["officer", "frontline"], ["frontline"])
    assert roles_allow(["supervisor", "frontline"], ["supervisor"])
    assert not roles_allow(["officer"], ["frontline"])
    assert roles_allow(["admin"], ["supervisor"]) and roles_allow(["admin"], ["dpo"])
    assert not roles_allow(["admin"], ["frontline"])  # a check is a duty: the role must be given
    assert roles_allow(["admin"], ["frontline", "supervisor"])
    assert roles_allow(["admin", "frontline"], ["frontline"])


def test_create_user_with_extra_roles_and_bad_names(db_url: str) -> None:
    from liaison.accounts.service import create_user
    from liaison.core.db import session_scope
    from liaison.core.errors import InvalidInput

    def make(username: str, role: str, extra: list[str]) -> None:
        with session_scope() as s:
            create_user(
                s,
                username=username,
                full_name="",
                agency_code="ME-SPOC",
                role=role,
                password=PASSWORD,
                extra_roles=extra,
            )

    make("sup.front", "supervisor", ["frontline", "frontline", "supervisor", ""])
    assert _roles("sup.front") == ("supervisor", "frontline")
    assert _roles("me.drugs") == ("officer",)  # users without extra roles hold only their primary role
    with pytest.raises(InvalidInput) as bad:
        make("x.bad", "officer", ["frontline", "border_guard"])
    assert "border_guard" in bad.value.fields["extra_roles"]
    with pytest.raises(InvalidInput) as bad:
        make("x.admin", "officer", ["admin"])
    assert "primary role" in bad.value.fields["extra_roles"]


def test_cli_users_add_extra_role(db_url: str) -> None:
    from liaison.cli import app

    runner = CliRunner()
    args = ["users", "add", "--agency", "RS-BORDER", "--password", PASSWORD]
    result = runner.invoke(app, [*args, "rs.gate", "--extra-role", "frontline", "--extra-role", "analyst"])
    assert result.exit_code == 0, result.output
    assert _roles("rs.gate") == ("officer", "frontline", "analyst")
    result = runner.invoke(app, [*args, "rs.gate2", "--extra-role", "frontliner"])
    assert result.exit_code == 2 and "Unknown role(s): frontliner" in result.stderr
    result = runner.invoke(app, [*args, "rs.gate3", "--role", "boss"])
    assert result.exit_code == 2 and "Unknown role" in result.stderr


def test_admin_page_adds_extra_roles(db_url: str) -> None:
    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    with session_scope() as s:
        secret = s.execute(select(User.totp_secret).where(User.username == "admin")).scalar_one()
    admin = login("admin", totp=pyotp.TOTP(secret).now())
    page = admin.get("/admin/users").text
    assert 'name="extra_roles" value="frontline"' in page and 'name="extra_roles" value="admin"' not in page
    assert "+ Frontline (border/PCC officer)" in page  # me.supervisor holds it as an extra role
    form = {
        "csrf_token": csrf(admin, "/admin/users"),
        "username": "ba.desk2",
        "full_name": "Desk Two",
        "agency_code": "BA-PCC-TREBINJE",
        "role": "supervisor",
        "password": PASSWORD,
    }
    r = admin.post("/admin/users", data={**form, "extra_roles": ["frontline"]})
    assert r.status_code == 200 and "ba.desk2" in r.text
    assert _roles("ba.desk2") == ("supervisor", "frontline")
    r = admin.post("/admin/users", data={**form, "username": "ba.desk3", "extra_roles": ["frontline", "wizard"]})
    assert r.status_code == 422 and "wizard" in r.text


def test_migration_gives_existing_users_no_extra_roles(db_url: str) -> None:
    """0007 on a database that already has users: down (drops the column) and up again (fills it with [])."""
    from importlib import import_module

    from alembic import command

    from liaison.core.db import get_engine
    from liaison.core.migrate import alembic_config, upgrade

    previous = import_module("liaison.migrations.versions.0007_user_roles").down_revision
    engine = get_engine()
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, previous)
    upgrade(engine)
    assert _roles("me.supervisor") == ("supervisor",)
    assert _roles("ba.pcc") == ("frontline",)
