"""The API endpoint and the desk page (HTTP level; the browser test drives the same page in Chromium)."""

from __future__ import annotations

import re

from liaison.frontline.demo import demo_mrz
from tests.frontline.util import desk_client
from tests.helpers import api, csrf, login


def test_api_check_answers_every_hit(db_url: str) -> None:
    c = api("ba.pcc")
    r = c.post(
        "/api/v1/frontline/checks",
        json={"mrz": demo_mrz(), "crossing_point": "Vraćenovići", "reason": "entry check"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"] == "hit" and body["checked"] == ["mrz", "document", "person"]
    first = body["hits"][0]
    assert {"list", "entry_id", "score", "action", "explanation", "contact_point", "owner"} <= set(first)
    assert first["action"] == "arrest"
    recent = c.get("/api/v1/frontline/checks", params={"crossing_point": "Vraćenovići"}).json()["items"]
    assert recent[0]["id"] == body["check_id"] and recent[0]["verdict"] == "hit"
    names = {w["name"] for w in c.get("/api/v1/frontline/watchlists").json()["items"]}
    assert {"rs-sltd", "de-smv", "al-persons"} <= names


def test_api_bad_input_is_422_with_fields(db_url: str) -> None:
    c = api("ba.pcc")
    r = c.post("/api/v1/frontline/checks", json={"document": "123", "birth_date": "1980-02-30"})
    assert r.status_code == 422
    assert {"document_country", "name", "birth_date"} <= set(r.json()["fields"])
    r = c.post("/api/v1/frontline/checks", json={"vin": "x" * 500})
    assert r.status_code == 422
    assert c.post("/api/v1/frontline/checks", json={}).status_code == 422


def test_api_needs_authentication(db_url: str) -> None:
    from tests.helpers import client

    assert client().post("/api/v1/frontline/checks", json={"plate": "x", "plate_country": "DE"}).status_code == 401


def test_desk_page_check_and_follow_up_request(db_url: str) -> None:
    c = desk_client("ba.pcc", "Trebinje")
    page = c.get("/frontline/desk")
    assert page.status_code == 200 and 'id="mrz"' in page.text and "Frontline desk" in page.text
    token = csrf(c, "/frontline/desk")
    r = c.post(
        "/frontline/desk",
        data={"csrf_token": token, "mrz": demo_mrz(), "crossing_point": "Trebinje", "reason": "entry check"},
    )
    assert r.status_code == 200
    assert re.search(r'data-verdict="hit">HIT — ARREST', r.text)
    assert "RS-SLTD-DEMO" in r.text and "Open case and request to RS-SPOC" in r.text
    check_id = re.search(r"/frontline/checks/(\d+)/hits/0/case", r.text).group(1)  # type: ignore[union-attr]
    # Clear: a document nobody lists.
    r = c.post(
        "/frontline/desk",
        data={
            "csrf_token": token,
            "document": "X1234567",
            "document_country": "ME",
            "crossing_point": "Trebinje",
        },
    )
    assert 'data-verdict="clear"' in r.text
    assert r.text.count('<tr class="hit">') == 1 and r.text.count('<tr class="clear">') == 1
    # Bad input: 422, the fields named, nothing checked.
    r = c.post("/frontline/desk", data={"csrf_token": token, "plate": "BG123AB", "crossing_point": "Trebinje"})
    assert r.status_code == 422 and "NOT CHECKED" in r.text and "plate country is missing" in r.text
    # Follow-up: a case is opened and a request to the owner is drafted, then sent through the case system.
    r = c.post(f"/frontline/checks/{check_id}/hits/0/case", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    draft = c.get(r.headers["location"])
    assert draft.status_code == 200 and "RS-P-0001" in draft.text
    case_id = re.search(r'action="/cases/(\d+)/messages"', draft.text).group(1)  # type: ignore[union-attr]
    form = {k: v for k, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', draft.text)}
    form.update(
        {
            "recipient_agency_id": re.search(r'<option value="(\d+)" selected>', draft.text).group(1),  # type: ignore[union-attr]
            "priority": "urgent",
            "data_access": "direct",
            "legal_basis_code": "EU-2023-977",
            "channel": "pcc",
            "handling_code": "H1",
            "subject": re.search(r'name="subject" required value="([^"]*)"', draft.text).group(1),  # type: ignore[union-attr]
            "purpose": "Confirm the hit",
            "body": "Please confirm.",
        }
    )
    r = c.post(f"/cases/{case_id}/messages", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    rs = login("rs.spoc")
    inbox = rs.get("/inbox").text
    assert "Frontline hit on your list rs-persons" in inbox
    notes = rs.get("/notifications").text
    assert "Frontline HIT on rs-persons/RS-P-0001" in notes


def test_check_page_is_visible_to_checker_and_owner_only(db_url: str) -> None:
    c = api("ba.pcc")
    check_id = c.post("/api/v1/frontline/checks", json={"plate": "M LX 4711", "plate_country": "DE"}).json()["check_id"]
    assert login("ba.pcc").get(f"/frontline/checks/{check_id}").status_code == 200
    assert login("de.bka").get(f"/frontline/checks/{check_id}").status_code == 200
    assert login("al.officer").get(f"/frontline/checks/{check_id}").status_code == 404
