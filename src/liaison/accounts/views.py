"""Sign-in pages and user administration (the notification list is in liaison.notifications.views)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from liaison.accounts import service
from liaison.accounts.deps import SESSION_COOKIE, PageActor, require_role
from liaison.accounts.models import User
from liaison.agencies import service as agencies
from liaison.core.config import get_settings
from liaison.core.errors import LiaisonError
from liaison.core.vocab import ROLES
from liaison.core.web import DB, client_ip, render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


def secure_cookies(request: Request) -> bool:
    return request.url.scheme == "https" or get_settings().force_secure_cookies


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": ""})


@router.post("/login")
def login(
    request: Request,
    session: DB,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    totp: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        result = service.authenticate(session, username, password, totp, ip=client_ip(request))
    except LiaisonError as exc:
        session.commit()  # keep the failed attempt and its audit record
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": exc.message, "username": username},
            status_code=exc.status_code,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        result.session_token,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request),
        max_age=get_settings().session_hours * 3600,
    )
    return response


@router.post("/logout")
def logout(request: Request, session: DB, actor: PageActor) -> Response:
    service.end_session(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/admin/users")
def users_page(request: Request, session: DB, actor: PageActor) -> Response:
    require_role(actor, "admin")
    users = session.execute(select(User).order_by(User.username)).scalars().all()
    return render(
        request,
        "admin_users.html",
        {"users": users, "agencies": agencies.list_agencies(session), "roles": ROLES, "fields": {}, "created": None},
    )


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
    )
    users = session.execute(select(User).order_by(User.username)).scalars().all()
    return render(
        request,
        "admin_users.html",
        {"users": users, "agencies": agencies.list_agencies(session), "roles": ROLES, "fields": {}, "created": user},
    )
