"""Importing watchlists from CSV or FollowTheMoney JSON lines.

Why it is built this way:

* **All or nothing.** Every row is validated and every rejected row is reported with its line and
  reason. Unless the caller explicitly accepts the valid rows, a file with any bad row changes
  nothing: an owner who sends a broken export must not silently lose half a list.
* **Idempotent.** The id a record was imported with (``record_id``) is the key within the list: the
  same id again updates the entry, a row with ``status=removed`` deletes it, and ``replace=True``
  also deletes the entries the file no longer contains (a full snapshot from the owner).
* **Fast and non-blocking.** On PostgreSQL rows stream by ``COPY`` while the file is read. Into a list
  that has no entries yet (the first load, the big one) they go straight into the entry table, so the
  server writes while this process parses; into a list with entries they go to a temporary staging
  table, then one ``INSERT … SELECT … ON CONFLICT`` moves them in. Checks keep reading the previous
  version of the list until the import commits. SQLite (development and
  tests) takes the valid rows in memory and writes them with ``executemany``.
* **Little work per row** (issue 15). The values that repeat (categories, codes, owners, dates) are
  checked once per distinct value (:class:`Validator`); rows are joined for COPY without escaping and
  each chunk is checked for characters that need it at once. The entry table checks its references
  once per COPY statement (triggers, migration 0019) instead of once per row, so the first load
  writes in statements of :attr:`_Writer.STATEMENT_ROWS` rows: each is checked as it ends, and all
  stay in the one transaction.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from liaison.agencies import service as agencies
from liaison.core.audit import Actions, AuditContext, record
from liaison.core.errors import InvalidInput
from liaison.core.i18n import _, ngettext
from liaison.core.timeutil import utcnow
from liaison.core.vocab import HANDLING_CODES
from liaison.frontline import keys
from liaison.frontline.models import ACTIONS, CATEGORIES, Watchlist, WatchlistEntry

#: The columns of a watchlist CSV (see docs/frontline.md); ``record_id`` and ``category`` are required.
CSV_COLUMNS = (
    "record_id",
    "category",
    "action",
    "reference",
    "valid_from",
    "expires_on",
    "handling_code",
    "contact_point",
    "owner",
    "status",
    "document_number",
    "document_country",
    "document_type",
    "plate",
    "plate_country",
    "vin",
    "serial",
    "name",
    "birth_date",
    "nationality",
    "description",
)
#: Columns of the staging table and of the upsert, in order.
STAGE_COLUMNS = (
    "record_id",
    "category",
    "owner_agency_id",
    "reference",
    "handling_code",
    "action",
    "contact_point",
    "valid_from",
    "expires_on",
    "doc_number",
    "doc_country",
    "doc_type",
    "plate",
    "plate_country",
    "vin",
    "serial",
    "name",
    "birth_date",
    "nationality",
    "description",
)
FORMATS = ("csv", "ftm")
MAX_REPORTED = 10_000


@dataclass
class RowError:
    line: int
    record_id: str
    reason: str

    def __str__(self) -> str:
        if self.record_id:
            return _("line %(line)s (record %(record)s): %(reason)s") % {
                "line": self.line,
                "record": self.record_id,
                "reason": self.reason,
            }
        return _("line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class ImportReport:
    list_name: str
    rows: int = 0
    accepted: int = 0
    inserted: int = 0
    updated: int = 0
    removed: int = 0
    rejected: list[RowError] = field(default_factory=list)
    rejected_count: int = 0
    written: bool = False
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "rows": self.rows,
            "accepted": self.accepted,
            "inserted": self.inserted,
            "updated": self.updated,
            "removed": self.removed,
            "rejected": self.rejected_count,
            "written": self.written,
            "seconds": round(self.seconds, 3),
            "errors": [{"line": e.line, "record_id": e.record_id, "reason": e.reason} for e in self.rejected],
        }


class ImportRefused(InvalidInput):
    """The file had bad rows and the caller did not accept the valid ones: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            ngettext(
                "%(rejected)s of %(rows)s row rejected; nothing was imported "
                "(fix the file, or accept the valid rows explicitly).",
                "%(rejected)s of %(rows)s rows rejected; nothing was imported "
                "(fix the file, or accept the valid rows explicitly).",
                report.rows,
            )
            % {"rejected": report.rejected_count, "rows": report.rows}
        )
        self.report = report


