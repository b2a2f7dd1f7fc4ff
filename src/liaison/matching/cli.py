"""Command-line entry points: ``liaison names score`` and ``liaison persons dedupe``.

Two Typer apps are exported (``names_app`` and ``persons_app``) for the main CLI to mount.
Output goes to stdout as CSV so the commands compose with other tools; errors go to stderr with
exit code 2 and no traceback, because the users are analysts, not developers.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import NoReturn

import typer

from .dedupe import Record, dedupe
from .names import DEFAULT_THRESHOLD, score_names
from .persons import Person

names_app = typer.Typer(help="Balkan-aware person-name matching.", no_args_is_help=True)
persons_app = typer.Typer(help="Person matching and register deduplication.", no_args_is_help=True)


@names_app.callback()
def _names_group() -> None:
    """Balkan-aware person-name matching."""


@persons_app.callback()
def _persons_group() -> None:
    """Person matching and register deduplication."""


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def _read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV (BOM tolerated), after checking the header has ``required`` columns.

    Read eagerly so that every error is reported before anything is written to stdout.
    """
    if not path.is_file():
        _fail(f"file not found: {path}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in required if c not in header]
            if missing:
                _fail(f"{path}: missing column(s) {', '.join(missing)}; found: {', '.join(header) or 'none'}")
            reader.fieldnames = header
            return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    except UnicodeDecodeError:
        _fail(f"{path} is not a UTF-8 text file")
    except csv.Error as exc:
        _fail(f"{path}: malformed CSV ({exc})")
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror}")


@names_app.command("score")
def score_command(
    pairs: Path = typer.Argument(..., help="CSV with columns name1,name2 (other columns ignored)."),
) -> None:
    """Score name pairs: writes name1,name2,score,match (match at the default threshold)."""
    out = csv.writer(sys.stdout, lineterminator="\n")
    rows = _read_rows(pairs, ("name1", "name2"))
    out.writerow(["name1", "name2", "score", "match"])
    for row in rows:
        a, b = row.get("name1", ""), row.get("name2", "")
        s = round(score_names(a, b), 4)  # decide on the printed value, so the two never disagree
        out.writerow([a, b, f"{s:.4f}", "true" if s >= DEFAULT_THRESHOLD else "false"])


@persons_app.command("dedupe")
def dedupe_command(
    file: Path = typer.Argument(..., help="CSV with columns id,name,birth_date,nationality."),
) -> None:
    """Find duplicate persons in a register: writes id1,id2,score for every pair judged the same."""
    records = [
        Record(
            row["id"], Person(row["name"], row.get("birth_date") or None, nationality=row.get("nationality") or None)
        )
        for row in _read_rows(file, ("id", "name", "birth_date", "nationality"))
    ]
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("comparing blocks", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            pairs = dedupe(records, progress)
    else:
        pairs = dedupe(records)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id1", "id2", "score"])
    for id1, id2, s in pairs:
        out.writerow([id1, id2, f"{s:.4f}"])


def register(app: typer.Typer) -> None:
    app.add_typer(names_app, name="names")
    app.add_typer(persons_app, name="persons")


@persons_app.command("rekey")
def rekey_command() -> None:
    """Recompute stored persons' matching keys with the current name model (run once after an upgrade)."""
    from rich.progress import Progress

    from liaison.core.db import session_scope
    from liaison.core.migrate import ensure_schema
    from liaison.entities import service as entities
    from liaison.matching.service import rekey_persons

    ensure_schema()
    with session_scope() as session, Progress(transient=True) as bar:
        task = bar.add_task("re-keying persons", total=entities.count_of_type(session, "person"))
        done = rekey_persons(session, progress=lambda n: bar.advance(task, n))
    sys.stdout.write(f"{done} persons re-keyed\n")
