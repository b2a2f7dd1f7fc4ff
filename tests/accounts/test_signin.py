"""Issue 8, sign-in: single-use TOTP, progressive throttling per account and per source (not racy), same
answer for unknown users, idle sessions and signing out everywhere, expiring/revocable API tokens,
password policy and change, TOTP enrolment (mandatory per role), administrator actions, login CSRF."""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from liaison.demo import PASSWORD
from tests.helpers import client, csrf, login, post_login


def _secret(username: str) -> str:
    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    with session_scope() as s:
        secret = s.execute(select(User.totp_secret).where(User.username == username)).scalar_one()
    assert secret
    return secret


def _set_user(username: str, **values: object) -> None:
    from liaison.accounts.models import User
    from liaison.core.db import session_scope

    with session_scope() as s:
        s.execute(update(User).where(User.username == username).values(**values))


def _admin():  # type: ignore[no-untyped-def]
    """An administrator's browser; forgets the last used step so a test may sign in again in one window."""
    _set_user("admin", totp_last_step=None)
    return login("admin", totp=pyotp.TOTP(_secret("admin")).now())


def _audit(event: str) -> list[dict[str, object]]:
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    with session_scope() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.action == "alteration")).scalars().all()
        return [{"by": r.actor_name, **(r.details or {})} for r in rows if (r.details or {}).get("event") == event]


# -- login CSRF ---------------------------------------------------------------------------------


