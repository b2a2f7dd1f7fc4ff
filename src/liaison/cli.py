"""The ``liaison`` command: assembles every capability's commands.

Commands that need the database bring its schema to the current version first, so a fresh install
needs no separate set-up step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from liaison import __version__

app = typer.Typer(
    help="Liaison: cross-border law-enforcement cooperation for South-East Europe.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail (LED Art. 25).", no_args_is_help=True)
agencies_app = typer.Typer(help="Agencies.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(agencies_app, name="agencies")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")

console = Console(stderr=True)
out = Console()


def ensure_schema() -> None:
    """Create or upgrade the schema, then make sure the reference rows every installation needs exist."""
    from liaison.core.db import session_scope
    from liaison.core.migrate import upgrade
    from liaison.demo import ensure_reference

    upgrade()
    with session_scope() as session:
        ensure_reference(session)


def fail(message: str, code: int = 2) -> None:
    console.print(f"[red]Error:[/red] {message}")
    raise typer.Exit(code)


@app.callback(invoke_without_command=True)
def _version(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(__version__)
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help())
        raise typer.Exit()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    certfile: Annotated[Path | None, typer.Option(help="TLS certificate (PEM): serve HTTPS.")] = None,
    keyfile: Annotated[Path | None, typer.Option(help="TLS private key (PEM).")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    proxy: Annotated[
        bool, typer.Option(help="Trust X-Forwarded-* from a local reverse proxy that terminates TLS.")
    ] = False,
) -> None:
    """Serve the web UI and the API."""
    import uvicorn

    if (certfile is None) != (keyfile is None):
        fail("Give both --certfile and --keyfile to serve HTTPS.")
    ensure_schema()
    if proxy:  # read by the app in each worker process (the allowed origin follows X-Forwarded-Host)
        os.environ["LIAISON_TRUST_PROXY"] = "1"
    scheme = "https" if certfile else "http"
    console.print(f"Liaison {__version__} on {scheme}://{host}:{port}  (API docs: /api/docs)")
    uvicorn.run(
        "liaison.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        proxy_headers=proxy,
        forwarded_allow_ips="127.0.0.1" if proxy else None,
        log_level="info",
    )


@app.command()
def demo(
    seed_only: Annotated[bool, typer.Option("--seed-only", help="Seed the demo data and exit.")] = False,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Seed a realistic Western Balkan demo (agencies, officers, cases) and serve it."""
    from liaison.core.db import session_scope
    from liaison.demo import seed

    ensure_schema()
    with session_scope() as session:
        logins = seed(session)
    table = Table(title="Demo logins (password for all: " + logins.password + ")")
    for col in ("user", "agency", "role", "what to try"):
        table.add_column(col)
    for row in logins.rows:
        table.add_row(*row)
    out.print(table)
    if logins.admin_totp_secret:
        out.print(
            f"Administrator second factor: TOTP secret {logins.admin_totp_secret} "
            "(current code: liaison users totp admin)"
        )
    if not seed_only:
        serve(host=host, port=port, certfile=None, keyfile=None, workers=1, proxy=False)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the schema or bring it to the newest version."""
    ensure_schema()
    out.print("Database schema is up to date.")


@agencies_app.command("add")
def agencies_add(
    code: Annotated[str, typer.Argument(help="Short code, e.g. MK-SPOC.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2 (XK for Kosovo).")],
    kind: Annotated[str, typer.Option(help="police, border_police, customs, prosecution, environment, fiu, …")],
    spoc: Annotated[bool, typer.Option("--spoc", help="The country's Single Point of Contact.")] = False,
    channel: Annotated[list[str] | None, typer.Option(help="siena, i24_7, sirene, liaison_officer, pcc.")] = None,
    retention_days: Annotated[int, typer.Option(help="Days before a case is due for review.")] = 1095,
) -> None:
    """Add an agency (the first step on a new installation, before `users add`)."""
    from liaison.agencies.service import create_agency
    from liaison.core.audit import AuditContext
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError

    ensure_schema()
    try:
        with session_scope() as session:
            create_agency(
                session,
                AuditContext.system("cli"),
                code=code,
                name=name,
                country_code=country,
                kind=kind,
                is_spoc=spoc,
                channels=channel or [],
                retention_days=retention_days,
            )
    except LiaisonError as exc:
        fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.fields.items()))
    out.print(f"Agency {code.upper()} added.")


@users_app.command("add")
def users_add(
    username: str,
    agency: Annotated[str, typer.Option(help="Agency code, e.g. MK-SPOC.")],
    role: Annotated[str, typer.Option(help="officer, supervisor, analyst, dpo or admin.")] = "officer",
    full_name: Annotated[str, typer.Option(help="Full name.")] = "",
    password: Annotated[str | None, typer.Option(help="Password; asked for if not given.")] = None,
) -> None:
    """Create a user. Administrators get a TOTP secret (second factor is mandatory for them)."""
    from liaison.accounts.service import create_user
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError

    ensure_schema()
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope() as session:
            user = create_user(
                session,
                username=username,
                full_name=full_name or username,
                agency_code=agency,
                role=role,
                password=password,
            )
            secret = user.totp_secret
    except LiaisonError as exc:
        fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.fields.items()))
    out.print(f"User {username} created.")
    if secret:
        out.print(f"TOTP secret (add it to an authenticator app): {secret}")


@users_app.command("token")
def users_token(username: str, name: Annotated[str, typer.Option(help="What the token is for.")] = "api") -> None:
    """Issue an API token for a machine client acting as USERNAME."""
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.accounts.service import issue_api_token
    from liaison.core.db import session_scope

    ensure_schema()
    with session_scope() as session:
        user = session.execute(select(User).where(User.username == username.lower())).scalar_one_or_none()
        if user is None:
            fail(f"No user {username}.")
        assert user is not None
        token = issue_api_token(session, user, name)
    out.print(token)


@users_app.command("totp")
def users_totp(username: str) -> None:
    """Print the current one-time code of a user (for the demo and for tests; needs database access)."""
    import pyotp
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    ensure_schema()
    with session_scope() as session:
        user = session.execute(select(User).where(User.username == username.lower())).scalar_one_or_none()
        if user is None or not user.totp_secret:
            fail(f"No user {username} with a second factor.")
        assert user is not None and user.totp_secret
        out.print(pyotp.TOTP(user.totp_secret).now())


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the whole hash chain; exit 1 naming the first broken record."""
    from liaison.core.audit import verify_chain
    from liaison.core.db import session_scope

    ensure_schema()
    with session_scope() as session:
        result = verify_chain(session)
    if result.ok:
        out.print(f"Audit trail intact: {result.checked} records verified.")
        return
    console.print(
        f"[red]Audit trail BROKEN at record {result.first_broken_seq}[/red]: {result.reason} "
        f"({result.checked} records verified before it)."
    )
    raise typer.Exit(1)


