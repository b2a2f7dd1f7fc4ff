"""The signed offline replica (MIND-like): an export a crossing point can check against without network.

Format (``liaison-replica/1``), two files:

* ``FILE`` — a SQLite database, read-only at the desk: small ``lists``, ``owners`` and ``contacts``
  tables and one ``entries`` table whose normalised key columns (document number, plate, VIN,
  serial, birth date) carry partial indexes. Categories, actions and handling codes are stored as
  small integers, dates as ``YYYYMMDD`` integers, repeated strings (contact points, owners, lists) once.
  SQLite because it is on every desk already, needs no server, answers an indexed lookup in tens of
  microseconds, and its format is documented and stable for decades.
* ``FILE.sig`` — JSON: a manifest (format, creation, stale and expiry times, the agency it was made
  for, lists and counts, size and SHA-256 of ``FILE``) and an Ed25519 signature over the manifest's
  canonical JSON. Opening verifies the signature with the public key the desk was given, then the
  hash of the database file: a replica altered in any byte, or re-signed with another key, is
  refused; an expired one is refused; a stale one (older than the refresh interval) answers with a
  warning.

What goes in: entries that have not expired and that the agency the replica is made for may see,
decided row by row by :func:`~liaison.frontline.matching.may_disclose`, the rule the online check
applies too: handling code H0 or H1, plus H2/H3 entries only when the exporter allows those codes
explicitly or the entry belongs to that agency (an agency may always hold its own data). A desk
answering from the replica applies the same rule again to every hit, so a file made for another
agency could not show more than the online check would.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liaison.agencies.models import Agency
from liaison.core import signing
from liaison.frontline.matching import (
    OPEN_HANDLING,
    Audience,
    CheckQuery,
    CheckResult,
    EntryView,
    evaluate,
    may_disclose,
    prepare,
)
from liaison.frontline.models import ACTIONS, CATEGORIES, Watchlist, WatchlistEntry

FORMAT = "liaison-replica/1"
HANDLING = ("H0", "H1", "H2", "H3")
CATEGORY_LIST = list(CATEGORIES)
ACTION_LIST = list(ACTIONS)
DEFAULT_STALE_HOURS = 48
DEFAULT_VALID_HOURS = 7 * 24


class ReplicaError(Exception):
    """The replica cannot be used; the message says why and what to do."""


# --- keys ----------------------------------------------------------------------------------------------


def keygen(private_path: Path, public_path: Path, *, overwrite: bool = False) -> str:
    """Write a new Ed25519 key pair (private key readable by the owner only); returns the public key."""
    key = signing.write_key_pair(private_path, public_path, overwrite=overwrite, error=ReplicaError)
    return public_key_text(key.public_key())


public_key_text = signing.public_key_text


def load_private_key(path: Path) -> Ed25519PrivateKey:
    return signing.load_private_key(path, error=ReplicaError, keygen_command="liaison replica keygen")


def load_public_key(spec: str) -> Ed25519PublicKey:
    """A PEM file, or the key itself as base64 of its 32 raw bytes (as ``keygen`` prints it)."""
    return signing.load_public_key(spec, error=ReplicaError)


# --- export --------------------------------------------------------------------------------------------


#: The ``entries`` table, the one place its columns are named: (replica column, SQLite type, the
#: ``WatchlistEntry`` attribute it is exported from). The table's DDL, the export's select and insert and
#: the desk's reads all derive from it. Categories, actions and handling codes are stored as their index
#: in ``CATEGORY_LIST``, ``ACTION_LIST`` and ``HANDLING``, dates as ``YYYYMMDD`` integers, the contact
#: point as a row of ``contacts``.
ENTRY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "INTEGER PRIMARY KEY", "id"),
    ("list", "INTEGER NOT NULL", "list_id"),
    ("record_id", "TEXT NOT NULL", "record_id"),
    ("category", "INTEGER NOT NULL", "category"),
    ("action", "INTEGER NOT NULL", "action"),
    ("owner", "INTEGER NOT NULL", "owner_agency_id"),
    ("contact", "INTEGER", "contact_point"),
    ("reference", "TEXT", "reference"),
    ("handling", "INTEGER NOT NULL", "handling_code"),
    ("valid_from", "INTEGER", "valid_from"),
    ("expires", "INTEGER", "expires_on"),
    ("doc", "TEXT", "doc_number"),
    ("doc_cc", "TEXT", "doc_country"),
    ("plate", "TEXT", "plate"),
    ("plate_cc", "TEXT", "plate_country"),
    ("vin", "TEXT", "vin"),
    ("serial", "TEXT", "serial"),
    ("name", "TEXT", "name"),
    ("birth", "TEXT", "birth_date"),
    ("nat", "TEXT", "nationality"),
    ("description", "TEXT", "description"),
)
ENTRY_NAMES = tuple(name for name, _type, _attr in ENTRY_COLUMNS)
_AT = {name: i for i, name in enumerate(ENTRY_NAMES)}

_SCHEMA = f"""
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE lists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE owners (id INTEGER PRIMARY KEY, code TEXT NOT NULL);
CREATE TABLE contacts (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE entries ({", ".join(f"{name} {sqltype}" for name, sqltype, _attr in ENTRY_COLUMNS)});
"""
_INDEXES = (
    "CREATE INDEX ix_doc ON entries(doc) WHERE doc IS NOT NULL",
    "CREATE INDEX ix_plate ON entries(plate) WHERE plate IS NOT NULL",
    "CREATE INDEX ix_vin ON entries(vin) WHERE vin IS NOT NULL",
    "CREATE INDEX ix_serial ON entries(serial) WHERE serial IS NOT NULL",
    "CREATE INDEX ix_birth ON entries(birth) WHERE birth IS NOT NULL",
)


@dataclass
class ExportReport:
    path: Path
    signature_path: Path
    entries: int
    size: int
    seconds: float
    excluded_restricted: int
    lists: dict[str, int] = field(default_factory=dict)


def _ymd(value: date | str | None) -> int | None:
    if not value:
        return None
    if isinstance(value, str):  # SQLite hands dates back as text
        return int(value[:10].replace("-", ""))
    return value.year * 10000 + value.month * 100 + value.day


def _stream(session: Session, stmt: Any) -> Iterator[tuple[Any, ...]]:
    """Rows straight from the driver (a server-side cursor on PostgreSQL): at 10 M rows the
    per-row cost of result processing matters, and these columns need none."""
    conn = session.connection()
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    raw = conn.connection.dbapi_connection
    assert raw is not None
    server_side = conn.dialect.name == "postgresql"
    cursor = raw.cursor(name="liaison_replica_export") if server_side else raw.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(20_000):
            yield from rows
    finally:
        cursor.close()


def _from_ymd(value: int | None) -> date | None:
    return date(value // 10000, value // 100 % 100, value % 100) if value else None


def _canonical(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fp:
        while chunk := fp.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def export(
    session: Session,
    out: Path,
    key: Ed25519PrivateKey,
    *,
    agency_code: str | None = None,
    allow_handling: Iterable[str] = (),
    stale_hours: int = DEFAULT_STALE_HOURS,
    valid_hours: int = DEFAULT_VALID_HOURS,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportReport:
    """Write ``out`` and ``out.sig``; the previous replica is replaced only when the new one is complete."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    allowed = {*OPEN_HANDLING, *(h.upper() for h in allow_handling)}
    unknown = allowed - set(HANDLING)
    if unknown:
        raise ReplicaError(f"Unknown handling code(s): {', '.join(sorted(unknown))}.")
    if agency_code and session.execute(select(Agency.id).where(Agency.code == agency_code)).first() is None:
        raise ReplicaError(f"No agency with code {agency_code}.")
    today = now.date()
    E = WatchlistEntry
    live = or_(E.expires_on.is_(None), E.expires_on >= today)
    excluded = 0

    tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;" + _SCHEMA)
    lists = {wl.id: wl.name for wl in session.execute(select(Watchlist)).scalars()}
    db.executemany("INSERT INTO lists VALUES (?, ?)", list(lists.items()))
    owner_codes: dict[int, str] = {i: c for i, c in session.execute(select(Agency.id, Agency.code))}
    db.executemany("INSERT INTO owners VALUES (?, ?)", list(owner_codes.items()))
    contacts: dict[str, int] = {}
    counts: dict[int, int] = {}
    cat_ix = {c: i for i, c in enumerate(CATEGORY_LIST)}
    act_ix = {a: i for i, a in enumerate(ACTION_LIST)}
    hand_ix = {h: i for i, h in enumerate(HANDLING)}
    stmt = select(*(getattr(E, attr) for _name, _type, attr in ENTRY_COLUMNS)).where(live)
    total = 0
    batch: list[tuple[Any, ...]] = []
    insert = f"INSERT INTO entries ({', '.join(ENTRY_NAMES)}) VALUES ({', '.join('?' * len(ENTRY_NAMES))})"

    def contact_id(contact: str | None) -> int | None:
        if not contact:
            return None
        return contacts.setdefault(contact, len(contacts) + 1)

    # How each column that is not stored as read is encoded (see ENTRY_COLUMNS).
    encode: dict[str, Callable[[Any], Any]] = {
        "category": cat_ix.__getitem__,
        "action": lambda action: act_ix.get(action, 0),
        "contact": contact_id,
        "reference": lambda reference: reference or None,
        "handling": hand_ix.__getitem__,
        "valid_from": _ymd,
        "expires": _ymd,
        "description": lambda description: description or None,
    }
    steps = [(_AT[name], func) for name, func in encode.items()]
    list_at, owner_at, handling_at = _AT["list"], _AT["owner"], _AT["handling"]
    for raw in _stream(session, stmt):
        if not may_disclose(raw[handling_at], owner_codes.get(raw[owner_at], ""), agency_code or None, allowed):
            excluded += 1
            continue
        row = list(raw)
        for at, func in steps:
            row[at] = func(row[at])
        batch.append(tuple(row))
        list_id = raw[list_at]
        counts[list_id] = counts.get(list_id, 0) + 1
        if len(batch) >= 50_000:
            db.executemany(insert, batch)
            total += len(batch)
            batch = []
            if progress:
                progress(total)
    db.executemany(insert, batch)
    total += len(batch)
    db.executemany("INSERT INTO contacts VALUES (?, ?)", [(i, t) for t, i in contacts.items()])
    for ddl in _INDEXES:
        db.execute(ddl)
    db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
    db.commit()
    db.close()
    if progress:
        progress(total)

    list_counts = {lists[k]: v for k, v in sorted(counts.items())}
    tmp_size = tmp.stat().st_size
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "stale_after": (now + timedelta(hours=stale_hours)).isoformat(timespec="seconds"),
        "expires_at": (now + timedelta(hours=valid_hours)).isoformat(timespec="seconds"),
        "agency": agency_code or "",
        "handling": sorted(allowed),
        "entries": total,
        "lists": list_counts,
        "size": tmp_size,
        "sha256": _sha256(tmp),
        "public_key": public_key_text(key.public_key()),
    }
    signature = base64.b64encode(key.sign(_canonical(manifest))).decode()
    sig_path = out.with_name(out.name + ".sig")
    sig_tmp = sig_path.with_name(sig_path.name + ".partial")
    sig_tmp.write_text(json.dumps({"manifest": manifest, "signature": signature}, indent=1))
    os.replace(tmp, out)
    os.replace(sig_tmp, sig_path)
    return ExportReport(out, sig_path, total, tmp_size, time.perf_counter() - started, excluded, list_counts)