# --- reading -------------------------------------------------------------------------------------------


class _Counting(io.TextIOBase):
    """Wraps a text file to report how many characters were consumed (for the progress bar)."""

    def __init__(self, fp: IO[str], progress: Callable[[int], None] | None) -> None:
        self._fp, self._progress, self._pending = fp, progress, 0

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        for line in self._fp:
            if self._progress is not None:
                self._pending += len(line)
                if self._pending >= 1 << 20:
                    self._progress(self._pending)
                    self._pending = 0
            yield line

    def flush_progress(self) -> None:
        if self._progress is not None and self._pending:
            self._progress(self._pending)
            self._pending = 0


def _csv_rows(fp: Any) -> Iterator[tuple[int, dict[str, str] | str]]:
    reader = csv.reader(fp)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return
    unknown = [h for h in header if h not in CSV_COLUMNS]
    missing = [h for h in ("record_id", "category") if h not in header]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(_("unknown column(s) %(columns)s") % {"columns": ", ".join(unknown)})
        if missing:
            problems.append(_("missing column(s) %(columns)s") % {"columns": ", ".join(missing)})
        yield 1, _("header: %(problems)s (columns are listed in docs/frontline.md)") % {"problems": "; ".join(problems)}
        return
    width = len(header)
    for row in reader:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            yield line, _("has %(found)s fields, the header has %(width)s") % {"found": len(row), "width": width}
            continue
        yield line, dict(zip(header, row, strict=True))


_FTM_DOC_TYPES = {"Passport": "passport", "Identification": "id_card"}


def _first(props: dict[str, Any], *names: str) -> str:
    for name in names:
        values = props.get(name)
        if values:
            value = values[0] if isinstance(values, list) else values
            return str(value)
    return ""


def ftm_to_row(entity: Any) -> dict[str, str] | str:
    """One FtM entity as a CSV-shaped row, or the reason it cannot be a watchlist entry."""
    if not isinstance(entity, dict):
        return _("not a JSON object")
    rid, schema, props = entity.get("id"), entity.get("schema"), entity.get("properties") or {}
    if not isinstance(props, dict):
        return _("properties must be an object")
    if not rid or not isinstance(rid, str):
        return _("the entity has no id")
    row = {
        "record_id": rid,
        "category": _first(props, "liaison:category"),
        "action": _first(props, "liaison:action"),
        "reference": _first(props, "liaison:reference"),
        "valid_from": _first(props, "liaison:validFrom"),
        "expires_on": _first(props, "liaison:expires"),
        "handling_code": _first(props, "liaison:handlingCode"),
        "contact_point": _first(props, "liaison:contactPoint"),
        "owner": _first(props, "liaison:owner"),
        "status": _first(props, "liaison:status"),
    }
    if schema == "Person":
        name = _first(props, "name") or " ".join(
            x for x in (_first(props, "firstName"), _first(props, "lastName")) if x
        )
        topics = props.get("topics") or []
        row.update(
            name=name,
            birth_date=_first(props, "birthDate")[:10],
            nationality=_first(props, "nationality", "citizenship"),
        )
        if not row["category"] and "wanted" in topics:
            row["category"] = "wanted_person"
        if not row["category"]:
            return _("a Person needs liaison:category (wanted_person or missing_person) or the topic 'wanted'")
    elif schema in _FTM_DOC_TYPES:
        row.update(
            document_number=_first(props, "number", "passportNumber"),
            document_country=_first(props, "country"),
            document_type=_FTM_DOC_TYPES[schema],
        )
        row["category"] = row["category"] or "stolen_document"
    elif schema == "Vehicle":
        row.update(
            plate=_first(props, "registrationNumber"),
            plate_country=_first(props, "country"),
            vin=_first(props, "liaison:vin", "vin"),
            description=" ".join(x for x in (_first(props, "liaison:make"), _first(props, "model")) if x),
        )
        row["category"] = row["category"] or "stolen_vehicle"
    elif schema == "Asset" and _first(props, "liaison:entityType") == "firearm":
        row.update(
            serial=_first(props, "liaison:serial"),
            description=" ".join(x for x in (_first(props, "liaison:make"), _first(props, "liaison:model")) if x),
        )
        row["category"] = row["category"] or "stolen_firearm"
    else:
        return _("schema %(schema)s is not a watchlist entry (use Person, Passport, Identification, Vehicle)") % {
            "schema": repr(schema)
        }
    return row


