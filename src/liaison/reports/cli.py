"""``liaison reports NAME --from --to [--country] [--json] [--explain] --as USER``.

The figures are those USER may see (the same rule as the pages and the API); ``--explain`` lists the
records behind each figure. Bad input exits 2 with a message.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True)


def reports_command(
    name: Annotated[str, typer.Argument(help="operation, spoc, tesat, migration or results")],
    as_user: Annotated[str, typer.Option("--as", help="User whose rights apply (the report is audited).")],
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD")] = "",
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD")] = "",
    country: Annotated[str, typer.Option("--country", help="Two-letter country code")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="List the records behind each figure.")] = False,
) -> None:
    """Print a report (JAD communiqué, SPOC statistics, TE-SAT, migration, results) for a period."""
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.accounts.service import Actor
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError
    from liaison.core.migrate import ensure_schema
    from liaison.reports import service

    try:
        first = date.fromisoformat(start) if start else None
        last = date.fromisoformat(end) if end else None
    except ValueError:
        err.print("[red]Error:[/red] dates are YYYY-MM-DD")
        raise typer.Exit(2) from None
    ensure_schema()
    with session_scope() as session:
        user = session.execute(select(User).where(User.username == as_user, User.active.is_(True))).scalar_one_or_none()
        if user is None:
            err.print(f"[red]Error:[/red] no active user {as_user!r}")
            raise typer.Exit(2)
        actor = Actor(user=user, ip="cli")
        try:
            report = service.build(session, actor, name, start=first, end=last, country=country or None)
            traced = {f.key: service.explain(session, actor, report, f.key) for f in report.figures} if explain else {}
        except LiaisonError as exc:
            detail = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
            err.print(f"[red]Error:[/red] {exc.message} {detail}".strip())
            raise typer.Exit(2) from None
        if as_json:
            out = report.as_dict()
            if explain:
                for fig in out["figures"]:
                    fig["traced"] = [t.__dict__ for t in traced[f"{fig['section']}|{fig['label']}"]]
            sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
            return
        console = Console()
        console.print(f"[bold]{report.title}[/bold] ({report.basis})", highlight=False)
        for section, figures in report.sections().items():
            table = Table(title=section)
            table.add_column("Figure")
            table.add_column("Value", justify="right")
            if explain:
                table.add_column("Records", overflow="fold")
            for f in figures:
                row = [f.label, f"{f.as_dict()['value']} {f.unit}".strip()]
                if explain:
                    row.append(", ".join(f"{t.ref} ({t.agency} {t.when} {t.what})" for t in traced[f.key]) or "—")
                table.add_row(*row)
            console.print(table)


def register(app: typer.Typer) -> None:
    app.command("reports")(reports_command)
