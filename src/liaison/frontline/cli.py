"""Commands: ``liaison watchlist …``, ``liaison check``, ``liaison replica …``.

Bad input exits 2 with a message a person understands. A check exits 0 only when it is CLEAR: 1 for a
HIT, 3 for CHECK DOCUMENT (wrong MRZ check digits, an expired document, an MRZ that cannot be read), so a
script that only looks at the exit status never takes a suspect document for a clear one
(``liaison.frontline.verdict``).
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from liaison.core.i18n import _, ngettext

watchlist_app = typer.Typer(help="Watchlists for frontline checks: import, list, remove, expire.", no_args_is_help=True)
replica_app = typer.Typer(
    help="Signed offline replica of the watchlists (for crossing points without network).",
    no_args_is_help=True,
)
err = Console(stderr=True)
out = Console()

Opt = typer.Option
CheckOpts = dict[str, str]


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[red]{_('Error')}:[/red] {message}")
    raise typer.Exit(code)


def _ctx() -> Any:
    """The audit identity of a command-line user: no account, so the login name of the shell."""
    from liaison.core.audit import AuditContext

    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        user = "unknown"
    return AuditContext(actor_id=None, actor_name=f"cli:{user}")


def _ensure_schema() -> None:
    from liaison.core.migrate import ensure_schema

    ensure_schema()


# --- watchlist -----------------------------------------------------------------------------------------


@watchlist_app.command("import")
def watchlist_import(
    file: Annotated[Path, typer.Argument(help="CSV or FtM JSON-lines file ('-' for standard input).")],
    list_name: Annotated[str, Opt("--list", help="Watchlist name, e.g. rs-sltd (created if new).")],
    fmt: Annotated[str, Opt("--format", help="csv or ftm (FollowTheMoney JSON lines).")] = "",
    owner: Annotated[
        str | None,
        Opt("--owner", help="Owning agency code; default: the list's owner (required for a new list)."),
    ] = None,
    accept_valid_rows: Annotated[
        bool,
        Opt(
            "--accept-valid-rows",
            help="Import the valid rows even if some are rejected (default: a bad row stops the whole import).",
        ),
    ] = False,
    replace: Annotated[bool, Opt("--replace", help="The file is the whole list: delete entries it lacks.")] = False,
    as_json: Annotated[bool, Opt("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import FILE into a watchlist; rejected rows are listed with their line and reason."""
    import sys

    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError
    from liaison.frontline.importer import ImportRefused, import_watchlist

    fmt = (fmt or ("ftm" if file.suffix.lower() in (".jsonl", ".ftm", ".json") else "csv")).lower()
    if fmt not in ("csv", "ftm"):
        _fail(_("Unknown format %(format)s: use --format csv or --format ftm.") % {"format": repr(fmt)})
    if str(file) != "-" and not file.is_file():
        _fail(_("No such file: %(file)s") % {"file": file})
    _ensure_schema()
    size = file.stat().st_size if str(file) != "-" else 0
    progress = Progress(
        TextColumn("importing {task.fields[name]}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=as_json or size < (4 << 20),
    )
    try:
        with progress, sys.stdin if str(file) == "-" else file.open(encoding="utf-8-sig", newline="") as fp:
            task = progress.add_task("import", total=size or None, name=file.name)
            with session_scope() as session:
                report = import_watchlist(
                    session,
                    _ctx(),
                    fp,
                    list_name=list_name,
                    fmt=fmt,
                    owner_code=owner,
                    accept_valid_rows=accept_valid_rows,
                    replace=replace,
                    progress=lambda n: progress.advance(task, n),
                )
    except ImportRefused as exc:
        if as_json:
            out.print_json(json.dumps(exc.report.as_json()))
        else:
            _print_rejections(exc.report)
        _fail(exc.message)
        return
    except UnicodeDecodeError as exc:
        _fail(
            _("%(file)s is not UTF-8 text (%(error)s at byte %(byte)s); nothing was imported.")
            % {"file": file, "error": exc.reason, "byte": exc.start}
        )
        return
    except LiaisonError as exc:
        _fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.fields.items()))
        return
    if as_json:
        out.print_json(json.dumps(report.as_json()))
        return
    if report.rejected_count:
        _print_rejections(report)
    out.print(
        ngettext(
            "List %(list)s: %(accepted)s row imported (%(new)s new, %(updated)s updated), %(removed)s removed, "
            "%(rejected)s rejected, in %(seconds)s s (%(rate)s rows/s).",
            "List %(list)s: %(accepted)s rows imported (%(new)s new, %(updated)s updated), %(removed)s removed, "
            "%(rejected)s rejected, in %(seconds)s s (%(rate)s rows/s).",
            report.accepted,
        )
        % {
            "list": report.list_name,
            "accepted": report.accepted,
            "new": report.inserted,
            "updated": report.updated,
            "removed": report.removed,
            "rejected": report.rejected_count,
            "seconds": f"{report.seconds:.1f}",
            "rate": f"{report.rate:,.0f}",
        }
    )


