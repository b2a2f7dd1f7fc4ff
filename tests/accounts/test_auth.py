"""Sign-in, second factor, throttling, CSRF and API tokens."""

from __future__ import annotations

import pyotp
from sqlalchemy import select

from tests.helpers import api, client, login, post_login


def _audit_actions(username: str) -> list[str]:
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    with session_scope() as s:
        return list(s.execute(select(AuditRecord.action).where(AuditRecord.actor_name == username)).scalars())


def test_wrong_password_is_refused_logged_and_throttled(db_url: str) -> None:
    c = client()
    for _ in range(5):
        r = post_login(c, "mk.duty", "wrong")
        assert r.status_code == 401 and "Wrong user name or password" in r.text
    assert _audit_actions("mk.duty").count("login_failed") == 5
    r = post_login(c, "mk.duty", "Liaison-demo-2026!")
    assert r.status_code == 429 and "Too many failed sign-ins" in r.text
    assert int(r.headers["retry-after"]) >= 1


def test_administrator_needs_the_one_time_code(db_url: str) -> None:
    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    c = client()
    r = post_login(c, "admin", "Liaison-demo-2026!")
    assert r.status_code == 401 and "one-time code" in r.text
    with session_scope() as s:
        secret = s.execute(select(User.totp_secret).where(User.username == "admin")).scalar_one()
    assert secret
    admin = login("admin", totp=pyotp.TOTP(secret).now())
    assert admin.get("/admin/users").status_code == 200
    assert login("mk.duty").get("/admin/users").status_code == 403


def test_session_cookie_is_httponly_strict_and_secure_under_tls(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from liaison.web.app import create_app

    plain = post_login(client(), "mk.duty", "Liaison-demo-2026!")
    cookie = plain.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    tls = TestClient(create_app(), base_url="https://testserver")
    r = post_login(tls, "mk.duty", "Liaison-demo-2026!")
    assert "secure" in r.headers["set-cookie"].lower()


def test_forms_need_the_csrf_token(db_url: str) -> None:
    c = login("me.drugs")
    r = c.post("/cases/new", data={"title": "x", "crime_areas": "drugs_trafficking"})
    assert r.status_code == 403 and "form has expired" in r.text
    # Cookie-authenticated API writes need the header too.
    r = c.post("/api/v1/cases", json={"title": "x", "crime_areas": ["drugs_trafficking"]})
    assert r.status_code == 403


def test_api_tokens_and_anonymous_access(db_url: str) -> None:
    anon = client()
    r = anon.get("/api/v1/cases")
    assert r.status_code == 401 and "API token" in r.json()["error"]
    anon.headers["Authorization"] = "Bearer nonsense"
    assert anon.get("/api/v1/cases").status_code == 401
    assert api("me.drugs").get("/api/v1/cases").status_code == 200
    page = client().get("/inbox", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=/inbox")


def test_passwords_are_argon2id(db_url: str) -> None:
    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    with session_scope() as s:
        hashes = s.execute(select(User.password_hash)).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
