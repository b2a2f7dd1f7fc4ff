"""Who is calling: session cookies for people, bearer tokens for machine clients, CSRF for forms."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request

from liaison.accounts.service import Actor, Viewer, needs_totp_enrolment, user_for_api_token, user_for_session
from liaison.core import i18n, security
from liaison.core.errors import Forbidden, LiaisonError
from liaison.core.i18n import _
from liaison.core.web import DB, client_ip

SESSION_COOKIE = "liaison_session"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


class NotAuthenticated(LiaisonError):
    status_code = 401


class LoginRequired(Exception):
    """A page needs a signed-in user: answered with a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url

    @property
    def location(self) -> str:
        return f"/login?next={self.next_url}"


class AccountSetupRequired(LoginRequired):
    """Signed in, but the account must first get a new password or a second factor: sent to that page."""

    def __init__(self, page: str) -> None:
        super().__init__(page)

    @property
    def location(self) -> str:
        return self.next_url


PASSWORD_PAGE = "/account/password"
TOTP_PAGE = "/account/totp"


def _setup_page(actor: Actor) -> str:
    """The page a user must visit before any other, or "" (forced password change, mandatory TOTP)."""
    if actor.user.must_change_password:
        return PASSWORD_PAGE
    if needs_totp_enrolment(actor.user):
        return TOTP_PAGE
    return ""


def _from_cookie(request: Request, session: DB) -> Actor | None:
    token = request.cookies.get(SESSION_COOKIE, "")
    user = user_for_session(session, token) if token else None
    if user is None:
        return None
    request.state.csrf_token = security.csrf_token_for(token)
    request.state.viewer = Viewer.of(user)
    i18n.prefer(user.language)  # the user's stored choice, unless ?lang= chose for this page
    return Actor(user=user, ip=client_ip(request))


def api_actor(request: Request, session: DB) -> Actor:
    # A plain function, so FastAPI runs it in the thread pool: its database calls must not block the
    # event loop, which has to stay free to finish (commit) the requests that hold the locks it may wait on.
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_api_token(session, header[7:].strip(), client_ip(request))
        if user is None:
            raise NotAuthenticated(_("The API token is not valid."))
        actor = Actor(user=user, ip=client_ip(request))
    else:
        found = _from_cookie(request, session)
        if found is None:
            raise NotAuthenticated(_("Sign in, or send an API token as 'Authorization: Bearer ...'."))
        actor = found
        if request.method in UNSAFE:
            token = request.cookies.get(SESSION_COOKIE, "")
            if not security.csrf_valid(token, request.headers.get("x-csrf-token")):
                raise Forbidden(_("Missing or wrong X-CSRF-Token header."))
    if _setup_page(actor) and not request.url.path.startswith("/api/v1/account/"):
        raise Forbidden(_("Change your password or set up the second factor first (see /account)."))
    request.state.actor = actor
    return actor


async def submitted_csrf(request: Request) -> str:
    """The CSRF field of a posted form. Async because reading the body is; it touches no database."""
    if request.method not in UNSAFE:
        return ""
    form = await request.form()
    return str(form.get("csrf_token") or "")


def page_actor(request: Request, session: DB, csrf: Annotated[str, Depends(submitted_csrf)]) -> Actor:
    # Synchronous on purpose, like every dependency and endpoint that touches the database: FastAPI
    # runs it in its thread pool, so a request waiting for a lock never blocks the event loop that
    # other requests need to finish (and release that lock).
    actor = _from_cookie(request, session)
    if actor is None:
        target = request.url.path + (("?" + request.url.query) if request.url.query else "")
        raise LoginRequired(quote(target, safe="/?=&"))
    if request.method in UNSAFE:
        token = request.cookies.get(SESSION_COOKIE, "")
        if not security.csrf_valid(token, csrf):
            raise Forbidden(_("The form has expired or did not come from Liaison. Reload the page and try again."))
    setup = _setup_page(actor)
    if setup and request.url.path not in (setup, "/logout"):
        raise AccountSetupRequired(setup)
    request.state.actor = actor
    return actor


ApiActor = Annotated[Actor, Depends(api_actor)]
PageActor = Annotated[Actor, Depends(page_actor)]


def require_role(actor: Actor, *roles: str) -> None:
    if not actor.has_role(*roles):
        raise Forbidden(_("Your role does not allow this."))
