"""``liaison graph export``: the graph around a case or an entity, as a named user, in GEXF, GraphML, FtM or ANX."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

graph_app = typer.Typer(help="Link analysis: export the graph a user may see.", no_args_is_help=True)
err = Console(stderr=True)


@graph_app.command("export")
def export_cmd(
    as_user: Annotated[str, typer.Option("--as", help="User whose rights apply (the export is audited).")],
    case_id: Annotated[int | None, typer.Option("--case", help="Start from this case.")] = None,
    entity_id: Annotated[int | None, typer.Option("--entity", help="Start from this entity.")] = None,
    depth: Annotated[int, typer.Option(help="Levels of neighbours (0-4).")] = 1,
    fmt: Annotated[
        str, typer.Option("--format", help="gexf (Gephi), graphml, ftm or anx (i2 Analyst's Notebook).")
    ] = "gexf",
    out: Annotated[Path | None, typer.Option(help="File to write; standard output if not given.")] = None,
) -> None:
    """Write the graph around a case or an entity that the user may see; restricted nodes carry no data."""
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.accounts.service import Actor
    from liaison.analysis import export
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError
    from liaison.core.migrate import ensure_schema

    if (case_id is None) == (entity_id is None):
        err.print("[red]Error:[/red] give --case or --entity")
        raise typer.Exit(2)
    if fmt not in export.FORMATS:
        err.print(f"[red]Error:[/red] --format is one of {', '.join(export.FORMATS)}")
        raise typer.Exit(2)
    ensure_schema()
    try:
        with session_scope() as session:
            user = session.execute(select(User).where(User.username == as_user.lower())).scalar_one_or_none()
            if user is None:
                err.print(f"[red]Error:[/red] no user {as_user}")
                raise typer.Exit(2)
            text = export.export(
                session, Actor(user=user, ip="cli"), case_id=case_id, entity_id=entity_id, depth=depth, fmt=fmt
            )
    except LiaisonError as exc:
        err.print(f"[red]Error:[/red] {exc.message}")
        raise typer.Exit(2) from None
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@graph_app.command("rebuild")
def rebuild_cmd() -> None:
    """Refill the edge projection (analysis_edge) from every capability's tables.

    The projection follows the capabilities' events; run this once on a database whose rows were loaded
    around them (a bulk load, a restore of some tables), or to check nothing drifted. It holds no personal
    data and reveals nothing: readers' rights are asked at every read.
    """
    import time

    from liaison.analysis.projection import rebuild
    from liaison.core.db import session_scope
    from liaison.core.migrate import ensure_schema

    ensure_schema()
    started = time.perf_counter()
    with session_scope() as session:
        counts = rebuild(session)
    total = sum(counts.values())
    detail = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
    typer.echo(f"{total} edges ({detail}) in {time.perf_counter() - started:.1f} s")


def register(app: typer.Typer) -> None:
    app.add_typer(graph_app, name="graph")
