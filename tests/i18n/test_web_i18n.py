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


def test_document_problems_are_in_the_readers_language(db_url: str) -> None:
    """A wrong MRZ check digit, an expired passport and an unreadable MRZ, checked in Albanian: the officer
    reads Albanian words around the digits and dates as read; without Accept-Language the API stays English."""
    from liaison.entities.identifiers.mrz import check_digit
    from liaison.frontline.demo import expired_mrz, td3_mrz

    good = td3_mrz("JOVANOVIC", "ANA", "007711223", "900101", "310101")
    l1, l2 = good.splitlines()
    wrong = "5" if l2[19] != "5" else "6"
    bad = l1 + "\n" + l2[:19] + wrong + l2[20:]
    c = api("ba.pcc")
    c.headers["Accept-Language"] = "sq"
    body = c.post("/api/v1/frontline/checks", json={"mrz": bad}).json()
    assert body["verdict"] == "check_document", body
    problem = f"data e lindjes: shifra e kontrollit është {wrong}, pritej {check_digit('900101')}"
    assert f"MRZ: {problem}" in body["document_problems"], body["document_problems"]
    assert not any("check digit" in p for p in body["document_problems"])
    assert problem in body["mrz"]["problems"]
    # The desk page leaves out a warning that is also a document problem: both are worded alike.
    assert all(p in body["warnings"] for p in body["document_problems"]), body
    expired = c.post("/api/v1/frontline/checks", json={"mrz": expired_mrz()}).json()
    assert "dokumenti ka skaduar më 2020-01-01" in expired["document_problems"], expired["document_problems"]
    unreadable = c.post("/api/v1/frontline/checks", json={"mrz": "P<SRB THIS IS NOT AN MRZ"}).json()
    assert unreadable["document_problems"][0].startswith("MRZ nuk mund të lexohej: "), unreadable
    english = api("ba.pcc").post("/api/v1/frontline/checks", json={"mrz": bad}).json()
    assert f"MRZ: birth date check digit is {wrong}, expected {check_digit('900101')}" in english["document_problems"]


def test_identifier_warnings_are_stored_in_english_and_shown_in_the_readers_language(db_url: str) -> None:
    """An entity's warnings are kept in English whoever records it (the API's stored list, read by every
    partner); the live validation and the case page word them for their reader."""
    vin = "1M8GDM9A1KP042788"  # a North-American check digit that is wrong: a warning only
    c = api("me.drugs")
    c.headers["Accept-Language"] = "sq"
    case_id = c.post("/api/v1/cases", json={"title": "t", "crime_areas": ["drugs_trafficking"]}).json()["id"]
    r = c.post(f"/api/v1/cases/{case_id}/entities", json={"entity": {"type": "vehicle", "vin": vin}})
    assert r.status_code == 201, r.text
    assert r.json()["problems"] == [
        "vin: VIN check digit is 1, expected X (warning only: many European VINs do not use a check digit)"
    ]
    albanian = "shifra e kontrollit e VIN-it është 1, pritej X"
    live = c.post("/api/v1/entities/validate", json={"entity": {"type": "vehicle", "vin": vin}}).json()
    assert live["problems"] and albanian in live["problems"][0], live
    page = login("me.drugs").get(f"/cases/{case_id}?lang=sq").text
    assert albanian in page
    assert "VIN check digit is 1" in login("me.drugs").get(f"/cases/{case_id}").text
