"""Sign-in pages, the user's own account and user administration (the notification list is in
liaison.notifications.views)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from liaison.accounts import service
from liaison.accounts.deps import SESSION_COOKIE, PageActor, require_role
from liaison.accounts.models import User
from liaison.accounts.service import Actor
from liaison.accounts.throttle import Throttled
from liaison.agencies import service as agencies
from liaison.core import i18n, security
from liaison.core.config import get_settings
from liaison.core.errors import LiaisonError
from liaison.core.i18n import LOCALES, _
from liaison.core.vocab import ROLES
from liaison.core.web import DB, PathId, client_ip, render

router = APIRouter(include_in_schema=False)

#: Before sign-in there is no session to bind a CSRF token to, so the login form gets its own random
#: cookie and the form carries an HMAC of it (login CSRF: nobody can sign a victim into another account).
LOGIN_COOKIE = "liaison_login"


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


#: Where a user lands after sign-in when no page was asked for, by primary role: a border or PCC
#: officer's work is the frontline desk, not the case inbox.
LANDING = {"frontline": "/frontline/desk"}


def _landing(target: str, role: str) -> str:
    return LANDING.get(role, target) if target == "/" else target


def secure_cookies(request: Request) -> bool:
    return request.url.scheme == "https" or get_settings().force_secure_cookies


def _login_page(request: Request, context: dict[str, Any], status_code: int = 200) -> Response:
    nonce = request.cookies.get(LOGIN_COOKIE) or security.new_token()
    context.setdefault("error", "")
    context["csrf_token"] = security.csrf_token_for("login|" + nonce)
    response = render(request, "login.html", context, status_code=status_code)
    response.set_cookie(
        LOGIN_COOKIE, nonce, httponly=True, samesite="strict", secure=secure_cookies(request), max_age=3600
    )
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return _login_page(request, {"next": _safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    session: DB,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    totp: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    csrf_token: Annotated[str, Form()] = "",
    language: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    context = {"next": _safe_next(next), "username": username}
    if not security.csrf_valid("login|" + request.cookies.get(LOGIN_COOKIE, ""), csrf_token):
        context["error"] = _("The form has expired or did not come from Liaison. Reload the page and try again.")
        return _login_page(request, context, status_code=403)
    try:
        result = service.authenticate(
            session, username, password, totp, ip=client_ip(request), user_agent=request.headers.get("user-agent", "")
        )
    except LiaisonError as exc:
        session.commit()  # keep the counted failure and its audit record; releases the throttle locks
        response = _login_page(request, context | {"error": exc.message}, status_code=exc.status_code)
        if isinstance(exc, Throttled):
            response.headers.update(exc.headers)
        return response
    if language and language in LOCALES:
        # The language chosen on the sign-in page becomes the account's choice (issue 10).
        service.set_language(session, result.user, language, service.context_for(result.user, client_ip(request)))
    response = RedirectResponse(_landing(_safe_next(next), result.user.role), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        result.session_token,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        max_age=get_settings().session_hours * 3600,
    )
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(
    request: Request, session: DB, actor: PageActor, everywhere: Annotated[str, Form()] = ""
) -> Response:
    """Ends this session, or with ``everywhere`` every session of the user ("sign out everywhere")."""
    if everywhere:
        service.end_all_sessions(session, actor.user.id)
    else:
        service.end_session(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# -- my account: tokens, password, second factor -------------------------------------------------


def _account_page(request: Request, session: DB, actor: Actor, **extra: Any) -> Response:
    context: dict[str, Any] = {
        "user": actor.user,
        "tokens": service.api_tokens_of(session, actor.user.id),
        "sessions": service.sessions_of(session, actor.user.id, request.cookies.get(SESSION_COOKIE, "")),
        "state": service.token_state,
        "default_days": get_settings().api_token_days,
        "new_token": "",
        "fields": {},
    }
    context.update(extra)
    return render(request, "account.html", context)


@router.get("/account")
def account_page(request: Request, session: DB, actor: PageActor) -> Response:
    return _account_page(request, session, actor)


@router.post("/account/language")
def account_language(
    request: Request, session: DB, actor: PageActor, language: Annotated[str, Form(max_length=10)] = ""
) -> Response:
    service.set_language(session, actor.user, language, actor.ctx)
    i18n.prefer(language or None)
    return RedirectResponse("/account?language=1", status_code=303)


@router.post("/account/sessions/{session_id}/end")
def account_session_end(session_id: PathId, session: DB, actor: PageActor) -> Response:
    """End one of my sessions elsewhere (ASVS V3.3.4); ending the current one is signing out."""
    service.end_own_session(session, actor.user, session_id, actor.ctx)
    return RedirectResponse("/account?session_ended=1", status_code=303)


@router.post("/account/tokens")
def account_token_create(
    request: Request,
    session: DB,
    actor: PageActor,
    name: Annotated[str, Form()] = "",
    expires_days: Annotated[int | None, Form()] = None,
) -> Response:
    _row, token = service.create_api_token(session, actor.user, name, actor.ctx, expires_days)
    return _account_page(request, session, actor, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def account_token_revoke(token_id: PathId, session: DB, actor: PageActor) -> Response:
    service.revoke_api_token(session, token_id, actor.ctx, owner_id=actor.user.id)
    return RedirectResponse("/account", status_code=303)


@router.get("/account/password")
def password_form(request: Request, actor: PageActor) -> Response:
    return render(request, "account_password.html", {"user": actor.user, "fields": {}, "error": ""})


@router.post("/account/password")
def password_change(
    request: Request,
    session: DB,
    actor: PageActor,
    old_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    totp: Annotated[str, Form()] = "",
) -> Response:
    service.change_password(
        session,
        actor.user,
        old_password,
        new_password,
        totp,
        ip=actor.ip,
        keep_token=request.cookies.get(SESSION_COOKIE, ""),
    )
    return RedirectResponse("/account?changed=1", status_code=303)


@router.get("/account/totp")
def totp_form(request: Request, session: DB, actor: PageActor) -> Response:
    user = actor.user
    secret = "" if user.totp_secret else service.start_totp_enrolment(session, user)
    uri = security.totp_uri(secret, user.username) if secret else ""
    required = service.needs_totp_enrolment(user)
    return render(request, "account_totp.html", {"user": user, "secret": secret, "uri": uri, "required": required})


@router.post("/account/totp")
def totp_confirm(session: DB, actor: PageActor, code: Annotated[str, Form()] = "") -> Response:
    service.confirm_totp_enrolment(session, actor.user, code, actor.ip)
    return RedirectResponse("/account", status_code=303)


# -- administration -------------------------------------------------------------------------------


def _users_page(request: Request, session: DB, **extra: Any) -> Response:
    users = session.execute(select(User).order_by(User.username)).scalars().all()
    context: dict[str, Any] = {
        "users": users,
        "agencies": agencies.list_agencies(session),
        "roles": ROLES,
        "fields": {},
        "created": None,
        "reset": None,
    }
    context.update(extra)
    return render(request, "admin_users.html", context)


@router.get("/admin/users")
def users_page(request: Request, session: DB, actor: PageActor) -> Response:
    require_role(actor, "admin")
    return _users_page(request, session)


@router.post("/admin/users")
def users_create(
    request: Request,
    session: DB,
    actor: PageActor,
    username: Annotated[str, Form()] = "",
    full_name: Annotated[str, Form()] = "",
    agency_code: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "officer",
    password: Annotated[str, Form()] = "",
    extra_roles: Annotated[list[str] | None, Form()] = None,
) -> Response:
    require_role(actor, "admin")
    user = service.create_user(
        session,
        username=username,
        full_name=full_name,
        agency_code=agency_code,
        role=role,
        password=password,
        ctx=actor.ctx,
        extra_roles=extra_roles or (),
    )
    return _users_page(request, session, created=user)


@router.post("/admin/users/{user_id}/active")
def users_set_active(
    user_id: PathId, session: DB, actor: PageActor, active: Annotated[str, Form()] = ""
) -> Response:
    require_role(actor, "admin")
    service.set_active(session, user_id, active == "1", actor.ctx)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/role")
def users_set_role(user_id: PathId, session: DB, actor: PageActor, role: Annotated[str, Form()] = "") -> Response:
    require_role(actor, "admin")
    service.set_role(session, user_id, role, actor.ctx)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/reset-password")
def users_reset_password(request: Request, user_id: PathId, session: DB, actor: PageActor) -> Response:
    require_role(actor, "admin")
    temporary = service.reset_password(session, user_id, actor.ctx)
    target = session.get(User, user_id)
    return _users_page(request, session, reset=(target.username if target else "", temporary))
