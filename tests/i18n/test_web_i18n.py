"""Language in the web app and the API: ?lang= for one page, the user's choice (login page and profile),
Accept-Language as the default, API errors and validation messages in the asked language."""

from __future__ import annotations

import re

from sqlalchemy import select

from liaison.accounts.models import User
from liaison.core.audit.models import AuditRecord
from liaison.core.db import session_scope
from tests.helpers import api, client, csrf, login, login_csrf


def _lang(html: str) -> str:
    m = re.search(r'<html lang="([^"]+)"', html)
    assert m
    return m.group(1)


def _language_of(username: str) -> str:
    with session_scope() as s:
        return s.execute(select(User.language).where(User.username == username)).scalar_one()


def test_login_page_in_the_pseudo_locale_and_by_accept_language(db_url: str) -> None:
    c = client()
    page = c.get("/login?lang=en-XA").text
    assert "⟦Sign in to Liaison⟧" in page and "Sign in to Liaison<" not in page
    assert _lang(c.get("/login", headers={"Accept-Language": "mk-MK,en;q=0.5"}).text) == "mk"
    assert _lang(c.get("/login", headers={"Accept-Language": "sr-Latn-RS"}).text) == "sr-Latn"
    assert _lang(c.get("/login").text) == "en"
    # Every locale is offered in its own name and script.
    assert "Српски (ћирилица)" in page and "Srpski (latinica)" in page and "Crnogorski" in page


def test_language_chosen_on_the_login_page_is_stored_for_the_user(db_url: str) -> None:
    c = client()
    data = {"username": "rs.spoc", "password": __import__("liaison.demo").demo.PASSWORD, "totp": "",
            "csrf_token": login_csrf(c), "language": "sr-Cyrl"}  # fmt: skip
    assert c.post("/login", data=data, follow_redirects=False).status_code == 303
    assert _language_of("rs.spoc") == "sr-Cyrl"
    assert _lang(c.get("/inbox", headers={"Accept-Language": "sq"}).text) == "sr-Cyrl"


def test_profile_language_wins_over_accept_language_and_lang_wins_for_one_page(db_url: str) -> None:
    c = login("al.officer")
    r = c.post("/account/language", data={"language": "sq", "csrf_token": csrf(c, "/account")}, follow_redirects=False)
    assert r.status_code == 303
    assert _language_of("al.officer") == "sq"
    assert _lang(c.get("/inbox", headers={"Accept-Language": "mk"}).text) == "sq"
    assert _lang(c.get("/inbox?lang=hr", headers={"Accept-Language": "mk"}).text) == "hr"
    assert "⟦Inbox⟧" in c.get("/inbox?lang=en-XA").text
    assert _lang(c.get("/inbox").text) == "sq"  # ?lang= held for that page only
    with session_scope() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.object_type == "user")).scalars().all()
        assert any((r.details or {}).get("event") == "language_changed" for r in rows)
    # Back to the browser's choice.
    c.post("/account/language", data={"language": "", "csrf_token": csrf(c, "/account")})
    assert _lang(c.get("/inbox", headers={"Accept-Language": "mk"}).text) == "mk"


def test_unknown_language_is_refused(db_url: str) -> None:
    c = login("al.officer")
    r = c.post("/account/language", data={"language": "xx", "csrf_token": csrf(c, "/account")})
    assert r.status_code == 422
    assert _language_of("al.officer") != "xx"


def test_api_errors_follow_accept_language(db_url: str) -> None:
    c = api("me.drugs")
    r = c.post("/api/v1/cases", json={}, headers={"Accept-Language": "en-XA"})
    assert r.status_code == 422
    body = r.json()
    assert body["error"].startswith("⟦") and body["fields"]
    assert all(v.startswith("⟦") for v in body["fields"].values()), body["fields"]
    r = c.post("/api/v1/cases", json={"title": "t", "crime_areas": ["nonsense"]}, headers={"Accept-Language": "en-XA"})
    assert r.status_code == 422 and r.json()["error"].startswith("⟦"), r.json()
    english = c.post("/api/v1/cases", json={}).json()
    assert not english["error"].startswith("⟦") and "Field required." in english["fields"].values()
    anonymous = client().get("/api/v1/cases", headers={"Accept-Language": "en-XA"}).json()
    assert anonymous["error"].startswith("⟦")


def test_validation_messages_use_plural_forms(db_url: str) -> None:
    r = api("me.drugs").post("/api/v1/cases", json={"title": "x" * 5000, "crime_areas": ["drugs_trafficking"]})
    assert r.status_code == 422
    assert re.fullmatch(r"At most \d+ characters\.", r.json()["fields"]["title"]), r.json()


def test_messages_show_their_language_and_names_the_other_script(db_url: str) -> None:
    c = login("me.drugs")
    page = c.get("/cases/1?lang=sr-Cyrl").text
    assert re.search(r'<div class="body" lang="[a-z]{2,3}">', page)
    assert 'class="message-language"' in page
    assert "Milica Vukčević · Милица Вукчевић" in page
    english = c.get("/cases/1").text
    assert "Milica Vukčević · Милица" not in english  # a Latin name on a Latin page stays as entered


def test_frontline_action_is_named_in_the_readers_language(db_url: str) -> None:
    from liaison.frontline.demo import demo_mrz

    r = api("ba.pcc").post(
        "/api/v1/frontline/checks",
        json={"mrz": demo_mrz(), "crossing_point": "Vraćenovići", "reason": "entry check"},
        headers={"Accept-Language": "en-XA"},
    )
    assert r.status_code == 200, r.text
    first = r.json()["hits"][0]
    assert first["action"] == "arrest" and first["action_label"] == "⟦Arrest⟧"