# --- use at the desk -----------------------------------------------------------------------------------


class Replica:
    """A verified, read-only replica; a :class:`~liaison.frontline.matching.Source` for checks."""

    def __init__(self, path: Path, public_key: Ed25519PublicKey, *, now: datetime | None = None) -> None:
        self.path = path
        self.warnings: list[str] = []
        self.manifest = self._verify(path, public_key, now or datetime.now(UTC))
        uri = f"file:{path.resolve()}?mode=ro&immutable=1"
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.lists = dict(self.db.execute("SELECT id, name FROM lists").fetchall())
        self.owners = dict(self.db.execute("SELECT id, code FROM owners").fetchall())
        self.contacts = dict(self.db.execute("SELECT id, text FROM contacts").fetchall())

    def _verify(self, path: Path, public_key: Ed25519PublicKey, now: datetime) -> dict[str, Any]:
        sig_path = path.with_name(path.name + ".sig")
        if not path.is_file():
            raise ReplicaError(f"No replica at {path}.")
        try:
            envelope = json.loads(sig_path.read_text())
            manifest, signature = envelope["manifest"], base64.b64decode(envelope["signature"])
        except FileNotFoundError:
            raise ReplicaError(f"The signature file {sig_path} is missing: the replica cannot be trusted.") from None
        except (ValueError, KeyError, TypeError):
            raise ReplicaError(f"The signature file {sig_path} is damaged: the replica cannot be trusted.") from None
        try:
            public_key.verify(signature, _canonical(manifest))
        except InvalidSignature:
            raise ReplicaError(
                "REFUSED: the replica's signature does not verify with this public key "
                "(it was altered, or made by someone else). Do not use it; fetch a new one."
            ) from None
        if manifest.get("format") != FORMAT:
            raise ReplicaError(f"Unsupported replica format {manifest.get('format')!r}.")
        if path.stat().st_size != manifest["size"] or _sha256(path) != manifest["sha256"]:
            raise ReplicaError(
                "REFUSED: the replica file was altered after it was signed. Do not use it; fetch a new one."
            )
        expires = datetime.fromisoformat(manifest["expires_at"])
        if now >= expires:
            raise ReplicaError(
                f"REFUSED: the replica expired at {manifest['expires_at']} (made "
                f"{manifest['created_at']}). Fetch a fresh replica."
            )
        if now >= datetime.fromisoformat(manifest["stale_after"]):
            self.warnings.append(
                f"STALE replica: made {manifest['created_at']}, due for refresh since "
                f"{manifest['stale_after']}. Hits are valid, but recent entries are missing."
            )
        return dict(manifest)

    def _rows(self, where: str, params: tuple[Any, ...]) -> list[EntryView]:
        out = []
        for row in self.db.execute(f"SELECT {', '.join(ENTRY_NAMES)} FROM entries WHERE {where}", params):
            c = dict(zip(ENTRY_NAMES, row, strict=True))
            out.append(
                EntryView(
                    entry_id=c["id"],
                    record_id=c["record_id"],
                    list_name=self.lists.get(c["list"], "?"),
                    category=CATEGORY_LIST[c["category"]],
                    action=ACTION_LIST[c["action"]],
                    owner_code=self.owners.get(c["owner"], "?"),
                    owner_id=None,
                    contact_point=self.contacts.get(c["contact"], "") if c["contact"] else "",
                    reference=c["reference"] or "",
                    handling_code=HANDLING[c["handling"]],
                    valid_from=_from_ymd(c["valid_from"]),
                    expires_on=_from_ymd(c["expires"]),
                    doc_country=c["doc_cc"],
                    plate_country=c["plate_cc"],
                    name=c["name"],
                    birth_date=c["birth"],
                    nationality=c["nat"],
                    description=c["description"] or "",
                )
            )
        return out

    def documents(self, number: str) -> list[EntryView]:
        return self._rows("doc = ?", (number,))

    def plates(self, plate: str) -> list[EntryView]:
        return self._rows("plate = ?", (plate,))

    def vins(self, vin: str) -> list[EntryView]:
        return self._rows("vin = ?", (vin,))

    def serials(self, serial: str) -> list[EntryView]:
        return self._rows("serial = ?", (serial,))

    def born_on(self, dates: tuple[str, ...]) -> list[EntryView]:
        return self._rows(f"birth IN ({', '.join('?' * len(dates))})", dates)

    def check(self, query: CheckQuery) -> CheckResult:
        """Raises :class:`~liaison.frontline.matching.BadQuery` for bad input."""
        audience = Audience(self.manifest.get("agency") or None, frozenset(self.manifest.get("handling", ())))
        result = evaluate(prepare(query), self, audience=audience)
        result.warnings = self.warnings + result.warnings
        return result

    def close(self) -> None:
        self.db.close()