def _print_rejections(report: Any) -> None:
    count = report.rejected_count
    heading = ngettext("%(count)s row rejected:", "%(count)s rows rejected:", count) % {"count": count}
    err.print(f"[red]{heading}[/red]")
    for error in report.rejected:
        err.print(f"  {error}")
    if count > len(report.rejected):
        err.print("  " + _("… and %(count)s more") % {"count": count - len(report.rejected)})


@watchlist_app.command("lists")
def watchlist_lists() -> None:
    """The watchlists, their owners and sizes."""
    from liaison.core.db import session_scope
    from liaison.frontline.service import watchlists

    _ensure_schema()
    with session_scope() as session:
        rows = watchlists(session)
    table = Table(title="Watchlists")
    for col in ("list", "owner", "entries", "updated"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["name"], r["owner"], f"{r['entries']:,}", r["updated_at"][:19])
    out.print(table)


@watchlist_app.command("remove")
def watchlist_remove(
    list_name: Annotated[str, typer.Argument(help="Watchlist name.")],
    record_ids: Annotated[list[str], typer.Argument(help="Record ids to remove.")],
) -> None:
    """Remove entries by the id they were imported with."""
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError
    from liaison.frontline.importer import remove_entries

    _ensure_schema()
    try:
        with session_scope() as session:
            n = remove_entries(session, _ctx(), list_name, record_ids)
    except LiaisonError as exc:
        _fail(exc.message)
    out.print(f"{n} entries removed from {list_name}.")


@watchlist_app.command("purge-expired")
def watchlist_purge() -> None:
    """Delete entries past their expiry date (they stopped hitting on that date already)."""
    from liaison.core.db import session_scope
    from liaison.frontline.importer import purge_expired

    _ensure_schema()
    with session_scope() as session:
        n = purge_expired(session, _ctx())
    out.print(f"{n} expired entries deleted.")


# --- check ---------------------------------------------------------------------------------------------


def _query(
    mrz: str,
    name: str,
    birth_date: str,
    nationality: str,
    document: str,
    document_country: str,
    plate: str,
    plate_country: str,
    vin: str,
    serial: str,
) -> Any:
    from liaison.frontline.matching import CheckQuery

    return CheckQuery(
        mrz=mrz,
        name=name,
        birth_date=birth_date,
        nationality=nationality,
        document=document,
        document_country=document_country,
        plate=plate,
        plate_country=plate_country,
        vin=vin,
        serial=serial,
    )


def _print_result(result: Any, as_json: bool, source: str) -> None:
    """Print the answer and exit with the verdict's status (0 only for clear)."""
    from liaison.frontline.verdict import exit_code

    _print_answer(result, as_json, source)
    code = exit_code(result.verdict)
    if code:
        raise typer.Exit(code)