@audit_app.command("trail")
def audit_trail(
    object_type: Annotated[str, typer.Argument(help="message, case, person, attachment, user, …")],
    object_id: Annotated[str, typer.Argument(help="Its identifier.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """Who consulted, changed, disclosed or erased this object, when, why and to whom."""
    import json

    from liaison.core.audit import trail_for
    from liaison.core.db import session_scope

    ensure_schema()
    with session_scope() as session:
        rows = trail_for(session, object_type, object_id)
        if as_json:
            for r in rows:
                out.print_json(
                    json.dumps(
                        {
                            "seq": r.seq,
                            "at": r.at.isoformat(),
                            "who": r.actor_name,
                            "action": r.action,
                            "object": f"{r.object_type}:{r.object_id}",
                            "why": r.justification,
                            "to": r.recipient,
                            "ip": r.ip,
                        }
                    )
                )
            return
        table = Table(title=f"Audit trail of {object_type} {object_id}")
        for col in ("#", "when (UTC)", "who", "what", "object", "why", "to whom"):
            table.add_column(col)
        for r in rows:
            table.add_row(
                str(r.seq),
                r.at.strftime("%Y-%m-%d %H:%M:%S"),
                r.actor_name,
                r.action,
                f"{r.object_type} {r.object_id}",
                r.justification,
                r.recipient,
            )
        out.print(table)


def _mount_optional() -> None:
    """Capabilities register their own commands here."""
    from liaison.cli_plugins import register

    register(app)


_mount_optional()


def main() -> None:
    app(prog_name="liaison")


if __name__ == "__main__":
    main()
