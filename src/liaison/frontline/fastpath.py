"""The frontline check's fast path: ``POST /api/v1/frontline/checks`` answered without FastAPI (PostgreSQL).

Why: a check through FastAPI, the ORM and a transaction of its own cost ≈ 5.5 ms of CPU (issue 15,
docs/benchmarks.md); the issue asks for 2,000 checks/s on two cores, i.e. a path that does only what a
check needs. This plain ASGI layer, mounted by the web app in front of the routers (inside the hardening
and locale layers, so headers, Unicode/NaN checks and the reader's language are those of every answer):

1. reads the JSON body and checks it against the endpoint's own model limits (:class:`~liaison.frontline.api.CheckIn`);
2. normalises the query with :func:`~liaison.frontline.matching.prepare`;
3. in **one round trip and one prepared statement** reads the bearer token's identity
   (:data:`liaison.accounts.service.TOKEN_IDENTITY_SQL`) and every candidate entry of every key of the check;
4. decides with :func:`~liaison.frontline.matching.evaluate`, the checking agency as audience (H2/H3
   withheld as on the ordinary path);
5. hands the log row, audit records and owners' notifications to this worker's group-commit writer
   (:mod:`liaison.frontline.batchlog`) and answers only after that batch committed.

Everything unusual is **delegated unchanged** to the ordinary endpoint, the body replayed: not JSON, a
field of the wrong type or too long, a NUL character, a query :func:`prepare` refuses, a missing, unknown,
expired or revoked token, an inactive user, an account set-up due, no frontline role, SQLite, a body over
:data:`MAX_BODY`, a database error. So refusals, their messages, their language and their audit records
stay exactly those of the endpoint; the fast path only ever answers 200 with what the endpoint would.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

import orjson
import psycopg
from sqlalchemy.engine import make_url

from liaison.accounts.service import TOKEN_IDENTITY_COLUMNS, TOKEN_IDENTITY_SQL, token_identity
from liaison.core.config import get_settings
from liaison.core.security import token_digest
from liaison.frontline import keys, service
from liaison.frontline.batchlog import BatchWriter, LoggedCheck
from liaison.frontline.matching import Audience, BadQuery, CheckQuery, EntryView, evaluate, prepare

log = logging.getLogger("liaison.frontline")

PATH = "/api/v1/frontline/checks"
#: Larger bodies go the ordinary way (the fields' limits add up to well under this).
MAX_BODY = 16 * 1024
#: Lookup connections per worker process (each check holds one for its single round trip).
POOL_SIZE = 8

#: The lookup is planned once per connection: a custom plan per check (PostgreSQL's default for the first
#: executions, and for good when it sees that empty key arrays make a custom plan cheaper) costs more
#: server CPU than running it.
GENERIC_PLANS = "-c plan_cache_mode=force_generic_plan"

#: The endpoint's body fields: name -> (default, maximum length).
Fields = dict[str, tuple[str, int]]


def body_fields(model: Any) -> Fields:
    """The fields, defaults and length limits of the endpoint's pydantic body model (``api.CheckIn``),
    so the fast path accepts exactly the bodies the endpoint would and hands it everything else."""
    return {
        name: (str(info.default), next(int(m.max_length) for m in info.metadata if hasattr(m, "max_length")))
        for name, info in model.model_fields.items()
    }


_ENTRY = (
    "e.id, e.record_id, w.name, e.category, e.action, o.code, e.owner_agency_id, e.contact_point, e.reference, "
    "e.handling_code, e.valid_from, e.expires_on, e.doc_country, e.plate_country, e.name, e.birth_date, "
    "e.nationality, e.description"
)
_BRANCH = (
    "SELECT '{kind}' AS k, e.{column} AS key, " + _ENTRY + " FROM watchlist_entry e "
    "JOIN watchlist w ON w.id = e.list_id JOIN agency o ON o.id = e.owner_agency_id "
    "WHERE e.{column} = ANY(string_to_array(%({kind})s, chr(31)))"
)
_KEYS = (("d", "doc_number"), ("p", "plate"), ("v", "vin"), ("s", "serial"), ("b", "birth_date"))
#: The token's identity and, only when the token exists, every candidate of every key (one per row, tagged
#: with the kind and key that found it). Each kind's keys come as one text joined by U+001F (normalised
#: keys never hold it): scalar parameters cost the client far less to send than arrays. Keys a check does
#: not have are empty: an index probe for nothing. The same statement for every check, so PostgreSQL
#: plans it once per connection.
CHECK_SQL = (
    f"WITH tok AS ({TOKEN_IDENTITY_SQL}) SELECT tok.*, m.* FROM tok LEFT JOIN LATERAL ("
    + " UNION ALL ".join(_BRANCH.format(kind=k, column=c) for k, c in _KEYS)
    + ") m ON true"
)
_K = TOKEN_IDENTITY_COLUMNS
SEP = "\x1f"


class Found:
    """The candidates one statement found, served to :func:`evaluate` as its :class:`Source`."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._by: dict[tuple[str, str], list[EntryView]] = {}
        for row in rows:
            if row[_K] is not None:
                self._by.setdefault((row[_K], row[_K + 1]), []).append(EntryView(*row[_K + 2 :]))

    def documents(self, number: str) -> list[EntryView]:
        return self._by.get(("d", number), [])

    def plates(self, plate: str) -> list[EntryView]:
        return self._by.get(("p", plate), [])

    def vins(self, vin: str) -> list[EntryView]:
        return self._by.get(("v", vin), [])

    def serials(self, serial: str) -> list[EntryView]:
        return self._by.get(("s", serial), [])

    def born_on(self, dates: tuple[str, ...]) -> list[EntryView]:
        return [entry for day in dict.fromkeys(dates) for entry in self._by.get(("b", day), [])]