def _print_answer(result: Any, as_json: bool, source: str) -> None:
    if as_json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return
    for warning in result.warnings:
        err.print(f"[yellow]Warning:[/yellow] {warning}")
    if result.mrz is not None:
        m = result.mrz
        state = "check digits correct" if m.valid else "PROBLEMS: " + "; ".join(m.problems)
        out.print(
            f"MRZ {m.format}: {m.surname}, {m.given_names} · {m.document_number} "
            f"({m.issuing_country or '?'}) "
            f"· born {m.birth_date or '?'} · {state}"
        )
    from rich.markup import escape

    problems = "".join(f"\n  - {escape(p)}" for p in result.document_problems)
    if result.verdict == "clear":
        out.print(f"[bold green]CLEAR[/bold green] ({source}; checked: {', '.join(result.kinds)})")
        return
    if result.verdict == "check_document":
        out.print(
            f"[bold yellow]CHECK DOCUMENT[/bold yellow] ({source}; no hit; checked: {', '.join(result.kinds)})"
            + problems,
            highlight=False,
        )
        return
    out.print(f"[bold red]HIT — {result.hits[0].action_label.upper()}[/bold red] ({source}; {len(result.hits)} hit(s))")
    if problems:
        out.print("[bold yellow]Document problems as well:[/bold yellow]" + problems, highlight=False)
    table = Table()
    for col in ("list", "entry", "score", "action", "explanation", "owner / contact"):
        table.add_column(col)
    for h in result.hits:
        table.add_row(
            h.list,
            h.entry_id,
            f"{h.score:.2f}",
            h.action_label,
            h.explanation,
            f"{h.owner} · {h.contact_point}",
        )
    out.print(table)


_MRZ = Opt("--mrz", help="The MRZ (lines separated by spaces or newlines).")
_NAME = Opt("--name", help="Person's name, any script.")
_BIRTH = Opt("--birth-date", help="YYYY-MM-DD.")
_NAT = Opt("--nationality", help="ISO country code.")
_DOC = Opt("--document", help="Document number.")
_DOC_CC = Opt("--document-country", help="Issuing country.")
_PLATE = Opt("--plate", help="Registration plate.")
_PLATE_CC = Opt("--plate-country", help="Plate country.")
_VIN = Opt("--vin", help="Vehicle identification number.")
_SERIAL = Opt("--serial", help="Firearm serial number.")
_JSON = Opt(
    "--json",
    help="Print the result as JSON: verdict (hit, clear or check_document), document problems and hits.",
)


def check(
    mrz: Annotated[str, _MRZ] = "",
    name: Annotated[str, _NAME] = "",
    birth_date: Annotated[str, _BIRTH] = "",
    nationality: Annotated[str, _NAT] = "",
    document: Annotated[str, _DOC] = "",
    document_country: Annotated[str, _DOC_CC] = "",
    plate: Annotated[str, _PLATE] = "",
    plate_country: Annotated[str, _PLATE_CC] = "",
    vin: Annotated[str, _VIN] = "",
    serial: Annotated[str, _SERIAL] = "",
    as_json: Annotated[bool, _JSON] = False,
    crossing_point: Annotated[str, Opt("--crossing-point", help="Where the check is made (logged).")] = "",
    reason: Annotated[str, Opt("--reason", help="Why (logged).")] = "border check",
) -> None:
    """Check a person, document or vehicle against every watchlist (online, in the database).

    Exit status: 0 CLEAR, 1 HIT, 3 CHECK DOCUMENT (wrong MRZ check digits, expired, unreadable MRZ),
    2 input that cannot be checked.
    """
    from liaison.core.db import session_scope
    from liaison.core.errors import LiaisonError
    from liaison.frontline import service

    _ensure_schema()
    query = _query(mrz, name, birth_date, nationality, document, document_country, plate, plate_country, vin, serial)
    try:
        with session_scope() as session:
            result = service.check(session, _ctx(), query, crossing_point=crossing_point, reason=reason)
    except LiaisonError as exc:
        _fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.fields.items()))
        return
    _print_result(result, as_json, "online")


# --- replica -------------------------------------------------------------------------------------------


def _default_key() -> Path:
    from liaison.core.config import get_settings

    return get_settings().data_dir / "replica-signing.key"


@replica_app.command("keygen")
def replica_keygen(
    out_dir: Annotated[
        Path | None, Opt("--out-dir", help="Where to write the key pair (default: the data directory).")
    ] = None,
    force: Annotated[bool, Opt("--force", help="Overwrite an existing key.")] = False,
) -> None:
    """Create the Ed25519 key pair that signs replicas; give the .pub file to the crossing points."""
    from liaison.frontline.replica import ReplicaError, keygen

    private = (out_dir / "replica-signing.key") if out_dir else _default_key()
    public = private.with_suffix(".pub")
    try:
        text = keygen(private, public, overwrite=force)
    except ReplicaError as exc:
        _fail(str(exc))
    out.print(f"Private key: {private} (keep it on the server)\nPublic key: {public}\nPublic key (base64): {text}")


