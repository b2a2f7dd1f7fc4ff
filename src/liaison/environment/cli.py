"""``liaison screen``: screen one declaration from the command line.

Exit codes: 0 screened (whatever was found), 2 bad input (message on stderr, no
traceback), so scripts can tell "nothing found" from "could not screen".
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from liaison.core.i18n import _
from liaison.environment.screening import Declaration, ScreeningInputError, ScreeningResult, screen
from liaison.environment.screening.i18n import BASIS, REQUIREMENT_KINDS, label, translate


def screen_command(
    hs: Annotated[str, typer.Option("--hs", help="HS code, 6-10 digits (2903.71, 29037100)")],
    description: Annotated[str, typer.Option("--description", help="Goods description")],
    cas: Annotated[list[str] | None, typer.Option("--cas", help="CAS number (repeatable)")] = None,
    species: Annotated[str | None, typer.Option("--species", help="Scientific or common name")] = None,
    refrigerant: Annotated[str | None, typer.Option("--refrigerant", help="R-22, R-404A, ...")] = None,
    origin: Annotated[str | None, typer.Option("--origin", help="ISO-2 country of origin")] = None,
    export_country: Annotated[str | None, typer.Option("--export-country", help="ISO-2 country of export")] = None,
    destination: Annotated[str | None, typer.Option("--destination", help="ISO-2 country of destination")] = None,
    transit: Annotated[list[str] | None, typer.Option("--transit", help="ISO-2 transit country (repeatable)")] = None,
    packaging: Annotated[str | None, typer.Option("--packaging", help="e.g. 'disposable cylinders'")] = None,
    status: Annotated[str | None, typer.Option("--status", help="new, used, second-hand, for repair, waste")] = None,
    quantity: Annotated[float | None, typer.Option("--quantity", help="Declared quantity")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit of the quantity (kg, pieces, l)")] = None,
    document: Annotated[list[str] | None, typer.Option("--document", help="Document presented (repeatable)")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON")] = False,
) -> None:
    """Screen a declaration against CITES, Montreal, Basel, Rotterdam, Stockholm, Cartagena and the CWC."""
    err = Console(stderr=True, soft_wrap=True)
    try:
        declaration = Declaration(
            hs_code=hs,
            description=description,
            cas_numbers=cas or [],
            species=species,
            refrigerant=refrigerant,
            origin=origin,
            export_country=export_country,
            destination=destination,
            transit=transit or [],
            packaging=packaging,
            status=status,
            quantity=quantity,
            unit=unit,
            documents=document or [],
        )
        result = screen(declaration)
    except ScreeningInputError as exc:
        err.print(f"[bold red]{_('Cannot screen:')}[/] {exc}", highlight=False, markup=True)
        raise typer.Exit(code=2) from None
    except ValueError as exc:  # pydantic ValidationError is a ValueError
        err.print(f"[bold red]Cannot screen:[/] {exc}", highlight=False)
        raise typer.Exit(code=2) from None
    if json_out:
        sys.stdout.write(json.dumps(result.to_public_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_tables(result)


def _print_tables(result: ScreeningResult) -> None:
    """The result as tables, in the language of ``LIAISON_LANG``/``LANG`` (``--json`` stays English)."""
    console = Console()
    console.print(f"[bold]HS {result.hs.dotted}[/] {result.hs.description}", highlight=False)
    treaties = Table(title=_("Treaties that apply"), show_lines=False)
    for col in (_("Treaty"), _("Entry"), _("Matched on"), _("Source")):
        treaties.add_column(col, overflow="fold")
    for t in result.treaties:
        basis = ", ".join(label(BASIS, b) for b in t.basis)
        treaties.add_row(t.code, translate(t.entry), basis, t.source)
    if not result.treaties:
        treaties.add_row("-", _("No treaty entry matched. This does not clear the shipment."), "", "")
    console.print(treaties)
    if result.requirements:
        req = Table(title=_("What must be presented"))
        for col in (_("Treaty"), _("Kind"), _("Requirement"), _("Presented")):
            req.add_column(col, overflow="fold")
        for r in result.requirements:
            shown = f"[green]{_('yes')}[/]" if r.presented else f"[red]{_('MISSING')}[/]"
            req.add_row(r.treaty, label(REQUIREMENT_KINDS, r.kind), translate(r.name), shown)
        console.print(req)
    if result.red_flags:
        flags = Table(title=_("Red flags"))
        for col in (_("Code"), _("Reason"), _("Detail"), _("Guidance")):
            flags.add_column(col, overflow="fold")
        for f in result.red_flags:
            flags.add_row(f"[bold red]{f.code}[/]", translate(f.reason), translate(f.detail), translate(f.guidance))
        console.print(flags)
    for w in result.warnings:
        console.print(f"[yellow]{_('Warning:')}[/] {translate(w)}", highlight=False)
    console.print(f"[italic]{_(result.note)}[/]", highlight=False)


def register(app: typer.Typer) -> None:
    """Mount the command on an application as ``screen``."""
    app.command("screen")(screen_command)
