"""Bad input and HTTP hardening (issue 8, input part): never a 5xx, always a clear 4xx; headers; origins.

Database-backed tests run on SQLite and PostgreSQL (fixture ``db_url``).
"""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.frontline.util import desk_client
from tests.helpers import agency_id, api, client, csrf, login

JSON = {"content-type": "application/json"}
FORM = {"content-type": "application/x-www-form-urlencoded"}
DECLARATION = {"hs_code": "2903.71", "refrigerant": "R-22", "origin": "TR", "quantity": 80, "unit": "kg"}


def _no_raise(c: TestClient) -> TestClient:
    """Report server errors as answers (a 500 must fail the assertion, not the client)."""
    c._transport.raise_server_exceptions = False  # type: ignore[attr-defined]
    return c


def _counts() -> tuple[int, ...]:
    from liaison.cases.models import Case, Message
    from liaison.core.db import session_scope
    from liaison.environment.models import Seizure

    with session_scope() as s:
        return tuple(s.execute(select(func.count()).select_from(t)).scalar_one() for t in (Case, Message, Seizure))


def _case(c: TestClient) -> int:
    r = c.post("/api/v1/cases", json={"title": "t", "crime_areas": ["drugs_trafficking"]})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _seizure(c: TestClient) -> dict[str, Any]:
    forces = c.get("/api/v1/environment/task-forces").json()
    tf = c.get(f"/api/v1/environment/task-forces/{forces[0]['id']}").json()
    case_id = next(x["id"] for x in tf["cases"] if x["category"] == "ods")
    r = c.post(
        "/api/v1/environment/seizures",
        json={
            "case_id": case_id,
            "declaration": DECLARATION,
            "seized_on": (date.today() - timedelta(days=1)).isoformat(),
            "place": "Deve Bair",
            "transport_mode": "road",
        },
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


# --- lone surrogates and bytes that are not UTF-8 -------------------------------------------------------


def test_lone_surrogates_refused_everywhere(db_url: str) -> None:
    me = _no_raise(api("me.drugs"))
    case_id = _case(me)
    before = _counts()
    # In a plain field, in a nested field, in a key, and in a free-form (dict) body.
    r = me.post("/api/v1/cases", content=b'{"title": "\\ud800", "crime_areas": ["drugs_trafficking"]}', headers=JSON)
    assert r.status_code == 422 and "title" in r.json()["fields"] and "Unicode" in r.json()["error"]
    body = (
        b'{"kind": "spontaneous", "recipient_agency_id": %d, "subject": "s", '
        b'"attachments": [{"filename": "a\\udfff.txt", "content_base64": "YQ=="}]}' % agency_id("MK-SPOC")
    )
    r = me.post(f"/api/v1/cases/{case_id}/messages", content=body, headers=JSON)
    assert r.status_code == 422 and "attachments.0.filename" in r.json()["fields"]
    r = me.post("/api/v1/environment/screen", content=b'{"hs_code": "2903.71", "\\ud800": 1}', headers=JSON)
    assert r.status_code == 422
    # A query string and a url-encoded form with %ED%A0%80 (the UTF-8-looking encoding of U+D800).
    assert me.get("/api/v1/cases?q=%ED%A0%80").status_code == 422
    page = _no_raise(login("me.drugs"))
    token = csrf(page)
    r = page.post(
        "/cases/new",
        content=f"csrf_token={token}&title=%ED%A0%80&crime_areas=drugs_trafficking".encode(),
        headers=FORM,
    )
    assert r.status_code == 422 and "Unicode" in r.text
    assert _counts() == before
    # A proper pair of surrogate escapes is an ordinary character (here an emoji) and is accepted.
    pair = b'{"title": "\\ud83d\\ude00", "crime_areas": ["drugs_trafficking"]}'
    r = me.post("/api/v1/cases", content=pair, headers=JSON)
    assert r.status_code == 201 and r.json()["title"] == "\U0001f600"


def test_multipart_text_field_that_is_not_utf8_is_refused_and_files_pass(db_url: str) -> None:
    """Starlette would decode such a field as Latin-1 and the wrong letters would be stored; a file's own
    bytes are data and pass the check."""
    page = _no_raise(login("me.drugs"))
    case_id = _case(api("me.drugs"))
    token = csrf(page)
    before = _counts()
    fields = {
        "csrf_token": token,
        "kind": "spontaneous",
        "recipient_agency_id": str(agency_id("MK-SPOC")),
        "body": "Information about the courier.",
    }
    binary = ("scan.pdf", b"%PDF-1.4\n\xff\xfe\x00\x80 binary", "application/pdf")
    r = page.post(
        f"/cases/{case_id}/messages",
        data={**fields, "subject": "Courier \xe9"},  # a str: httpx sends it as UTF-8, accepted below
        files={"attachments": binary},
        follow_redirects=False,
    )
    assert r.status_code < 400, r.text
    stored = _counts()
    # The same form with the subject as raw Latin-1 bytes (not UTF-8): refused, nothing written.
    boundary = "liaisonboundary"
    parts = [(k, v.encode()) for k, v in fields.items()] + [("subject", b"Courier \xe9")]
    raw = b"".join(
        b"--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary.encode(), k.encode(), v)
        for k, v in parts
    )
    raw += b"--%s--\r\n" % boundary.encode()
    r = page.post(
        f"/cases/{case_id}/messages",
        content=raw,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 422 and "Unicode" in r.text
    assert _counts() == stored != before


def test_lone_surrogate_in_patch_body(db_url: str) -> None:
    c = _no_raise(api("mk.customs"))
    s = _seizure(c)
    r = c.patch(f"/api/v1/environment/seizures/{s['id']}", content=b'{"place": "\\udc00"}', headers=JSON)
    assert r.status_code == 422 and "place" in r.json()["fields"]


# --- null, NaN, Infinity ----------------------------------------------------------------------------------


def test_null_for_a_required_field_in_patch(db_url: str) -> None:
    c = _no_raise(api("mk.customs"))
    s = _seizure(c)
    for name in ("place", "seized_on", "transport_mode", "persons", "handling_code", "agency_code"):
        r = c.patch(f"/api/v1/environment/seizures/{s['id']}", json={name: None})
        assert r.status_code == 422 and name in r.json()["fields"], (name, r.text)
    # The quantity and its unit may be cleared.
    r = c.patch(f"/api/v1/environment/seizures/{s['id']}", json={"quantity": None, "unit": None})
    assert r.status_code == 200 and r.json()["quantity"] is None


def test_service_refuses_null_and_non_finite(db_url: str) -> None:
    """The service itself (CLI and other callers) refuses what the API schema refuses."""
    from liaison.accounts.models import User
    from liaison.accounts.service import Actor
    from liaison.core.db import session_scope
    from liaison.core.errors import InvalidInput
    from liaison.environment import seizures

    s = _seizure(api("mk.customs"))
    with session_scope() as session:
        user = session.execute(select(User).where(User.username == "mk.customs")).scalar_one()
        actor = Actor(user=user, ip="")
        for changes in ({"quantity": float("nan")}, {"quantity": float("inf")}, {"persons": None}):
            with pytest.raises(InvalidInput) as err:
                seizures.update(session, actor, s["id"], changes)
            assert set(changes) <= set(err.value.fields)


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_quantities(db_url: str, literal: bytes) -> None:
    c = _no_raise(api("mk.customs"))
    s = _seizure(c)
    r = c.patch(f"/api/v1/environment/seizures/{s['id']}", content=b'{"quantity": ' + literal + b"}", headers=JSON)
    assert r.status_code == 422 and "finite" in r.json()["error"]
    assert c.get(f"/api/v1/environment/seizures/{s['id']}").json()["quantity"] == 80
    declaration = b'{"hs_code": "2903.71", "quantity": ' + literal + b', "unit": "kg"}'
    assert c.post("/api/v1/environment/screen", content=declaration, headers=JSON).status_code == 422


def test_non_finite_quantity_in_the_screening_form(db_url: str) -> None:
    page = _no_raise(login("mk.customs"))
    for value in ("NaN", "inf", "-Infinity"):
        data = {"csrf_token": csrf(page, "/environment/screen"), "hs_code": "2903.71", "quantity": value, "unit": "kg"}
        r = page.post("/environment/screen", data=data)
        assert r.status_code == 422 and "finite" in r.text, value


def test_non_finite_quantity_refused_by_the_declaration_model() -> None:
    from liaison.environment.screening import ScreeningInputError, screen

    for value in (float("nan"), float("inf")):
        with pytest.raises(ScreeningInputError):
            screen({"hs_code": "2903.71", "quantity": value, "unit": "kg"})


# --- ids typed into forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("digit", ["²", "٣", "99999999999"])
def test_form_ids_that_are_not_ascii_digits(db_url: str, digit: str) -> None:
    me = api("me.drugs")
    case_id = _case(me)
    page = _no_raise(login("me.drugs"))
    token = csrf(page)
    before = _counts()
    for name in ("recipient_agency_id", "in_reply_to_id"):
        data = {"csrf_token": token, "kind": "spontaneous", "subject": "s", "recipient_agency_id": "1", name: digit}
        r = page.post(f"/cases/{case_id}/messages", data=data)
        assert r.status_code == 422 and name in r.text, name
    r = page.post(f"/cases/{case_id}/entities", data={"csrf_token": token, "type": "person", "message_id": digit})
    assert r.status_code == 422
    customs = _no_raise(login("mk.customs"))
    r = customs.post(
        "/environment/seizures", data={"csrf_token": csrf(customs), "case_id": digit, "declaration_json": "{}"}
    )
    assert r.status_code == 422 and "case_id" in r.text
    assert _counts() == before


def test_form_id_helper() -> None:
    from liaison.core.errors import InvalidInput
    from liaison.core.web import form_id

    assert form_id("", "x") is None and form_id(" 12 ", "x") == 12
    for bad in ("²", "١", "-1", "0", "1e3", str(2**31)):
        with pytest.raises(InvalidInput):
            form_id(bad, "x")


# --- frontline: identifiers of invisible characters only --------------------------------------------------


@pytest.mark.parametrize("field", ["document", "plate", "vin", "serial", "mrz"])
def test_zero_width_only_identifiers(db_url: str, field: str) -> None:
    c = _no_raise(api("ba.pcc"))
    r = c.post("/api/v1/frontline/checks", json={field: "\u200b\u200b\ufeff"})
    assert r.status_code == 422 and "Nothing to check" in r.json()["error"], r.text
    r = c.post("/api/v1/frontline/checks", json={"document": "\u200b\u200b", "document_country": "RS"})
    assert r.status_code == 422 and "missing" in r.json()["fields"]["document"]
    r = c.post("/api/v1/frontline/checks", json={"name": "\u200d", "birth_date": "1980-01-01"})
    assert r.status_code == 422 and "name" in r.json()["fields"]
    desk = _no_raise(desk_client("ba.pcc"))
    r = desk.post("/frontline/desk", data={"csrf_token": csrf(desk, "/frontline/desk"), field: "\u200b\u200b"})
    assert r.status_code == 422 and "Nothing to check" in r.text


def test_keys_treat_invisible_text_as_missing() -> None:
    from liaison.frontline import keys

    for fn in (keys.document_key, keys.plate_key, keys.vin_key, keys.serial_key):
        with pytest.raises(keys.BadKey, match="missing"):
            fn("\u200b \u2060\ufeff")


# --- attachment names -------------------------------------------------------------------------------------


def _filename_star(header: str) -> str:
    """The exact name from ``filename*`` (RFC 5987), after checking the ASCII ``filename`` fallback."""
    plain = re.search(r'filename="([^"]*)"', header)
    assert plain and plain.group(1).isascii() and plain.group(1)
    star = re.search(r"filename\*=UTF-8''([A-Za-z0-9%!#$&+.^_`|~-]+)$", header)
    assert star, header
    return unquote(star.group(1), encoding="utf-8", errors="strict")


@pytest.mark.parametrize("name", ["Извештај за Скопје.txt", "Raporti për Prishtinën, çështja 7.txt", "📎 notes 😀.txt"])
def test_attachment_download_names(db_url: str, name: str) -> None:
    me = api("me.drugs")
    case_id = _case(me)
    r = me.post(
        f"/api/v1/cases/{case_id}/messages",
        json={
            "kind": "spontaneous",
            "recipient_agency_id": agency_id("MK-SPOC"),
            "subject": "s",
            "attachments": [{"filename": name, "content_base64": base64.b64encode(b"plain text").decode()}],
        },
    )
    assert r.status_code == 201, r.text
    att_id = r.json()["attachments"][0]["id"]
    for c, url in ((me, f"/api/v1/attachments/{att_id}"), (login("me.drugs"), f"/attachments/{att_id}")):
        got = _no_raise(c).get(url)
        assert got.status_code == 200, got.text
        header = got.headers["content-disposition"]
        header.encode("latin-1")  # a header value must be latin-1
        assert header.startswith("attachment; filename=")
        assert _filename_star(header) == name
        assert got.content == b"plain text"


def test_disposition_helper_strips_quotes_and_controls() -> None:
    from liaison.core.web import attachment_disposition

    header = attachment_disposition('a"b\\c\r\nd.txt')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="a_b_cd.txt"; ')
    assert _filename_star(header) == 'a"b\\cd.txt'


# --- lengths ---------------------------------------------------------------------------------------------


def test_long_subject_refused_by_api_and_form(db_url: str) -> None:
    from liaison.core import limits

    me = api("me.drugs")
    case_id = _case(me)
    before = _counts()
    message = {"kind": "spontaneous", "recipient_agency_id": agency_id("MK-SPOC"), "subject": "x" * 10_000}
    r = me.post(f"/api/v1/cases/{case_id}/messages", json=message)
    assert r.status_code == 422 and "subject" in r.json()["fields"]
    page = login("me.drugs")
    html = page.get(f"/cases/{case_id}").text
    assert re.search(rf'name="subject"[^>]*maxlength="{limits.SUBJECT}"', html)
    r = page.post(f"/cases/{case_id}/messages", data={"csrf_token": csrf(page), **message})
    assert r.status_code == 422 and "At most 300 characters." in r.text
    r = page.post(
        "/cases/new",
        data={"csrf_token": csrf(page), "title": "t" * 301, "crime_areas": "drugs_trafficking"},
    )
    assert r.status_code == 422 and "At most 300 characters." in r.text
    assert _counts() == before


def test_long_justifications_and_notes_refused(db_url: str) -> None:
    from liaison.core import limits

    me = api("me.drugs")
    case_id = _case(me)
    sent = me.post(
        f"/api/v1/cases/{case_id}/messages",
        json={"kind": "spontaneous", "recipient_agency_id": agency_id("MK-SPOC"), "subject": "s"},
    ).json()
    long = "x" * (limits.NOTE + 1)
    r = me.post(f"/api/v1/messages/{sent['id']}/permissions", json={"to_agency_id": agency_id("RS-SPOC"), "note": long})
    assert r.status_code == 422
    r = me.post(
        f"/api/v1/cases/{case_id}/messages",
        json={"kind": "spontaneous", "recipient_agency_id": agency_id("MK-SPOC"), "subject": "s", "body": long * 20},
    )
    assert r.status_code == 422 and "body" in r.json()["fields"]


def test_every_limit_is_documented() -> None:
    from liaison.core import limits

    text = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    section = text.split("## 5.")[1].split("## 6.")[0]
    for name, value in limits.ALL.items():
        assert f"`{name}`" in section and f"{value:,}" in section, name


# --- cross-origin requests -------------------------------------------------------------------------------


def test_cross_origin_state_changes_refused(db_url: str) -> None:
    page = _no_raise(login("me.drugs"))
    token = csrf(page)
    form = {"csrf_token": token, "title": "t", "crime_areas": "drugs_trafficking"}
    before = _counts()
    for headers in (
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"origin": "http://testserver:8080"},
        {"referer": "https://evil.example/page"},
    ):
        r = page.post("/cases/new", data=form, headers=headers, follow_redirects=False)
        assert r.status_code == 403 and "another site" in r.text, headers
    # The API with the session cookie is a browser too.
    r = page.post("/api/v1/cases", json={"title": "t", "crime_areas": ["x"]}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403 and "another site" in r.json()["error"]
    assert _counts() == before
    # Our own origin (or none sent) passes; reading is never refused.
    for headers in ({"origin": "http://testserver"}, {"referer": "http://testserver/cases/new"}, {}):
        r = page.post("/cases/new", data=form, headers=headers, follow_redirects=False)
        assert r.status_code == 303, headers
    assert page.get("/inbox", headers={"origin": "https://evil.example"}).status_code == 200
    # A bearer-token client is not a browser: its Origin header does not matter.
    r = api("me.drugs").post(
        "/api/v1/cases", json={"title": "t", "crime_areas": ["drugs_trafficking"]}, headers={"origin": "https://x.example"}
    )
    assert r.status_code == 201


def test_allowed_origin_behind_a_proxy(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison.core.config import reset_settings

    page = _no_raise(login("me.drugs"))
    form = {"csrf_token": csrf(page), "title": "t", "crime_areas": "drugs_trafficking"}
    proxied = {"host": "127.0.0.1:8000", "x-forwarded-host": "liaison.police.example", "x-forwarded-proto": "https"}
    origin = {"origin": "https://liaison.police.example"}
    # Not behind a trusted proxy: X-Forwarded-Host is ignored, the origin does not match Host.
    assert page.post("/cases/new", data=form, headers=proxied | origin, follow_redirects=False).status_code == 403
    monkeypatch.setenv("LIAISON_TRUST_PROXY", "1")
    reset_settings()
    assert page.post("/cases/new", data=form, headers=proxied | origin, follow_redirects=False).status_code == 303
    evil = {"origin": "https://evil.example"}
    assert page.post("/cases/new", data=form, headers=proxied | evil, follow_redirects=False).status_code == 403


def test_serve_proxy_flag_sets_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from liaison import cli

    seen: dict[str, Any] = {}
    monkeypatch.delenv("LIAISON_TRUST_PROXY", raising=False)
    monkeypatch.setattr(cli, "ensure_schema", lambda: None)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(k))
    cli.serve(host="127.0.0.1", port=1, certfile=None, keyfile=None, workers=1, proxy=True)
    import os

    assert seen["proxy_headers"] is True and os.environ["LIAISON_TRUST_PROXY"] == "1"


# --- notifications: reading changes nothing ---------------------------------------------------------------


def _unread(username: str) -> int:
    from liaison.accounts.models import User
    from liaison.core.db import session_scope
    from liaison.notifications.service import for_user

    with session_scope() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        return len(for_user(s, user.agency_id, user.id, unread_only=True))


def test_reading_notifications_marks_nothing(db_url: str) -> None:
    me = api("me.drugs")
    case_id = _case(me)
    for _ in range(2):
        me.post(
            f"/api/v1/cases/{case_id}/messages",
            json={"kind": "spontaneous", "recipient_agency_id": agency_id("MK-SPOC"), "subject": "s"},
        )
    unread = _unread("mk.duty")
    assert unread >= 2
    page = _no_raise(login("mk.duty"))
    for _ in range(2):
        assert page.get("/notifications").status_code == 200
    mk = api("mk.duty")
    listed = mk.get("/api/v1/notifications", params={"unread": True}).json()
    assert len(listed) == unread and _unread("mk.duty") == unread
    # Marking read is a POST: without the CSRF token it is refused.
    assert page.post("/notifications/read", data={}).status_code == 403
    assert _unread("mk.duty") == unread
    # One through the API, the rest through the page's form.
    r = mk.post("/api/v1/notifications/read", json={"ids": [listed[0]["id"]]})
    assert r.status_code == 200 and _unread("mk.duty") == unread - 1
    html = page.get("/notifications").text
    assert 'action="/notifications/read"' in html
    r = page.post("/notifications/read", data={"csrf_token": csrf(page, "/notifications")}, follow_redirects=False)
    assert r.status_code == 303 and _unread("mk.duty") == 0
    assert 'action="/notifications/read"' not in page.get("/notifications").text


# --- headers ---------------------------------------------------------------------------------------------


def test_no_store_on_personal_data_and_cacheable_static(db_url: str) -> None:
    page = login("me.drugs")
    for url in ("/inbox", "/notifications"):
        assert page.get(url).headers["cache-control"] == "no-store"
    assert api("me.drugs").get("/api/v1/cases").headers["cache-control"] == "no-store"
    assert page.post("/api/v1/cases", json={}).headers["cache-control"] == "no-store"  # an error answer too
    static = page.get("/static/app.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")


def test_hsts_only_over_tls(db_url: str) -> None:
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from liaison.web.app import create_app
    from liaison.web.hardening import HSTS

    plain = client().get("/login")
    assert "strict-transport-security" not in plain.headers
    # An untrusted X-Forwarded-Proto changes nothing.
    assert "strict-transport-security" not in client().get("/login", headers={"x-forwarded-proto": "https"}).headers
    tls = TestClient(create_app(), base_url="https://testserver").get("/login")
    assert tls.headers["strict-transport-security"] == HSTS == "max-age=31536000; includeSubDomains"
    # Behind a trusted proxy (liaison serve --proxy): the proxy's X-Forwarded-Proto decides.
    proxied = TestClient(ProxyHeadersMiddleware(create_app(), trusted_hosts="*"))
    assert proxied.get("/login", headers={"x-forwarded-proto": "https"}).headers["strict-transport-security"] == HSTS
    assert "strict-transport-security" not in proxied.get("/login", headers={"x-forwarded-proto": "http"}).headers


def test_swagger_ui_is_served_from_vendored_files() -> None:
    c = client()
    r = c.get("/api/docs")
    assert r.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]*)"', r.text)
    assert urls and all(u.startswith("/") or u.startswith("data:") for u in urls), urls
    assert "https://" not in r.text and "http://" not in r.text
    for url in ("/static/vendor/swagger-ui-bundle.js", "/static/vendor/swagger-ui.css"):
        assert url in urls and c.get(url).status_code == 200
    assert c.get("/api/openapi.json").status_code == 200
    # The inline start-up script runs by nonce; the policy allows neither inline scripts nor eval.
    csp = r.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and f'<script nonce="{nonce.group(1)}">' in r.text
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert c.get("/api/docs").headers["content-security-policy"] != csp  # a fresh nonce per answer
    assert c.get("/redoc").status_code == 404 and c.get("/api/redoc").status_code == 404


def test_page_ids_beyond_the_database_range_answer_4xx(db_url: str) -> None:
    """Ids too large for the database (SQLite's driver raises OverflowError) are bad input, not a crash."""
    from tests.helpers import login

    c = login("me.drugs")
    huge = "99999999999999999999999"
    for path in (f"/cases/{huge}", f"/environment/seizures/{huge}", f"/hits/{huge}"):
        r = c.get(path)
        assert 400 <= r.status_code < 500, (path, r.status_code)