def test_login_form_has_a_csrf_token_and_a_post_without_it_is_refused(db_url: str) -> None:
    c = client()
    page = c.get("/login")
    assert re.search(r'name="csrf_token" value="[0-9a-f]{64}"', page.text)
    r = c.post("/login", data={"username": "mk.duty", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403 and "form has expired" in r.text
    other = client()  # a token from another browser's form does not fit this browser's cookie
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', other.get("/login").text)
    assert token
    r = c.post("/login", data={"username": "mk.duty", "password": PASSWORD, "csrf_token": token.group(1)})
    assert r.status_code == 403
    assert post_login(c, "mk.duty").status_code == 303


# -- TOTP single use -----------------------------------------------------------------------------


def test_a_totp_code_cannot_be_replayed(db_url: str) -> None:
    _set_user("admin", totp_last_step=None)
    code = pyotp.TOTP(_secret("admin")).now()
    assert post_login(client(), "admin", totp=code).status_code == 303
    r = post_login(client(), "admin", totp=code)
    assert r.status_code == 401 and "already used" in r.text


def test_the_used_step_is_kept_in_the_database(db_url: str) -> None:
    """Another worker process (here: fresh engine, nothing kept in memory) still refuses the replay."""
    from liaison.accounts.models import User
    from liaison.core.db import dispose_engines, session_scope

    _set_user("admin", totp_last_step=None)
    code = pyotp.TOTP(_secret("admin")).now()
    assert post_login(client(), "admin", totp=code).status_code == 303
    with session_scope() as s:
        step = s.execute(select(User.totp_last_step).where(User.username == "admin")).scalar_one()
    assert step is not None and abs(step - int(time.time() // 30)) <= 1
    dispose_engines()
    assert post_login(client(), "admin", totp=code).status_code == 401


# -- same answer for unknown users -----------------------------------------------------------------


def test_unknown_user_gets_the_same_answer_and_costs_a_hash_check(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison.core import security

    calls: list[str] = []
    real = security.verify_password
    monkeypatch.setattr(security, "verify_password", lambda h, p: calls.append(h) or real(h, p))
    unknown = post_login(client(), "nobody.here", "Wrong-password-123")
    wrong = post_login(client(), "mk.duty", "Wrong-password-123")
    assert unknown.status_code == wrong.status_code == 401
    assert "Wrong user name or password" in unknown.text and "Wrong user name or password" in wrong.text
    assert len(calls) == 2 and all(h.startswith("$argon2id$") for h in calls)


def test_failed_logins_are_logged_without_password_or_typed_name(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="liaison.security")
    post_login(client(), "typed.name.secret", "Hunter2-password-x")
    text = caplog.text
    assert "sign-in failed" in text
    assert "Hunter2" not in text and "typed.name.secret" not in text


# -- throttling ----------------------------------------------------------------------------------


def _auth(username: str, password: str, ip: str) -> str:
    """One sign-in attempt in its own transaction, as a request would be; returns the outcome."""
    from liaison.accounts.service import authenticate
    from liaison.accounts.throttle import Throttled
    from liaison.core.db import session_factory
    from liaison.core.errors import LiaisonError

    s = session_factory()()
    try:
        authenticate(s, username, password, ip=ip)
        outcome = "ok"
    except Throttled:
        outcome = "throttled"
    except LiaisonError:
        outcome = "failed"
    s.commit()
    s.close()
    return outcome


def _expire_waits() -> None:
    from liaison.accounts.models import LoginThrottle
    from liaison.core.db import session_scope
    from liaison.core.timeutil import utcnow

    with session_scope() as s:
        s.execute(update(LoginThrottle).values(blocked_until=utcnow() - timedelta(seconds=1)))


def _waits() -> dict[str, float]:
    from liaison.accounts.models import LoginThrottle
    from liaison.core.db import session_scope
    from liaison.core.timeutil import utcnow

    with session_scope() as s:
        now = utcnow()
        rows = s.execute(select(LoginThrottle)).scalars().all()
        return {r.key.split(":")[0]: (r.blocked_until - now).total_seconds() for r in rows if r.blocked_until}


def test_delay_doubles_after_each_failure_beyond_the_free_ones(db_url: str) -> None:
    assert [_auth("mk.duty", "bad", "10.0.0.1") for _ in range(6)] == ["failed"] * 5 + ["throttled"]
    assert 0 < _waits()["user"] <= 2
    _expire_waits()
    assert _auth("mk.duty", "bad", "10.0.0.1") == "failed"
    assert 2 < _waits()["user"] <= 4  # 2^2
    _expire_waits()
    assert _auth("mk.duty", "bad", "10.0.0.1") == "failed"
    assert 4 < _waits()["user"] <= 8
    _expire_waits()
    assert _auth("mk.duty", PASSWORD, "10.0.0.1") == "ok"  # a success clears the account's counter
    assert "user" not in _waits()


def test_one_source_guessing_many_accounts_is_throttled(db_url: str) -> None:
    users = ["mk.duty", "mk.colleague", "al.officer", "rs.spoc", "ba.pcc", "xk.spoc"]
    outcomes = [_auth(u, "bad", "10.0.0.9") for u in users]
    assert outcomes == ["failed"] * 5 + ["throttled"]
    assert _auth("de.bka", PASSWORD, "10.0.0.9") == "throttled"  # even a right password waits
    assert _auth("de.bka", PASSWORD, "10.0.0.10") == "ok"  # other sources are not affected


def test_many_sources_guessing_one_account_are_throttled_but_not_the_officers_known_workstation(db_url: str) -> None:
    assert _auth("mk.duty", PASSWORD, "10.1.1.1") == "ok"  # the officer's usual workstation
    outcomes = [_auth("mk.duty", "bad", f"203.0.113.{i}") for i in range(6)]
    assert outcomes == ["failed"] * 5 + ["throttled"]
    assert _auth("mk.duty", PASSWORD, "203.0.113.99") == "throttled"  # new source: account delay applies
    assert _auth("mk.duty", PASSWORD, "10.1.1.1") == "ok"  # the stranger cannot lock the officer out


def test_the_account_delay_is_capped(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(12):
        _expire_waits()
        _auth("mk.duty", "bad", f"198.51.100.{i}")
    assert _waits()["user"] <= 60


def test_a_parallel_burst_gets_no_more_guesses_than_allowed(db_url: str) -> None:
    results: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def attempt() -> None:
        start.wait()
        outcome = _auth("mk.colleague", "bad", "192.0.2.7")
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["failed"] * 5 + ["throttled"] * 7


def test_throttled_page_answer_has_retry_after(db_url: str) -> None:
    c = client()
    for _ in range(5):
        post_login(c, "mk.duty", "bad")
    r = post_login(c, "mk.duty", PASSWORD)
    assert r.status_code == 429 and r.headers["retry-after"].isdigit()
    assert "Wait" in r.text and "seconds" in r.text


# -- sessions ------------------------------------------------------------------------------------


def _age_sessions(username: str, minutes: int) -> None:
    from liaison.accounts.models import User, UserSession
    from liaison.core.db import session_scope
    from liaison.core.timeutil import utcnow

    with session_scope() as s:
        uid = s.execute(select(User.id).where(User.username == username)).scalar_one()
        s.execute(
            update(UserSession)
            .where(UserSession.user_id == uid)
            .values(last_seen_at=utcnow() - timedelta(minutes=minutes))
        )


def _last_seen(username: str) -> list[object]:
    from liaison.accounts.models import User, UserSession
    from liaison.core.db import session_scope

    with session_scope() as s:
        uid = s.execute(select(User.id).where(User.username == username)).scalar_one()
        return list(s.execute(select(UserSession.last_seen_at).where(UserSession.user_id == uid)).scalars())


def test_idle_sessions_end_and_last_seen_is_written_at_most_once_a_minute(db_url: str) -> None:
    c = login("mk.duty")
    before = _last_seen("mk.duty")
    assert c.get("/inbox").status_code == 200
    assert _last_seen("mk.duty") == before  # no write per request
    _age_sessions("mk.duty", 29)
    assert c.get("/inbox").status_code == 200
    assert _last_seen("mk.duty") != before  # refreshed, so the idle clock restarts
    _age_sessions("mk.duty", 31)
    r = c.get("/inbox", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_idle_timeout_is_configurable(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison.core.config import reset_settings

    monkeypatch.setenv("LIAISON_SESSION_IDLE_MINUTES", "5")
    reset_settings()
    c = login("mk.duty")
    _age_sessions("mk.duty", 6)
    assert c.get("/inbox", follow_redirects=False).status_code == 303


def test_sign_out_here_or_everywhere(db_url: str) -> None:
    a, b, c = login("mk.duty"), login("mk.duty"), login("mk.duty")
    a.post("/logout", data={"csrf_token": csrf(a)})
    assert a.get("/inbox", follow_redirects=False).status_code == 303
    assert b.get("/inbox", follow_redirects=False).status_code == 200
    page = b.get("/account")
    assert "Sign out everywhere" in page.text
    b.post("/logout", data={"csrf_token": csrf(b, "/account"), "everywhere": "1"})
    assert c.get("/inbox", follow_redirects=False).status_code == 303
    d = login("mk.duty")
    r = d.post("/api/v1/account/sessions/end-all", headers={"X-CSRF-Token": csrf(d)})
    assert r.status_code == 200 and r.json()["ended"] == 1
    assert d.get("/inbox", follow_redirects=False).status_code == 303


# -- API tokens ----------------------------------------------------------------------------------


def _bearer(token: str):  # type: ignore[no-untyped-def]
    c = client()
    c.headers["Authorization"] = f"Bearer {token}"
    return c


def test_own_tokens_listed_created_with_expiry_used_and_revoked_over_the_api(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    web = login("me.drugs")
    r = web.post(
        "/api/v1/account/tokens", json={"name": "sync", "expires_days": 7}, headers={"X-CSRF-Token": csrf(web)}
    )
    assert r.status_code == 201
    body = r.json()
    token, token_id = body["token"], body["id"]
    assert body["state"] == "active" and body["last_used_at"] is None
    machine = _bearer(token)
    assert machine.get("/api/v1/cases").status_code == 200
    listed = machine.get("/api/v1/account/tokens").json()
    mine = next(t for t in listed if t["id"] == token_id)
    assert mine["last_used_at"] and mine["expires_at"][:10] > mine["created_at"][:10]
    caplog.set_level(logging.WARNING, logger="liaison.security")
    assert machine.delete(f"/api/v1/account/tokens/{token_id}").json()["state"] == "revoked"
    assert machine.get("/api/v1/cases").status_code == 401
    assert f"reason=revoked token_id={token_id}" in caplog.text and token not in caplog.text


def test_someone_elses_token_cannot_be_revoked(db_url: str) -> None:
    from tests.helpers import api

    owner = api("me.drugs")
    tid = owner.get("/api/v1/account/tokens").json()[0]["id"]
    assert api("mk.duty").delete(f"/api/v1/account/tokens/{tid}").status_code == 404
    assert owner.get("/api/v1/cases").status_code == 200


def test_expired_token_is_refused_and_logged(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    from liaison.accounts.models import ApiToken
    from liaison.core.db import session_scope
    from liaison.core.timeutil import utcnow
    from tests.helpers import api

    machine = api("me.drugs")
    with session_scope() as s:
        s.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    caplog.set_level(logging.WARNING, logger="liaison.security")
    r = machine.get("/api/v1/cases")
    assert r.status_code == 401
    assert "reason=expired" in caplog.text
    r = _bearer("lsn_made-up").get("/api/v1/cases")
    assert r.status_code == 401 and "reason=unknown" in caplog.text and "made-up" not in caplog.text


def test_default_token_lifetime_is_configurable(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison.core.config import reset_settings
    from tests.helpers import api

    monkeypatch.setenv("LIAISON_API_TOKEN_DAYS", "3")
    reset_settings()
    row = api("me.drugs").get("/api/v1/account/tokens").json()[0]
    from datetime import datetime

    days = (datetime.fromisoformat(row["expires_at"]) - datetime.fromisoformat(row["created_at"])).days
    assert days == 3


def test_my_account_page_creates_lists_and_revokes_tokens(db_url: str) -> None:
    c = login("me.drugs")
    page = c.post("/account/tokens", data={"csrf_token": csrf(c, "/account"), "name": "laptop", "expires_days": "30"})
    token = re.search(r'id="new-token">([^<]+)<', page.text)
    assert token and "laptop" in page.text
    assert _bearer(token.group(1)).get("/api/v1/cases").status_code == 200
    page = c.get("/account")
    tid = re.search(r'action="/account/tokens/(\d+)/revoke"', page.text)
    assert tid and "never" not in page.text.split("laptop")[1].split("</tr>")[0]  # last use shown
    c.post(f"/account/tokens/{tid.group(1)}/revoke", data={"csrf_token": csrf(c, "/account")})
    assert "revoked" in c.get("/account").text
    assert _bearer(token.group(1)).get("/api/v1/cases").status_code == 401


def test_token_commands(db_url: str) -> None:
    from liaison.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["users", "token", "me.drugs", "--name", "ci", "--expires-days", "10"])
    assert r.exit_code == 0, r.output
    token = r.output.strip()
    assert _bearer(token).get("/api/v1/cases").status_code == 200
    r = runner.invoke(app, ["users", "tokens", "me.drugs"])
    assert r.exit_code == 0 and "ci" in r.output and "active" in r.output
    tid = _bearer(token).get("/api/v1/account/tokens").json()[0]["id"]
    r = runner.invoke(app, ["users", "revoke-token", str(tid)])
    assert r.exit_code == 0, r.output
    assert _bearer(token).get("/api/v1/cases").status_code == 401
    assert runner.invoke(app, ["users", "token", "me.drugs", "--expires-days", "0"]).exit_code != 0


# -- password policy and change ------------------------------------------------------------------


def test_password_policy() -> None:
    from liaison.core import security

    assert len(security.common_passwords()) >= 9000
    assert security.password_problems(PASSWORD, "mk.duty") == []  # the demo password satisfies the policy
    assert security.password_problems("short-1A!", "x")
    for common in ("password1234", "Qwertyuiop123", "Dragon2024!!!", "P@ssw0rd12345", "111111111111"):
        assert any("common" in p for p in security.password_problems(common, "x")), common
    assert any("user name" in p for p in security.password_problems("mk.duty-is-my-password", "mk.duty"))


def test_change_own_password_over_the_api_and_page(db_url: str) -> None:
    new = "Vardar-river-at-dawn-7"
    c, other = login("mk.duty"), login("mk.duty")
    headers = {"X-CSRF-Token": csrf(c)}
    r = c.post("/api/v1/account/password", json={"old_password": "nope", "new_password": new}, headers=headers)
    assert r.status_code == 422 and "old_password" in r.json()["fields"]
    weak = {"old_password": PASSWORD, "new_password": "password1234"}
    r = c.post("/api/v1/account/password", json=weak, headers=headers)
    assert r.status_code == 422 and "common" in r.json()["fields"]["new_password"]
    r = c.post("/api/v1/account/password", json={"old_password": PASSWORD, "new_password": new}, headers=headers)
    assert r.status_code == 204
    assert c.get("/inbox", follow_redirects=False).status_code == 200  # this session stays
    assert other.get("/inbox", follow_redirects=False).status_code == 303  # the others end
    assert post_login(client(), "mk.duty", PASSWORD).status_code == 401
    page = login("mk.duty", new)
    assert "Current password" in page.get("/account/password").text
    r = page.post(
        "/account/password",
        data={"csrf_token": csrf(page, "/account/password"), "old_password": new, "new_password": PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert post_login(client(), "mk.duty").status_code == 303


def test_password_change_needs_a_fresh_code_when_enrolled(db_url: str) -> None:
    admin = _admin()
    headers = {"X-CSRF-Token": csrf(admin, "/admin/users")}
    body = {"old_password": PASSWORD, "new_password": "Ohrid-lake-summer-77"}
    r = admin.post("/api/v1/account/password", json=body, headers=headers)
    assert r.status_code == 422 and "totp" in r.json()["fields"]
    _set_user("admin", totp_last_step=None)
    code = pyotp.TOTP(_secret("admin")).now()
    r = admin.post("/api/v1/account/password", json=body | {"totp": code}, headers=headers)
    assert r.status_code == 204


# -- TOTP enrolment ------------------------------------------------------------------------------


def test_any_user_can_enrol_and_the_secret_is_active_only_once_confirmed(db_url: str) -> None:
    c = login("mk.duty")
    page = c.get("/account/totp")
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text)
    assert secret and "otpauth://totp/" in page.text
    assert post_login(client(), "mk.duty").status_code == 303  # pending: not needed yet
    r = c.post("/account/totp", data={"csrf_token": csrf(c, "/account"), "code": "000000"})
    assert r.status_code == 422
    code = pyotp.TOTP(secret.group(1)).now()
    r = c.post("/account/totp", data={"csrf_token": csrf(c, "/account"), "code": code}, follow_redirects=False)
    assert r.status_code == 303
    assert post_login(client(), "mk.duty").status_code == 401  # now the code is required
    assert post_login(client(), "mk.duty", totp=code).status_code == 401  # and the confirming code is used up


def test_enrolment_over_the_api(db_url: str) -> None:
    from tests.helpers import api

    machine = api("me.analyst")
    r = machine.post("/api/v1/account/totp")
    assert r.status_code == 200 and r.json()["uri"].startswith("otpauth://totp/")
    code = pyotp.TOTP(r.json()["secret"]).now()
    assert machine.post("/api/v1/account/totp/confirm", json={"code": code}).status_code == 204
    assert machine.post("/api/v1/account/totp").status_code == 409


def test_roles_that_must_use_totp_are_sent_to_enrolment(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison.core.config import reset_settings
    from tests.helpers import api

    monkeypatch.setenv("LIAISON_TOTP_REQUIRED_ROLES", "admin,supervisor")
    reset_settings()
    c = login("mk.supervisor")
    r = c.get("/inbox", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account/totp"
    assert "must use a second factor" in c.get("/account/totp").text
    assert api("mk.supervisor").get("/api/v1/cases").status_code == 403
    assert login("mk.duty").get("/inbox", follow_redirects=False).status_code == 200


# -- administration ------------------------------------------------------------------------------


def test_admin_deactivates_a_user_whose_sessions_and_tokens_stop_at_once(db_url: str) -> None:
    from tests.helpers import api, user_id

    victim_web, victim_api = login("al.officer"), api("al.officer")
    admin = _admin()
    uid = user_id("al.officer")
    r = admin.post(f"/admin/users/{uid}/active", data={"csrf_token": csrf(admin, "/admin/users"), "active": "0"})
    assert r.status_code == 200
    assert victim_web.get("/inbox", follow_redirects=False).status_code == 303
    assert victim_api.get("/api/v1/cases").status_code == 401
    assert post_login(client(), "al.officer").status_code == 401
    assert _audit("user_deactivated")[0]["by"] == "admin"
    admin.post(f"/admin/users/{uid}/active", data={"csrf_token": csrf(admin, "/admin/users"), "active": "1"})
    assert victim_api.get("/api/v1/cases").status_code == 200


def test_admin_resets_a_password_and_the_user_must_change_it(db_url: str) -> None:
    from tests.helpers import user_id

    admin = _admin()
    token = csrf(admin, "/admin/users")
    page = admin.post(f"/admin/users/{user_id('rs.spoc')}/reset-password", data={"csrf_token": token})
    temporary = re.search(r'id="temporary-password">([^<]+)<', page.text)
    assert temporary
    assert post_login(client(), "rs.spoc").status_code == 401
    c = login("rs.spoc", temporary.group(1))
    r = c.get("/inbox", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account/password"
    c.post(
        "/account/password",
        data={
            "csrf_token": csrf(c, "/account/password"),
            "old_password": temporary.group(1),
            "new_password": "Danube-at-Novi-Sad-9",
        },
    )
    assert c.get("/inbox", follow_redirects=False).status_code == 200
    assert _audit("password_reset")[0]["by"] == "admin"


def test_admin_changes_a_role_on_the_page(db_url: str) -> None:
    from tests.helpers import user_id

    admin = _admin()
    token = csrf(admin, "/admin/users")
    admin.post(f"/admin/users/{user_id('me.analyst')}/role", data={"csrf_token": token, "role": "supervisor"})
    assert "whoami" in login("me.analyst").get("/escalations").text
    change = _audit("role_changed")[0]
    assert change["from"] == "analyst" and change["to"] == "supervisor" and change["by"] == "admin"
    r = admin.post(f"/admin/users/{user_id('admin')}/active", data={"csrf_token": token, "active": "0"})
    assert r.status_code == 403  # not one's own account


def test_admin_commands(db_url: str) -> None:
    from liaison.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["users", "role", "ba.pcc", "supervisor"]).exit_code == 0
    assert _audit("role_changed")[0]["to"] == "supervisor"
    r = runner.invoke(app, ["users", "reset-password", "ba.pcc"])
    assert r.exit_code == 0
    temporary = r.output.strip()
    assert login("ba.pcc", temporary).get("/inbox", follow_redirects=False).headers["location"] == "/account/password"
    assert runner.invoke(app, ["users", "deactivate", "ba.pcc"]).exit_code == 0
    assert post_login(client(), "ba.pcc", temporary).status_code == 401
    assert runner.invoke(app, ["users", "role", "ba.pcc", "king"]).exit_code != 0


def test_stale_throttle_rows_are_purged_and_live_ones_kept(db_url: str) -> None:
    """Every sign-in creates throttle rows; a successful one sweeps those that carry nothing any more,
    so the table does not keep a row per name ever typed. Rows still counting or blocked stay."""
    from liaison.accounts.models import LoginThrottle
    from liaison.core.db import session_scope
    from liaison.core.timeutil import utcnow

    now = utcnow()
    with session_scope() as s:
        s.add_all(
            [
                LoginThrottle(key="ip:198.51.100.1", failures=0),  # never failed
                LoginThrottle(key="ip:198.51.100.2", failures=3, last_failure_at=now - timedelta(hours=2)),
                LoginThrottle(key="ip:198.51.100.3", failures=3, last_failure_at=now - timedelta(seconds=30)),
                LoginThrottle(
                    key="ip:198.51.100.4",
                    failures=9,
                    last_failure_at=now - timedelta(hours=2),
                    blocked_until=now + timedelta(hours=1),
                ),
            ]
        )
    assert _auth("mk.duty", PASSWORD, "10.0.0.9") == "ok"
    with session_scope() as s:
        left = set(s.execute(select(LoginThrottle.key)).scalars())
    assert "ip:198.51.100.1" not in left and "ip:198.51.100.2" not in left
    assert {"ip:198.51.100.3", "ip:198.51.100.4"} <= left
    # The throttle still counts after a sweep: five free failures, then a wait.
    assert [_auth("mk.colleague", "bad", "10.0.0.20") for _ in range(6)] == ["failed"] * 5 + ["throttled"]


FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"


def test_account_lists_sessions_and_ends_one_elsewhere(db_url: str) -> None:
    """ASVS V3.3.4: the user sees their active sessions (when, from where, which browser) and can end one."""
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    office, laptop = client(), client()
    office.headers["user-agent"], laptop.headers["user-agent"] = FIREFOX, CHROME
    assert post_login(office, "mk.duty").status_code == 303
    assert post_login(laptop, "mk.duty").status_code == 303
    other = login("mk.colleague")
    page = office.get("/account").text
    rows = re.findall(r"<tr( class=\"current\")?><td>.*?</tr>", page, re.S)
    assert len(rows) == 2 and rows[0]  # both sessions, the current one first
    assert "Firefox 128 · Windows" in page and "Chrome 126 · Linux" in page and "This session" in page
    ids = [int(i) for i in re.findall(r'action="/account/sessions/(\d+)/end"', page)]
    assert len(ids) == 1  # the current session is not offered (signing out is)
    # Another user cannot end it: same answer as for a session that no longer exists.
    r = other.post(f"/account/sessions/{ids[0]}/end", data={"csrf_token": csrf(other)}, follow_redirects=False)
    assert r.status_code == 404
    assert laptop.get("/account", follow_redirects=False).status_code == 200
    r = office.post(f"/account/sessions/{ids[0]}/end", data={"csrf_token": csrf(office)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account?session_ended=1"
    assert laptop.get("/account", follow_redirects=False).status_code in (302, 303, 401)
    assert office.get("/account").status_code == 200
    with session_scope() as s:
        details = [a.details or {} for a in s.execute(select(AuditRecord)).scalars()]
    ended = [d for d in details if d.get("event") == "session_ended"]
    assert [{k: d[k] for k in ("event", "session", "from")} for d in ended] == [
        {"event": "session_ended", "session": ids[0], "from": "testclient"}
    ]


def test_browser_names_are_short() -> None:
    from liaison.accounts.service import browser_of

    assert browser_of(FIREFOX) == "Firefox 128 · Windows"
    assert browser_of(CHROME) == "Chrome 126 · Linux"
    edge = CHROME.replace("X11; Linux x86_64", "Windows NT 10.0; Win64; x64") + " Edg/126.0.0.0"
    assert browser_of(edge) == "Edge 126 · Windows"
    assert browser_of("") == "" and browser_of("curl/8.5.0") == "curl/8.5.0"
