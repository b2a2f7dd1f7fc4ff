"""The FastAPI application: capabilities' routers, static files, and the error answers people see."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from liaison import __version__
from liaison.accounts.deps import LoginRequired
from liaison.capabilities import install
from liaison.core import i18n, validation
from liaison.core.config import get_settings, require_strong_secret
from liaison.core.errors import LiaisonError
from liaison.core.i18n import _
from liaison.core.web import LocaleMiddleware, render, request_locale
from liaison.web.hardening import CSP, SecurityHeaders

STATIC = Path(__file__).resolve().parent / "static"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    # Drop only the leading location: a field may itself be called "body" (a message's text).
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "request"


def _api_docs() -> Response:
    """Swagger UI from the vendored files (no CDN: the CSP allows only this server, and the network may be
    air-gapped). FastAPI's page starts Swagger with an inline script: that one script is allowed by a
    per-answer nonce, so the policy needs neither 'unsafe-inline' nor 'unsafe-eval'."""
    nonce = secrets.token_urlsafe(18)
    page = get_swagger_ui_html(
        openapi_url="/api/openapi.json",
        title="Liaison - API",
        swagger_js_url="/static/vendor/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui.css",
        swagger_favicon_url="data:,",
        oauth2_redirect_url=None,
    )
    html = bytes(page.body).decode().replace("<script>", f'<script nonce="{nonce}">')
    csp = CSP.replace("script-src 'self'", f"script-src 'self' 'nonce-{nonce}'")
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Each worker process runs the audit sequencer (PostgreSQL): it links what a crash left unchained at
    start-up, then every record its requests commit; an advisory lock lets one link at a time."""
    import anyio.to_thread

    from liaison.core.audit import sequencer
    from liaison.core.db import get_engine

    # Bounded so that every request thread finds a pooled connection (no connect/disconnect churn).
    anyio.to_thread.current_default_thread_limiter().total_tokens = get_settings().worker_threads
    engine = get_engine()
    sequencer.start(engine)
    try:
        yield
    finally:
        sequencer.stop(engine)


def create_app(*, allow_dev_secret: bool = False) -> FastAPI:
    """The application; refuses (:class:`WeakSecretKey`) to start with a weak secret key.

    Only :func:`create_demo_app` passes ``allow_dev_secret``: the demo is the one place where the
    published development key is acceptable.
    """
    if not allow_dev_secret:
        require_strong_secret()
    app = FastAPI(
        title="Liaison",
        version=__version__,
        description="Cross-border law-enforcement cooperation: cases, messages, deadlines, audit.",
        docs_url=None,  # served by _api_docs from vendored files
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan,
    )
    registry = install()
    # Added first, so innermost: a capability's fast path sits behind the hardening (origin, Unicode and
    # NaN checks, security headers) and the locale, exactly like the endpoints it stands in front of.
    for middleware in registry.asgi_middleware:
        app.add_middleware(middleware)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(LocaleMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in registry.all_routers():
        app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(LiaisonError)
    async def _refused(request: Request, exc: LiaisonError) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"error": str(exc.message), "fields": {k: str(v) for k, v in exc.fields.items()}},
                status_code=exc.status_code,
                headers=getattr(exc, "headers", None),
            )
        response = render(
            request, "error.html", {"message": exc.message, "fields": exc.fields}, status_code=exc.status_code
        )
        response.headers.update(getattr(exc, "headers", None) or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields: dict[str, str] = {}
        for err in exc.errors():
            fields.setdefault(_field_name(err.get("loc", ())), validation.message(err))
        message = _("The request has errors: correct the marked fields.")
        if _wants_json(request):
            return JSONResponse({"error": message, "fields": fields}, status_code=422)
        return render(request, "error.html", {"message": message, "fields": fields}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: _("Not found."), 405: _("This action is not allowed here.")}.get(
            exc.status_code, str(exc.detail)
        )
        if _wants_json(request):
            return JSONResponse({"error": message, "fields": {}}, status_code=exc.status_code)
        return render(request, "error.html", {"message": message, "fields": {}}, status_code=exc.status_code)

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def _unstorable(request: Request, exc: Exception) -> Response:
        # A value the database cannot store (a NUL character, a number out of range — PostgreSQL says so with
        # DataError, SQLite's driver with OverflowError) is bad input, not a crash; the unit of work has
        # already rolled back, so nothing was written.
        message = _(
            "The request contains a value that cannot be stored (for example a NUL character or a "
            "number out of range). Nothing was saved."
        )
        if _wants_json(request):
            return JSONResponse({"error": message, "fields": {}}, status_code=422)
        return render(request, "error.html", {"message": message, "fields": {}}, status_code=422)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        # Never show a traceback; the log has it.
        import logging

        logging.getLogger("liaison").exception("unhandled error on %s", request.url.path)
        # Answered outside the locale middleware (Starlette's outermost layer): the language is chosen again.
        locale, _explicit = request_locale(request.query_params.get("lang"), request.headers.get("accept-language"))
        with i18n.use_locale(locale):
            message = _("Something went wrong on our side. Nothing was saved. Try again or call the duty officer.")
        return JSONResponse({"error": message, "fields": {}}, status_code=500)

    app.add_api_route("/api/docs", _api_docs, methods=["GET"], include_in_schema=False)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def create_demo_app() -> FastAPI:
    """The factory ``liaison demo`` serves: the same app, allowed to run on the development key."""
    return create_app(allow_dev_secret=True)