def _ftm_rows(fp: Any) -> Iterator[tuple[int, dict[str, str] | str]]:
    for line_no, line in enumerate(fp, start=1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, _("not valid JSON (%(error)s at column %(column)s)") % {
                "error": exc.msg,
                "column": exc.colno,
            }
            continue
        yield line_no, ftm_to_row(entity)


# --- validating ----------------------------------------------------------------------------------------


@dataclass
class _Context:
    owners: dict[str, int]
    default_owner: int
    today: date


def _opt(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


_CACHE_LIMIT = 100_000


class Validator:
    """Validates rows of one import; what repeats across rows is worked out once.

    A list of millions of rows has a handful of distinct categories, actions, handling codes and
    owners and a few thousand distinct dates, so their checks (and their reasons, when they fail) are
    kept per distinct value; only the identifiers themselves are normalised row by row. The outcome is
    exactly that of checking every value every time (``tests/frontline/test_bulk_import.py`` compares them).
    """

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self._heads: dict[tuple[str, str, str, str], tuple[str, str, str, str, int | None, list[str]]] = {}
        self._dates: dict[tuple[str, str], str | None | keys.BadKey] = {}

    def _head(self, raw: dict[str, str]) -> tuple[str, str, str, str, int | None, list[str]]:
        """Category, kind, action, handling code, owner and their problems, per distinct combination."""
        get = raw.get
        key = (get("category") or "", get("action") or "", get("handling_code") or "", get("owner") or "")
        found = self._heads.get(key)
        if found is not None:
            return found
        problems: list[str] = []
        category = key[0].strip().lower()
        kind = default_action = ""
        if category not in CATEGORIES:
            problems.append(
                _("category %(value)s is not one of %(allowed)s")
                % {"value": repr(category), "allowed": ", ".join(CATEGORIES)}
            )
        else:
            kind, default_action = CATEGORIES[category]
        action = key[1].strip().lower().replace(" ", "_") or default_action
        if kind and action not in ACTIONS:
            problems.append(
                _("action %(value)s is not one of %(allowed)s") % {"value": repr(action), "allowed": ", ".join(ACTIONS)}
            )
        handling = (key[2] or "H0").strip().upper()
        if handling not in HANDLING_CODES:
            problems.append(_("handling_code %(value)s is not H0, H1, H2 or H3") % {"value": repr(handling)})
        owner_code = key[3].strip()
        owner = self.ctx.owners.get(owner_code) if owner_code else self.ctx.default_owner
        if owner is None:
            problems.append(_("owner %(value)s is not a known agency code") % {"value": repr(owner_code)})
        found = (category, kind, action, handling, owner, problems)
        if len(self._heads) >= _CACHE_LIMIT:
            self._heads.clear()
        self._heads[key] = found
        return found

    def _date(self, raw: str | None, what: str) -> str | None:
        """:func:`keys.iso_date`, once per distinct value (its refusal too)."""
        key = (raw or "", what)
        found = self._dates.get(key, self)
        if found is self:
            try:
                found = keys.iso_date(raw, what)
            except keys.BadKey as exc:
                found = exc
            if len(self._dates) >= _CACHE_LIMIT:
                self._dates.clear()
            self._dates[key] = found
        if isinstance(found, keys.BadKey):
            raise keys.BadKey(str(found))
        return found  # type: ignore[return-value]

    def __call__(self, raw: dict[str, str]) -> tuple[Any, ...] | str:
        """A row as a staging tuple (``STAGE_COLUMNS`` order), or the reasons it is rejected."""
        problems: list[str] = []
        rid = (raw.get("record_id") or "").strip()
        if not rid:
            problems.append(_("record_id is missing"))
        elif len(rid) > 100:
            problems.append(_("record_id is longer than 100 characters"))
        category, kind, action, handling, owner, head_problems = self._head(raw)
        if head_problems:
            problems.extend(head_problems)
        valid_from = expires = None
        try:
            valid_from = self._date(raw.get("valid_from"), "valid_from")
            expires = self._date(raw.get("expires_on"), "expires_on")
            if valid_from and expires and expires < valid_from:  # ISO dates order as text
                problems.append(_("expires_on is before valid_from"))
        except keys.BadKey as exc:
            problems.append(str(exc))
        doc = doc_cc = plate = plate_cc = vin = serial = name = born = nat = None
        try:
            if kind == "document":
                doc = keys.document_key(raw.get("document_number"))
                doc_cc = keys.country(raw.get("document_country"), "document_country")
            elif kind == "vehicle":
                if _opt(raw.get("plate")) or _opt(raw.get("plate_country")):
                    plate = keys.plate_key(raw.get("plate"))
                    plate_cc = keys.country(raw.get("plate_country"), "plate_country")
                if _opt(raw.get("vin")):
                    vin = keys.vin_key(raw.get("vin"))
                if not plate and not vin:
                    problems.append(_("a vehicle needs a plate with its country, or a VIN"))
            elif kind == "person":
                name = _opt(raw.get("name"))
                if not name:
                    problems.append(_("a person needs a name"))
                elif len(name) > 200:
                    problems.append(_("name is longer than 200 characters"))
                born = keys.birth_date(raw.get("birth_date"))
                if _opt(raw.get("nationality")):
                    nat = keys.country(raw.get("nationality"), "nationality")
            elif kind == "firearm":
                serial = keys.serial_key(raw.get("serial"))
        except keys.BadKey as exc:
            problems.append(str(exc))
        reference = raw.get("reference") or ""
        contact = raw.get("contact_point") or ""
        description = raw.get("description") or ""
        doc_type = raw.get("document_type") or ""
        if len(reference) > 100 or len(contact) > 300 or len(description) > 300 or len(doc_type) > 20:
            for column, value, limit in (
                ("reference", reference, 100),
                ("contact_point", contact, 300),
                ("description", description, 300),
                ("document_type", doc_type, 20),
            ):
                if len(value) > limit:
                    problems.append(
                        _("%(column)s is longer than %(limit)s characters") % {"column": column, "limit": limit}
                    )
        if problems:
            return "; ".join(problems)
        return (
            rid,
            category,
            owner,
            reference.strip(),
            handling,
            action,
            contact.strip(),
            valid_from,
            expires,
            doc,
            doc_cc,
            doc_type.strip() or None,
            plate,
            plate_cc,
            vin,
            serial,
            name,
            born,
            nat,
            description.strip(),
        )


def validate_row(raw: dict[str, str], ctx: _Context) -> tuple[Any, ...] | str:
    """One row checked on its own (see :class:`Validator`, which an import uses for all its rows)."""
    return Validator(ctx)(raw)


# --- writing -------------------------------------------------------------------------------------------


def _copy_field(value: Any) -> str:
    if value is None:
        return "\\N"
    s = str(value)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


_FIELDS = len(STAGE_COLUMNS)


def copy_line(row: tuple[Any, ...]) -> str:
    """One row in COPY text format; the escaping pass runs only for the rare row that needs it.

    The line is joined first and then probed: it needs escaping when it holds a line break, more tabs
    than separators, or more backslashes than the ``\\N`` of its NULLs (a value with a backslash).
    """
    line = "\t".join(["\\N" if v is None else v if v.__class__ is str else str(v) for v in row])
    if "\n" in line or "\r" in line or line.count("\t") != len(row) - 1 or line.count("\\") != row.count(None):
        return "\t".join([_copy_field(v) for v in row])
    return line


_STAGE_DDL = """CREATE TEMP TABLE fl_stage (
    record_id text, category text, owner_agency_id integer, reference text, handling_code text, action text,
    contact_point text, valid_from date, expires_on date, doc_number text, doc_country text, doc_type text,
    plate text, plate_country text, vin text, serial text, name text, birth_date text, nationality text,
    description text) ON COMMIT DROP"""


def _upsert_sql(source: str, dialect: str) -> str:
    cols = ", ".join(STAGE_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in STAGE_COLUMNS[1:]) + ", updated_at = excluded.updated_at"
    where = " WHERE true" if dialect == "sqlite" else ""
    return (
        f"INSERT INTO watchlist_entry (list_id, {cols}, updated_at) "
        f"SELECT :list_id, {cols}, :now FROM {source}{where} "
        f"ON CONFLICT (list_id, record_id) DO UPDATE SET {updates}"
    )


class _Writer:
    """Receives valid rows while the file is read; nothing reaches the entry table before finish()."""

    #: Rows per write to the COPY stream, and per COPY statement when writing into the entry table.
    CHUNK = 5000
    STATEMENT_ROWS = 200_000

    def __init__(self, session: Session, list_id: int = 0, *, direct: bool = False) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self.rows: list[tuple[Any, ...]] = []
        self._buffer: list[str] = []
        self._copy: Any = None
        self._copy_cm: Any = None
        #: Rows go by COPY straight into the entry table (a list with no entries yet: nothing to upsert).
        self.direct = direct and self.dialect == "postgresql"
        self._prefix = self._suffix = ""
        self._pending: list[tuple[Any, ...]] = []
        self._nulls = self._in_statement = 0
        if self.dialect == "postgresql":
            cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            self._cursor = cursor
            if self.direct:
                # The server inserts (and indexes) while this process still parses the next rows: with
                # no staging table and no ON CONFLICT probe, parsing and writing overlap on two cores.
                self._prefix = f"{int(list_id)}\t"
                self._suffix = "\t" + utcnow().isoformat()
                columns = ", ".join(("list_id", *STAGE_COLUMNS, "updated_at"))
                self._copy_sql = f"COPY watchlist_entry ({columns}) FROM STDIN"
            else:
                # Several imports may share one transaction (the demo seed): start from an empty stage.
                session.execute(text("DROP TABLE IF EXISTS fl_stage"))
                session.execute(text(_STAGE_DDL))
                self._copy_sql = f"COPY fl_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN"
            self._copy_cm = cursor.copy(self._copy_sql)
            self._copy = self._copy_cm.__enter__()

    def add(self, row: tuple[Any, ...]) -> None:
        if self._copy is None:
            self.rows.append(row)
            return
        # Joined without escaping; _flush() checks the whole chunk at once and escapes only if needed.
        self._pending.append(row)
        self._nulls += row.count(None)
        self._buffer.append("\t".join(["\\N" if v is None else v if v.__class__ is str else str(v) for v in row]))
        if len(self._buffer) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        rows = len(self._buffer)
        chunk = "\n".join(self._buffer)
        # Every backslash must be a NULL's, every tab a separator and every line break a row's end;
        # otherwise some value needs escaping, and the chunk is written again row by row.
        if (
            chunk.count("\\") != self._nulls
            or chunk.count("\t") != rows * (_FIELDS - 1)
            or chunk.count("\n") != rows - 1
            or "\r" in chunk
        ):
            chunk = "\n".join([copy_line(row) for row in self._pending])
        if self._prefix:
            chunk = self._prefix + chunk.replace("\n", self._suffix + "\n" + self._prefix) + self._suffix
        self._copy.write((chunk + "\n").encode())
        self._buffer, self._pending, self._nulls = [], [], 0
        self._in_statement += rows
        if self.direct and self._in_statement >= self.STATEMENT_ROWS:
            # A new COPY statement now and then: the reference check (a statement trigger) then sees
            # a bounded batch of rows instead of the whole file at the end.
            self._copy_cm.__exit__(None, None, None)
            self._copy_cm = self._cursor.copy(self._copy_sql)
            self._copy = self._copy_cm.__enter__()
            self._in_statement = 0

    def close_stream(self) -> None:
        if self._copy_cm is not None:
            self._flush()
            self._copy_cm.__exit__(None, None, None)
            self._copy_cm = self._copy = None
            self._cursor.close()

    def abort(self) -> None:
        if self._copy_cm is not None:
            # Failing the COPY is the point; the transaction is rolled back by the caller anyway.
            with contextlib.suppress(Exception):
                self._copy_cm.__exit__(RuntimeError, RuntimeError("import aborted"), None)
            self._copy_cm = self._copy = None

    def finish(self, list_id: int, removed: list[str], replace: bool) -> int:
        """Move the staged rows into the list; returns the number of entries deleted."""
        self.close_stream()
        params = {"list_id": list_id, "now": utcnow()}
        deleted = 0
        if self.direct:
            return 0  # the list was empty: the rows are in, and nothing existed to remove or replace
        if self.dialect == "postgresql":
            self.session.execute(text("ANALYZE fl_stage"))
            self.session.execute(text(_upsert_sql("fl_stage", "postgresql")), params)
            if replace:
                deleted += self.session.execute(
                    text(
                        "DELETE FROM watchlist_entry e WHERE e.list_id = :list_id AND NOT EXISTS "
                        "(SELECT 1 FROM fl_stage s WHERE s.record_id = e.record_id)"
                    ),
                    {"list_id": list_id},
                ).rowcount  # type: ignore[attr-defined]
        else:
            conn = self.session.connection()
            conn.exec_driver_sql(
                "CREATE TEMP TABLE IF NOT EXISTS fl_stage (" + ", ".join(f"{c}" for c in STAGE_COLUMNS) + ")"
            )
            conn.exec_driver_sql("DELETE FROM fl_stage")
            placeholders = ", ".join("?" for _ in STAGE_COLUMNS)
            if self.rows:
                conn.exec_driver_sql(f"INSERT INTO fl_stage VALUES ({placeholders})", self.rows)  # type: ignore[arg-type]
            self.session.execute(text(_upsert_sql("fl_stage", "sqlite")), params)
            if replace:
                deleted += self.session.execute(
                    text(
                        "DELETE FROM watchlist_entry WHERE list_id = :list_id AND record_id NOT IN "
                        "(SELECT record_id FROM fl_stage)"
                    ),
                    {"list_id": list_id},
                ).rowcount  # type: ignore[attr-defined]
            conn.exec_driver_sql("DELETE FROM fl_stage")
        for start in range(0, len(removed), 1000):
            chunk = removed[start : start + 1000]
            deleted += self.session.execute(
                delete(WatchlistEntry).where(WatchlistEntry.list_id == list_id, WatchlistEntry.record_id.in_(chunk))
            ).rowcount  # type: ignore[attr-defined]
        return deleted


# --- the operation -------------------------------------------------------------------------------------


def get_or_create_list(session: Session, ctx: AuditContext, name: str, owner_code: str | None) -> Watchlist:
    name = (name or "").strip().lower()
    if not name or len(name) > 80 or not all(c.isalnum() or c in "-_." for c in name):
        raise InvalidInput(
            "A list name is 1-80 letters, digits, '-', '_' or '.' (e.g. rs-sltd).", fields={"list": name}
        )
    wl = session.execute(select(Watchlist).where(Watchlist.name == name)).scalar_one_or_none()
    if wl is not None:
        if owner_code:
            owner = agencies.by_code(session, owner_code)
            if owner is None or owner.id != wl.owner_agency_id:
                raise InvalidInput(
                    f"List {name} belongs to another agency; --owner does not match it.",
                    fields={"owner": owner_code},
                )
        return wl
    # A new list without --owner belongs to the installation's own agency (LIAISON_HOME_AGENCY or LOCAL).
    owner = agencies.by_code(session, owner_code) if owner_code else agencies.installation_agency(session, ctx)
    if owner is None:
        raise InvalidInput(f"No agency with code {owner_code}.", fields={"owner": owner_code or ""})
    now = utcnow()
    wl = Watchlist(name=name, title=name, owner_agency_id=owner.id, created_at=now, updated_at=now)
    session.add(wl)
    session.flush()
    record(session, ctx, Actions.COLLECTION, "watchlist", wl.id, details={"event": "list_created"})
    return wl


def import_watchlist(
    session: Session,
    ctx: AuditContext,
    fp: IO[str],
    *,
    list_name: str,
    fmt: str = "csv",
    owner_code: str | None = None,
    accept_valid_rows: bool = False,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one file into one list; see the module docstring. Raises :class:`ImportRefused`."""
    if fmt not in FORMATS:
        raise InvalidInput(
            _("Unknown format %(format)s: use csv or ftm.") % {"format": repr(fmt)}, fields={"format": fmt}
        )
    started = time.perf_counter()
    wl = get_or_create_list(session, ctx, list_name, owner_code)
    report = ImportReport(list_name=wl.name)
    owners = {a.code: a.id for a in agencies.list_agencies(session, active_only=False)}
    validate = Validator(_Context(owners=owners, default_owner=wl.owner_agency_id, today=date.today()))
    counting = _Counting(fp, progress)
    rows = _csv_rows(counting) if fmt == "csv" else _ftm_rows(counting)
    seen: dict[str, int] = {}
    removed: list[str] = []
    # Imports of one list queue here, so that an empty list stays empty until this one commits.
    session.execute(select(Watchlist.id).where(Watchlist.id == wl.id).with_for_update())
    empty = _is_empty(session, wl.id)
    writer = _Writer(session, wl.id, direct=empty)
    add = writer.add
    n_rows = n_accepted = 0
    try:
        for line, raw in rows:
            n_rows += 1
            if isinstance(raw, str):
                _reject(report, line, "", raw)
                continue
            rid = (raw.get("record_id") or "").strip()
            if rid in seen:
                _reject(report, line, rid, _("record_id already given on line %(line)s") % {"line": seen[rid]})
                continue
            status = raw.get("status")
            if status:
                status = status.strip().lower()
                if status in ("removed", "deleted"):
                    if rid:
                        seen[rid] = line
                        removed.append(rid)
                    else:
                        _reject(report, line, "", _("record_id is missing"))
                    continue
            result = (
                validate(raw)
                if not status or status == "active"
                else _("status %(value)s is not 'active' or 'removed'") % {"value": repr(status)}
            )
            if isinstance(result, str):
                _reject(report, line, rid, result)
                continue
            seen[rid] = line
            n_accepted += 1
            add(result)
        report.rows, report.accepted = n_rows, n_accepted
        counting.flush_progress()
        if report.rejected_count and not accept_valid_rows:
            writer.abort()
            report.accepted = 0
            raise ImportRefused(report)
        if report.rows == 0:
            writer.abort()
            raise InvalidInput(_("The file holds no rows."), fields={"file": "empty"})
        writer.close_stream()  # the connection serves no other statement while COPY runs
        before = 0 if empty else _count(session, wl.id)
        deleted = writer.finish(wl.id, removed, replace)
        after = report.accepted if writer.direct else _count(session, wl.id)
    except BaseException:
        writer.abort()
        raise
    report.removed = deleted
    report.inserted = max(after - before + deleted, 0)
    report.updated = max(report.accepted - report.inserted, 0)
    report.written = True
    wl.updated_at = utcnow()
    record(
        session,
        ctx,
        Actions.COLLECTION,
        "watchlist",
        wl.id,
        details={
            "event": "import",
            "format": fmt,
            "accepted": report.accepted,
            "inserted": report.inserted,
            "updated": report.updated,
            "removed": report.removed,
            "rejected": report.rejected_count,
        },
    )
    report.seconds = time.perf_counter() - started
    return report


def _reject(report: ImportReport, line: int, rid: str, reason: str) -> None:
    report.rejected_count += 1
    if len(report.rejected) < MAX_REPORTED:
        report.rejected.append(RowError(line, rid, reason))


def _is_empty(session: Session, list_id: int) -> bool:
    found = session.execute(select(WatchlistEntry.id).where(WatchlistEntry.list_id == list_id).limit(1)).first()
    return found is None


def _count(session: Session, list_id: int) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(WatchlistEntry).where(WatchlistEntry.list_id == list_id)
        ).scalar_one()
    )


def remove_entries(session: Session, ctx: AuditContext, list_name: str, record_ids: list[str]) -> int:
    wl = session.execute(select(Watchlist).where(Watchlist.name == list_name)).scalar_one_or_none()
    if wl is None:
        raise InvalidInput(f"No watchlist named {list_name}.", fields={"list": list_name})
    n = session.execute(
        delete(WatchlistEntry).where(WatchlistEntry.list_id == wl.id, WatchlistEntry.record_id.in_(record_ids))
    ).rowcount  # type: ignore[attr-defined]
    record(session, ctx, Actions.ERASURE, "watchlist", wl.id, details={"event": "entries_removed", "count": n})
    return int(n)


def purge_expired(session: Session, ctx: AuditContext, today: date | None = None) -> int:
    """Delete entries whose expiry date has passed (they already stopped hitting that day)."""
    today = today or date.today()
    n = session.execute(delete(WatchlistEntry).where(WatchlistEntry.expires_on < today)).rowcount  # type: ignore[attr-defined]
    record(session, ctx, Actions.ERASURE, "watchlist", "*", details={"event": "expired_purged", "count": n})
    return int(n)