def read_fields(body: bytes, fields_of: Fields) -> dict[str, str] | None:
    """The body's fields with the endpoint's defaults, or None when the endpoint should judge it."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    fields: dict[str, str] = {}
    for name, (default, limit) in fields_of.items():
        value = data.get(name, default)
        if not isinstance(value, str) or len(value) > limit or "\x00" in value:
            return None
        fields[name] = value
    return fields


def _lookup_params(prep: Any, digest: str) -> dict[str, Any] | None:
    """The statement's parameters; None if a key holds the separator (the endpoint then looks it up)."""
    births = [day for person in prep.persons for day in keys.birth_date_variants(person.birth_date)]
    lists = {
        "d": [number for number, _cc in prep.documents],
        "p": [plate for plate, _cc in prep.plates],
        "v": list(prep.vins),
        "s": list(prep.serials),
        "b": births,
    }
    if any(SEP in key for values in lists.values() for key in values):
        return None
    return {"digest": digest, **{kind: SEP.join(values) for kind, values in lists.items()}}


class _Pool:
    """A few lookup connections of one event loop; a broken one is replaced on its next use."""

    def __init__(self, conninfo: str, size: int) -> None:
        self.conninfo = conninfo
        self.size = size
        self._opened = 0
        self._idle: asyncio.Queue[psycopg.AsyncConnection[Any] | None] = asyncio.Queue()
        self._all: list[psycopg.AsyncConnection[Any]] = []

    async def get(self) -> psycopg.AsyncConnection[Any]:
        if self._idle.empty() and self._opened < self.size:
            self._opened += 1
            self._idle.put_nowait(None)
        conn = await self._idle.get()
        if conn is None or conn.closed or conn.broken:
            try:
                conn = await psycopg.AsyncConnection.connect(
                    self.conninfo, autocommit=True, prepare_threshold=0, options=GENERIC_PLANS
                )
            except BaseException:
                self._idle.put_nowait(None)
                raise
            self._all.append(conn)
        return conn

    def put(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self._idle.put_nowait(None if conn.closed or conn.broken else conn)

    async def close(self) -> None:
        for conn in self._all:
            if not conn.closed:
                await conn.close()
        self._all.clear()


class _Worker:
    """The fast path's state in one worker process's event loop: lookup connections and the writer."""

    def __init__(self, conninfo: str, loop: asyncio.AbstractEventLoop, fields: Fields) -> None:
        self.loop = loop
        self.fields = fields
        self.query_fields = tuple(name for name in fields if name not in ("crossing_point", "reason"))
        self.pool = _Pool(conninfo, POOL_SIZE)
        self.writer = BatchWriter(conninfo)

    async def check(self, body: bytes, token: str, ip: str) -> bytes | None:
        """The answer to one check, or None: the ordinary endpoint answers it."""
        fields = read_fields(body, self.fields)
        if fields is None:
            return None
        try:
            prep = prepare(CheckQuery(**{name: fields[name] for name in self.query_fields}))
        except BadQuery:
            return None
        params = _lookup_params(prep, token_digest(token))
        if params is None:
            return None
        conn = await self.pool.get()
        try:
            cur = await conn.execute(CHECK_SQL, params, prepare=True)
            rows = await cur.fetchall()
        finally:
            self.pool.put(conn)
        identity = token_identity(rows[0] if rows else None)
        if identity is None or not identity.has_role("frontline"):
            return None
        result = evaluate(prep, Found(rows), audience=Audience(identity.agency_code or None))
        crossing_point, reason = service.clean_point_and_reason(fields["crossing_point"], fields["reason"])
        logged = LoggedCheck(
            identity=identity,
            ip=ip,
            result=result,
            crossing_point=crossing_point,
            reason=reason,
            log=service.log_row(result, identity.user_id, identity.agency_id, crossing_point, reason),
            future=self.loop.create_future(),
        )
        result.check_id = await self.writer.submit(logged)
        return orjson.dumps(result.as_json())

    async def close(self) -> None:
        await self.writer.close()
        await self.pool.close()


def _conninfo() -> str | None:
    """libpq's form of the configured database URL; None unless it is PostgreSQL."""
    url = make_url(get_settings().effective_database_url)
    if url.get_backend_name() != "postgresql":
        return None
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


class FastCheck:
    """The ASGI layer (see the module docstring); ``app`` answers everything it does not, and ``model``
    is the endpoint's body model (``api.CheckIn``, given by the capability's register)."""

    def __init__(self, app: Any, model: Any) -> None:
        self.app = app
        self.fields = body_fields(model)
        self._worker: _Worker | None = None

    def _for_loop(self) -> _Worker | None:
        loop = asyncio.get_running_loop()
        worker = self._worker
        if worker is not None and worker.loop is loop:
            return worker
        conninfo = _conninfo()
        if conninfo is None:
            return None
        # A new event loop (a test client's, a restarted server's): the old loop's connections and
        # writer cannot serve it; they are idle (every answer waited for its batch) and dropped.
        self._worker = _Worker(conninfo, loop, self.fields)
        return self._worker

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, self._closing(receive), send)
            return
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        authorization = _header(scope, b"authorization")
        kind = _header(scope, b"content-type").split(";")[0].strip().lower()
        worker = self._for_loop() if kind == "application/json" else None
        if worker is None or not authorization.lower().startswith("bearer "):
            await self.app(scope, receive, send)
            return
        body, rest = await _read(receive)
        answer: bytes | None = None
        if body is not None:
            client = scope.get("client")
            try:
                answer = await worker.check(body, authorization[7:].strip(), client[0] if client else "")
            except Exception:  # noqa: BLE001 - the endpoint runs the check again and answers as it would
                log.exception("frontline fast path failed; the check goes the ordinary way")
        if answer is None:
            await self.app(scope, _replay(body or b"", rest, receive), send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", str(len(answer)).encode()), (b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": answer})

    def _closing(self, receive: Any) -> Any:
        async def wrapped() -> Any:
            message = await receive()
            if message["type"] == "lifespan.shutdown" and self._worker is not None:
                worker, self._worker = self._worker, None
                try:
                    await worker.close()
                except Exception:  # noqa: BLE001 - shutting down either way
                    log.exception("closing the frontline fast path failed")
            return message

        return wrapped


async def _read(receive: Any) -> tuple[bytes | None, list[dict[str, Any]]]:
    """The whole body (None past :data:`MAX_BODY`: what was read is replayed) and any other message."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None, [message]
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), []
        if size > MAX_BODY:
            return None, [{"type": "http.request", "body": b"".join(chunks), "more_body": True}]


def _replay(body: bytes, rest: list[dict[str, Any]], receive: Any) -> Any:
    """A ``receive`` that gives the endpoint the body already read, then the client's own messages."""
    queued: list[dict[str, Any]] = rest if rest else [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Any:
        return queued.pop(0) if queued else await receive()

    return replayed
