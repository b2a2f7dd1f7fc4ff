"""HTTP hardening applied to every request, in one plain ASGI middleware.

On the way in it refuses what no endpoint should ever have to handle:

* a state-changing request (POST/PUT/PATCH/DELETE) from another origin, told by ``Origin`` or, when a
  browser sends none, ``Referer`` (403). Bearer-token clients are machines, not browsers: unaffected;
* text that is not Unicode: lone surrogates (``"\\ud800"`` in JSON) and bytes that are not UTF-8
  (``%ED%A0%80`` in a form or a query string, raw bytes in a text field of a multipart form) (422), so
  no field anywhere stores or crashes on them;
* ``NaN`` and ``Infinity`` in JSON, which JSON itself does not allow and Python accepts (422).

On the way out it adds the security headers: the content security policy, ``no-store`` on everything
but the vendored static files (pages and API answers carry personal data), and HSTS when the request
came over TLS (directly, or from a trusted proxy: uvicorn's ``--proxy`` handling sets the scheme).

A plain ASGI middleware rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs
the endpoint in a separate task that is cancelled when a client goes away, which can leave a request's
database session (and SQLite's write lock) unreleased until garbage collection.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse

from liaison.core.config import get_settings
from liaison.core.i18n import _

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}

#: Everything is served by the app itself: the UI works on an air-gapped network.
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": CSP,
}

#: A ``\\uD800``-``\\uDFFF`` escape: only then can a JSON body hold a lone surrogate.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_NON_FINITE = re.compile(rb"NaN|Infinity")


class BadText(ValueError):
    """Input no field may hold; ``field`` names where it was found."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _not_unicode() -> str:
    return _("Text must be valid Unicode (UTF-8); this value holds bytes or lone surrogates that are not.")