@replica_app.command("export")
def replica_export(
    out_file: Annotated[Path, Opt("--out", help="Replica file to write (FILE and FILE.sig).")] = Path("replica.lrep"),
    agency: Annotated[
        str | None,
        Opt(
            "--agency",
            help="Agency code of the crossing point it is for (its own entries go in whatever their handling code).",
        ),
    ] = None,
    key: Annotated[Path | None, Opt("--key", help="Signing key (default: the data directory's).")] = None,
    allow_handling: Annotated[
        list[str] | None,
        Opt("--allow-handling", help="Also include entries with this handling code (H2, H3)."),
    ] = None,
    stale_hours: Annotated[int, Opt(help="Hours after which the replica warns it is stale.")] = 48,
    valid_hours: Annotated[int, Opt(help="Hours after which the replica is refused.")] = 168,
) -> None:
    """Write a signed snapshot of the watchlists a crossing point may hold."""
    from liaison.core.db import session_scope
    from liaison.frontline.replica import ReplicaError, export, load_private_key

    if stale_hours <= 0 or valid_hours < stale_hours:
        _fail("--stale-hours must be positive and --valid-hours at least as large.")
    _ensure_schema()
    try:
        signing_key = load_private_key(key or _default_key())
        with (
            Progress(
                TextColumn("exporting"),
                BarColumn(),
                TextColumn("{task.completed:,} entries"),
                console=err,
                transient=True,
            ) as progress,
            session_scope() as session,
        ):
            task = progress.add_task("export", total=None)
            report = export(
                session,
                out_file,
                signing_key,
                agency_code=agency,
                allow_handling=allow_handling or (),
                stale_hours=stale_hours,
                valid_hours=valid_hours,
                progress=lambda n: progress.update(task, completed=n),
            )
    except ReplicaError as exc:
        _fail(str(exc))
        return
    out.print(
        f"Replica {report.path} ({report.size / 1e6:,.1f} MB, {report.entries:,} entries, signature "
        f"{report.signature_path.name}) in {report.seconds:.1f} s; {report.excluded_restricted:,} restricted "
        "entries left out."
    )


@replica_app.command("check")
def replica_check(
    replica: Annotated[Path, Opt("--replica", help="Replica file (its .sig must lie beside it).")],
    public_key: Annotated[str, Opt("--public-key", help="Public key file (.pub) or its base64 text.")],
    mrz: Annotated[str, _MRZ] = "",
    name: Annotated[str, _NAME] = "",
    birth_date: Annotated[str, _BIRTH] = "",
    nationality: Annotated[str, _NAT] = "",
    document: Annotated[str, _DOC] = "",
    document_country: Annotated[str, _DOC_CC] = "",
    plate: Annotated[str, _PLATE] = "",
    plate_country: Annotated[str, _PLATE_CC] = "",
    vin: Annotated[str, _VIN] = "",
    serial: Annotated[str, _SERIAL] = "",
    as_json: Annotated[bool, _JSON] = False,
) -> None:
    """Check against an offline replica: no database, no network. Refuses a tampered or expired replica.

    Exit status as for ``liaison check``: 0 CLEAR, 1 HIT, 3 CHECK DOCUMENT, 2 refused or bad input.
    """
    from liaison.frontline.matching import BadQuery
    from liaison.frontline.replica import Replica, ReplicaError, load_public_key

    try:
        rep = Replica(replica, load_public_key(public_key))
    except ReplicaError as exc:
        _fail(str(exc))
        return
    query = _query(mrz, name, birth_date, nationality, document, document_country, plate, plate_country, vin, serial)
    try:
        result = rep.check(query)
    except BadQuery as exc:
        _fail(str(exc))
        return
    finally:
        rep.close()
    if result.hits and not as_json:
        err.print("Offline: the owner was NOT notified. Call the contact point shown for each hit.")
    _print_result(result, as_json, "offline replica")


def register(app: typer.Typer) -> None:
    app.add_typer(watchlist_app, name="watchlist")
    app.add_typer(replica_app, name="replica")
    app.command("check")(check)
