"""Request plumbing shared by every capability's API and pages: the per-request unit of work,
templates, and how refusals are shown to people and to machines."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import Depends, Path, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pydantic import Field
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from liaison.core import formats, i18n, limits, vocab
from liaison.core.db import session_scope
from liaison.core.errors import InvalidInput
from liaison.core.flash import clear_flash, take_flash
from liaison.core.i18n import _
from liaison.core.timeutil import utcnow


def _db() -> Iterator[Session]:
    # scope="function": the transaction commits before the response is sent, so an acknowledged
    # request is durable even if the process is killed right after answering.
    with session_scope() as session:
        yield session


DB = Annotated[Session, Depends(_db, scope="function")]

#: Identifiers are 32-bit integers in the database: anything outside is refused with a 422, not a 500.
MAX_ID = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


def form_id(raw: object, field: str) -> int | None:
    """An optional row id typed into (or chosen in) a form: empty is ``None``, anything else must be an id.

    ``str.isdigit()`` is not enough: it accepts "²" or "٣", which ``int()`` then refuses (or reads as
    another number). Only ASCII digits within the database's integer range are ids; the rest is a 422
    naming the field, never a 500.
    """
    text = str(raw or "").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ID:
        return int(text)
    message = _("The request has errors: correct the marked fields.")
    raise InvalidInput(message, fields={field: _("Not a valid choice.")})


def attachment_disposition(filename: str) -> str:
    """A ``Content-Disposition`` for a download named ``filename`` (RFC 6266, RFC 5987).

    Header values must be latin-1: a Cyrillic, Albanian (ë, ç) or emoji name written raw would crash the
    answer. ``filename`` carries an ASCII fallback (accents folded, the rest replaced, quotes and
    backslashes removed) and ``filename*`` the exact name, UTF-8 percent-encoded.
    """
    name = "".join(ch for ch in filename if ch.isprintable()) or "download"
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(ch if ch.isalnum() or ch in "._- ()" else "_" for ch in folded).strip()
    stem, dot, ext = fallback.rpartition(".") if "." in fallback else (fallback, "", "")
    if not stem.strip("_. "):
        fallback = "download" + dot + ext
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def _posted_form(request: Request) -> dict[str, Any]:
    """The posted form as a dict. Async because reading the body is; endpoints that use it stay synchronous
    (run in the thread pool) so their database work never blocks the event loop."""
    return dict(await request.form())


PostedForm = Annotated[dict[str, Any], Depends(_posted_form)]


async def _posted_form_data(request: Request) -> FormData:
    """The posted form with repeated fields kept (``getlist``), for multi-selects."""
    return await request.form()


PostedFormData = Annotated[FormData, Depends(_posted_form_data)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def _isoformat(value: datetime | None) -> Markup:
    # Markup: a machine-readable value (datetime attributes, countdown data), never marked as shown data.
    return Markup(value.isoformat() if value else "")


#: Around every value a template shows, in the pseudo-locale only: what the page shows outside both these
#: and the ⟦…⟧ of translated strings is literal template text that escaped translation (tests/web).
DATA_OPEN, DATA_CLOSE = "\u2e24", "\u2e25"


#: Mark shown data in every locale, not only the pseudo-locale: for the script-purity checks of real
#: locales (tests/web/test_pseudo_locale_browser.py). Never set in production.
MARK_DATA = os.environ.get("LIAISON_I18N_MARK_DATA") == "1"


def _finalize(value: Any) -> Any:
    """Marks shown data (names, references, dates) in the pseudo-locale (and with ``MARK_DATA``, for the
    checks); a no-op in every real locale. Markup (macro output, ``iso``, ``tojson``) and numbers pass as
    they are: they are markup or machine values, or hold translated text of their own."""
    if not (MARK_DATA or i18n.current_locale() == i18n.PSEUDO):
        return value
    if value is None or isinstance(value, Markup | int | float):
        return value
    shown = str(value)
    if not shown.strip() or "⟦" in shown:
        return value
    return DATA_OPEN + shown + DATA_CLOSE


def _make_env() -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader("liaison", "web/templates")]),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        finalize=_finalize,
    )
    # The callables read the current locale at render time, so one environment serves every language.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n._, ngettext=i18n.ngettext, pgettext=i18n.pgettext, newstyle=True
    )
    env.filters["localtime"] = formats.localtime_filter
    env.filters["localdate"] = lambda v, width="medium": formats.format_date(v, width=width)
    env.filters["clock"] = formats.format_clock
    env.filters["number"] = formats.format_number
    env.filters["percent"] = formats.format_percent
    env.filters["countdown"] = formats.format_countdown
    env.filters["iso"] = _isoformat
    env.filters["name"] = formats.display_name
    env.globals["current_locale"] = i18n.current_locale
    env.globals["html_lang"] = i18n.html_lang
    env.globals["locale_names"] = i18n.NATIVE_NAMES
    env.globals["now"] = utcnow
    env.globals["limits"] = limits
    env.globals["vocab"] = vocab
    env.globals["code_label"] = vocab.code_label
    return env


templates = Jinja2Templates(env=_make_env())


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Any:
    context.setdefault("viewer", getattr(request.state, "viewer", None))
    context.setdefault("csrf_token", getattr(request.state, "csrf_token", ""))
    context.setdefault("flash", take_flash(request))
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    clear_flash(request, response)
    return response


T = TypeVar("T")


def rerender_on_invalid(
    session: Session,
    action: Callable[[], T],
    done: Callable[[T], Response],
    rerender: Callable[[InvalidInput], Response],
) -> Response:
    """A form's one way of answering: ``done(action())``, or, when the input is refused, the form again.

    On :class:`~liaison.core.errors.InvalidInput` whatever the action wrote is rolled back (writes the
    refusal carries with ``then`` still run, as the unit of work does for other refusals), and
    ``rerender(exc)`` draws the page again with the person's values, ``exc.fields`` and ``exc.message``;
    the answer is a 422 whatever status the page would have had, so browsers and tests see the refusal.
    """
    try:
        result = action()
    except InvalidInput as exc:
        session.rollback()
        for write in exc.after_rollback:
            write(session)
        response = rerender(exc)
        response.status_code = exc.status_code
        return response
    return done(result)


def request_locale(query_lang: str | None, accept_language: str | None) -> tuple[str, bool]:
    """The locale of a request before the user is known: ``?lang=`` (for this page), else
    ``Accept-Language``; and whether it was chosen explicitly."""
    chosen = i18n.normalise(query_lang)
    if chosen:
        return chosen, True
    return i18n.negotiate(accept_language), False


class LocaleMiddleware:
    """Sets the current locale for each request (pure ASGI, so the context variable reaches the endpoint,
    its dependencies and the exception handlers). The signed-in user's stored choice is applied by the
    sign-in dependency (``accounts/deps.py``) through :func:`liaison.core.i18n.prefer`."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        from urllib.parse import parse_qs

        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        locale, explicit = request_locale((query.get("lang") or [""])[0], headers.get("accept-language"))
        token = i18n.begin(locale, explicit=explicit)
        try:
            await self.app(scope, receive, send)
        finally:
            i18n.end(token)
