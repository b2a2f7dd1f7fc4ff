"""Helpers shared by the tests: signing in through the real login form or with an API token."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from liaison.demo import PASSWORD
from liaison.web.app import create_app


def client() -> TestClient:
    return TestClient(create_app())


def login_csrf(c: TestClient) -> str:
    """The login form's CSRF token (bound to the pre-login cookie the form page sets)."""
    m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', c.get("/login").text)
    assert m, "no CSRF token on the login form"
    return m.group(1)


def post_login(c: TestClient, username: str, password: str = PASSWORD, totp: str = "", **kw: object):  # type: ignore[no-untyped-def]
    data = {"username": username, "password": password, "totp": totp, "csrf_token": login_csrf(c)}
    return c.post("/login", data=data, follow_redirects=False, **kw)  # type: ignore[arg-type]


def login(username: str, password: str = PASSWORD, totp: str = "") -> TestClient:
    c = client()
    r = post_login(c, username, password, totp)
    assert r.status_code == 303, r.text
    return c


def csrf(c: TestClient, page: str = "/inbox") -> str:
    m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', c.get(page).text)
    assert m, "no CSRF token on page"
    return m.group(1)


def api(username: str) -> TestClient:
    """A client carrying an API token, as a machine client would."""
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.accounts.service import issue_api_token
    from liaison.core.db import session_scope

    with session_scope() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        token = issue_api_token(s, user, "tests")
    c = client()
    c.headers["Authorization"] = f"Bearer {token}"
    return c


def agency_id(code: str) -> int:
    from liaison.agencies.service import by_code
    from liaison.core.db import session_scope

    with session_scope() as s:
        agency = by_code(s, code)
        assert agency is not None
        return agency.id


def user_id(username: str) -> int:
    from sqlalchemy import select

    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    with session_scope() as s:
        return s.execute(select(User.id).where(User.username == username)).scalar_one()
