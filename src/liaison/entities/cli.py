"""``liaison entities``: FollowTheMoney import and export of a case's entities, acting as a named user."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

entities_app = typer.Typer(help="Entities of cases: FollowTheMoney import and export.", no_args_is_help=True)
err = Console(stderr=True)


def _actor(session, username: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.accounts.service import Actor

    user = session.execute(select(User).where(User.username == username.lower())).scalar_one_or_none()
    if user is None:
        err.print(f"[red]Error:[/red] no user {username}")
        raise typer.Exit(2)
    return Actor(user=user, ip="cli")


@entities_app.command("export")
def export(
    case_id: int,
    as_user: Annotated[str, typer.Option("--as", help="User whose rights apply (the export is audited).")],
    out: Annotated[Path | None, typer.Option(help="File to write; standard output if not given.")] = None,
) -> None:
    """Write the entities of a case that the user may see as FtM JSON lines."""
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError
    from liaison.core.migrate import ensure_schema
    from liaison.entities import interchange

    ensure_schema()
    try:
        with session_scope() as session:
            text = interchange.export_case(session, _actor(session, as_user), case_id)
    except LiaisonError as exc:
        err.print(f"[red]Error:[/red] {exc.message}")
        raise typer.Exit(2) from None
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@entities_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="FtM JSON lines (Person, Passport, Identification, Vehicle, …).")],
    case_id: Annotated[int, typer.Option("--case", help="Case to attach the entities to.")],
    as_user: Annotated[str, typer.Option("--as", help="User whose agency records them.")],
    message_id: Annotated[int | None, typer.Option("--message", help="Message they came with.")] = None,
    accept_valid: Annotated[bool, typer.Option(help="Import the valid lines even if others are rejected.")] = False,
) -> None:
    """Import entities; each is matched at once. Nothing is written if a line fails, unless --accept-valid."""
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError
    from liaison.core.migrate import ensure_schema
    from liaison.entities import interchange

    if not file.exists():
        err.print(f"[red]Error:[/red] no such file: {file}")
        raise typer.Exit(2)
    ensure_schema()
    try:
        with session_scope() as session, file.open(encoding="utf-8") as handle:
            result = interchange.import_case(
                session, _actor(session, as_user), case_id, handle, message_id=message_id, accept_valid=accept_valid
            )
    except LiaisonError as exc:
        err.print(f"[red]Error:[/red] {exc.message}")
        raise typer.Exit(2) from None
    for e in result.errors:
        err.print(f"line {e['line']}: rejected — {e['reason']}")
    if result.errors and not accept_valid:
        err.print(
            f"[red]{len(result.errors)} line(s) rejected: nothing imported.[/red] --accept-valid imports the rest."
        )
        raise typer.Exit(1)
    err.print(
        f"{result.imported} entities imported" + (f", {len(result.errors)} rejected" if result.errors else "") + "."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(entities_app, name="entities")