def _walk(value: Any, path: str) -> None:
    """Raise :class:`BadText` at the first string (key or value) holding a lone surrogate."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadText(_not_unicode(), path or "body") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(key, path or "body")
            _walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}.{index}" if path else str(index))


def _reject_constant(name: str) -> Any:
    raise BadText(_("NaN and Infinity are not numbers JSON allows: send a finite number."), "body")


def check_json(body: bytes) -> None:
    """Refuse lone surrogates and NaN/Infinity in a JSON body. The full parse runs only when a cheap
    scan of the bytes finds a candidate, so ordinary bodies (and large attachments) pay one regex."""
    if not (_SURROGATE_ESCAPE.search(body) or _NON_FINITE.search(body)):
        return
    try:
        parsed = json.loads(body, parse_constant=_reject_constant)
    except BadText:
        raise
    except ValueError:
        return  # not JSON at all: the endpoint's own parser answers with its 422
    _walk(parsed, "")


def check_urlencoded(raw: bytes) -> None:
    """Every name and value of a query string or url-encoded form must decode as UTF-8.

    Starlette decodes with ``errors="replace"``: without this check ``%ED%A0%80`` would quietly become
    three U+FFFD characters and be stored as such.
    """
    for pair in raw.split(b"&"):
        name, _sep, value = pair.partition(b"=")
        field = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", "replace") or "request"
        for part in (name, value):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                raise BadText(_not_unicode(), field) from None


def check_multipart(body: bytes, content_type: str) -> None:
    """Every field name and every text field (a part without a file name) of a multipart form must be
    UTF-8. Files are left alone: their bytes are data, checked by the endpoint that takes them.

    Starlette decodes a text part that is not UTF-8 as Latin-1 instead of refusing it, so without this
    check the bytes would be stored as plausible-looking wrong letters. A body that does not parse as
    multipart passes: the endpoint's own parser answers it.
    """
    from python_multipart.multipart import MultipartParser, parse_options_header

    _kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        return
    part: dict[str, Any] = {}

    def on_part_begin() -> None:
        part.clear()
        part.update(headers={}, name="", data=[], field=b"", value=b"")

    def on_header_field(data: bytes, start: int, end: int) -> None:
        part["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        part["value"] += data[start:end]

    def on_header_end() -> None:
        part["headers"][part["field"].lower()] = part["value"]
        part["field"], part["value"] = b"", b""

    def on_headers_finished() -> None:
        _disposition, params = parse_options_header(part["headers"].get(b"content-disposition", b""))
        raw_name = params.get(b"name", b"")
        try:
            part["name"] = raw_name.decode("utf-8")
        except UnicodeDecodeError:
            raise BadText(_not_unicode(), "request") from None
        part["file"] = b"filename" in params

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if not part.get("file"):
            part["data"].append(data[start:end])

    def on_part_end() -> None:
        if part.get("file"):
            return
        try:
            b"".join(part["data"]).decode("utf-8")
        except UnicodeDecodeError:
            raise BadText(_not_unicode(), part["name"] or "request") from None

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except BadText:
        raise
    except Exception:  # noqa: BLE001 - malformed multipart: the endpoint's parser answers with its own 400
        return


def _host_port(netloc: str, scheme: str) -> tuple[str, int | None]:
    parsed = urlsplit(f"{scheme}://{netloc}")
    try:
        port = parsed.port
    except ValueError:
        port = -1
    return (parsed.hostname or "").lower(), port


def same_origin(source: str, headers: Headers, scheme: str) -> bool:
    """Whether ``source`` (an Origin or a Referer) is this application as the browser addressed it.

    The browser addressed the ``Host`` header, or the ``X-Forwarded-Host`` a trusted reverse proxy
    (``liaison serve --proxy``) passes on. When that host names no port, a TLS-terminating proxy may
    have changed the scheme, so only the host name must agree; a named port must agree too.
    """
    parts = urlsplit(source)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return False
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return False
    host = headers.get("host", "")
    if get_settings().trust_proxy and headers.get("x-forwarded-host"):
        host = headers["x-forwarded-host"].split(",")[0].strip()
    name, own_port = _host_port(host, scheme)
    if not name or parts.hostname.lower() != name:
        return False
    # No port in Host: the default one, of whichever scheme the browser used before a proxy took TLS off.
    return port in DEFAULT_PORTS.values() if own_port is None else own_port == port


def cross_origin(scope: dict[str, Any], headers: Headers) -> bool:
    """A browser's state-changing request that came from another site's page."""
    if scope["method"] not in UNSAFE or headers.get("authorization", "").lower().startswith("bearer "):
        return False
    source = headers.get("origin") or headers.get("referer")
    if not source:
        return False  # not sent (old browser, privacy setting): the CSRF token is still checked
    return not same_origin(source, headers, scope.get("scheme", "http"))


def _wants_json(scope: dict[str, Any], headers: Headers) -> bool:
    return str(scope.get("path", "")).startswith("/api/") or "application/json" in headers.get("accept", "")


async def _refuse(scope: Any, receive: Any, send: Any, status: int, message: str, fields: dict[str, str]) -> None:
    headers = Headers(scope=scope)
    if _wants_json(scope, headers):
        response: Any = JSONResponse({"error": message, "fields": fields}, status_code=status)
    else:
        from liaison.core.web import render  # the templates need the app's package loader

        response = render(Request(scope, receive), "error.html", {"message": message, "fields": fields}, status)
    await response(scope, receive, send)


async def _read_body(receive: Any) -> tuple[bytes, list[dict[str, Any]]]:
    chunks: list[bytes] = []
    messages: list[dict[str, Any]] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


class SecurityHeaders:
    """The hardening middleware (see the module docstring)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.raw = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if cross_origin(scope, headers):
            message = _("This request came from another site and was refused. Use Liaison's own pages.")
            await _refuse(scope, receive, send, 403, message, {})
            return
        try:
            check_urlencoded(scope.get("query_string", b""))
            receive = await self._checked_body(scope, headers, receive)
        except BadText as exc:
            await _refuse(scope, receive, send, 422, exc.message, {exc.field: exc.message})
            return

        extra = list(self.raw)
        if not str(scope.get("path", "")).startswith("/static/"):
            extra.append((b"cache-control", b"no-store"))
        if scope.get("scheme") == "https":
            extra.append((b"strict-transport-security", HSTS.encode()))

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _v in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _checked_body(scope: Any, headers: Headers, receive: Any) -> Any:
        """Check a JSON, url-encoded or multipart body (read whole, then replayed); other bodies pass
        untouched. Reading a multipart body whole costs no more memory than the endpoints already spend:
        they read each uploaded file whole to sniff and hash it."""
        content_type = headers.get("content-type", "")
        kind = content_type.split(";")[0].strip().lower()
        is_json = kind == "application/json" or kind.endswith("+json")
        forms = ("application/x-www-form-urlencoded", "multipart/form-data")
        if scope["method"] not in UNSAFE or not (is_json or kind in forms):
            return receive
        body, messages = await _read_body(receive)
        if is_json:
            check_json(body)
        elif kind == "multipart/form-data":
            check_multipart(body, content_type)
        else:
            check_urlencoded(body)
        replay = [{"type": "http.request", "body": body, "more_body": False}]
        replay += [m for m in messages if m["type"] != "http.request"]

        async def replayed() -> Any:
            return replay.pop(0) if replay else await receive()

        return replayed
