"""Hits every reader can open, the request to the holder, and the one search box (issue 9)."""

from __future__ import annotations

import re

from liaison.demo import EXTRA_ROLES, USERS
from tests.helpers import api, csrf, login


def _demo_hit(c) -> dict:  # type: ignore[no-untyped-def]
    """The demo's Petrović / PETROWITSCH hit (ME drug unit and BKA)."""
    hits = c.get("/api/v1/hits").json()
    return next(h for h in hits if h["kind"] == "person" and {h["mine"]["agency_code"], h["other"]["agency_code"]}
                == {"ME-POL-DRUGS", "DE-BKA"})


def test_a_reader_who_sees_both_records_opens_the_hit_but_does_not_decide(db_url: str) -> None:
    mk = api("mk.duty")
    hit = _demo_hit(mk)  # listed although MK owns neither record: it received both requests
    assert hit["mine"]["visible"] and hit["other"]["visible"] and hit["owned"] is False
    assert mk.get(f"/api/v1/hits/{hit['id']}").status_code == 200
    r = mk.post(f"/api/v1/hits/{hit['id']}/decision", json={"status": "confirmed"})
    assert r.status_code == 403
    # The owners still see the hit; ME learns only that BKA holds the other record (Prüm).
    me = _demo_hit(api("me.drugs"))
    assert me["owned"] and me["other"] == {**me["other"], "visible": False, "label": None, "case_id": None}
    assert me["holder_code"] == "DE-BKA"
    # An agency that sees neither record does not learn of the hit.
    assert api("al.officer").get(f"/api/v1/hits/{hit['id']}").status_code == 404


def test_every_hit_link_opens_for_every_demo_user_who_sees_it(db_url: str) -> None:
    """Every /hits/N link on the hits page, on the case panels and in the notifications answers 200."""
    checked = 0
    for username, *_rest in USERS:
        if username == "admin":  # one-time code required; holds no hits
            continue
        c = login(username)
        pages = ["/hits", "/notifications"]
        cases = api(username).get("/api/v1/cases", params={"per_page": 200}).json()["items"]
        pages += [f"/cases/{case['id']}" for case in cases]
        links: set[str] = set()
        for page in pages:
            r = c.get(page)
            assert r.status_code == 200, (username, page)
            links |= set(re.findall(r'href="(/hits/\d+)"', r.text))
        for link in links:
            assert c.get(link).status_code == 200, (username, link)
            checked += 1
        if username in ("mk.duty", "me.drugs"):
            assert links, username
            assert "No hits." not in c.get("/hits").text
    assert checked >= 3 and EXTRA_ROLES  # at least ME, DE and MK follow the demo hit


def test_request_from_the_holder_is_prefilled_but_the_legal_basis_is_chosen(db_url: str) -> None:
    hit = _demo_hit(api("me.drugs"))
    c = login("me.drugs")
    page = c.get(f"/hits/{hit['id']}")
    assert 'id="request-holder"' in page.text and f'href="/hits/{hit["id"]}/request"' in page.text
    form = c.get(f"/hits/{hit['id']}/request")
    assert form.status_code == 200
    # The reader's own case (where its side of the hit is) with BKA as recipient and the hit named.
    case_id = hit["mine"]["case_id"]
    assert f'action="/cases/{case_id}/messages"' in form.text
    bka = re.search(r'<option value="(\d+)" selected>Bundeskriminalamt \(DE\)', form.text)
    assert bka, "the holder is not the pre-selected recipient"
    assert f"Hit #{hit['id']}" in form.text
    assert re.search(r'<option value="" selected disabled>', form.text)  # no legal basis chosen for the reader
    token = csrf(c, f"/hits/{hit['id']}/request")
    subject = re.search(r'name="subject" required value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    data = {"csrf_token": token, "kind": "request", "recipient_agency_id": bka.group(1), "subject": subject,
            "purpose": "Hit follow-up", "priority": "normal", "data_access": "indirect", "handling_code": "H2"}
    refused = c.post(f"/cases/{case_id}/messages", data=data, follow_redirects=False)
    assert refused.status_code == 422 and "legal basis" in refused.text
    sent = c.post(f"/cases/{case_id}/messages", data={**data, "legal_basis_code": "EU-2023-977"},
                  follow_redirects=False)
    assert sent.status_code == 303
    # Or in a new case: opened, then the same draft in it.
    r = c.post(f"/hits/{hit['id']}/request", data={"csrf_token": token, "title": f"Hit {hit['id']} follow-up",
               "crime_areas": "drugs_trafficking", "handling_code": "H0"}, follow_redirects=False)
    assert r.status_code == 303 and re.search(r"/hits/\d+/request\?case=\d+$", r.headers["location"])
    new = c.get(r.headers["location"])
    assert f'<option value="{bka.group(1)}" selected>' in new.text and f"Hit #{hit['id']}" in new.text
    # Without a crime area the case is not opened and the form says why.
    bad = c.post(f"/hits/{hit['id']}/request", data={"csrf_token": token, "title": "x"})
    assert bad.status_code == 422 and "crime area" in bad.text


def test_no_request_to_oneself_and_none_for_strangers(db_url: str) -> None:
    hit = _demo_hit(api("me.drugs"))
    assert login("al.officer").get(f"/hits/{hit['id']}/request").status_code == 404


def _people(username: str, q: str) -> list[dict]:
    r = api(username).get("/api/v1/search", params={"q": q})
    assert r.status_code == 200, r.text
    return r.json()["people"]


def test_search_finds_people_by_surname_alone_in_any_script(db_url: str) -> None:
    for q in ("Петровић", "Petrović", "PETROWITSCH", "petrovic"):
        labels = {p["label"] for p in _people("mk.duty", q)}
        assert any("Петровић" in x for x in labels) and any("PETROWITSCH" in x for x in labels), (q, labels)
    # Within the reader's rights: ME sees its own record, not the one BKA sent to MK; Albania nothing.
    me = {p["label"] for p in _people("me.drugs", "Петровић")}
    assert any("Петровић" in x for x in me) and not any("PETROWITSCH" in x for x in me)
    assert _people("al.officer", "Петровић") == []
    # The given name alone, and the person search page's API too.
    assert _people("mk.duty", "Драган")
    found = api("mk.duty").get("/api/v1/entities", params={"name": "Петровић"}).json()
    assert len(found) == 2


def test_search_reads_national_phone_numbers_in_the_agency_country(db_url: str) -> None:
    phones = [p for p in _people("mk.duty", "070 123 456") if p["type"] == "phone"]
    assert len(phones) == 2  # +389 70 123 456 (ME's record) and 0038970123456 (BKA's), as MK reads them
    # In Montenegro the same digits are a Montenegrin number: not the Macedonian one.
    assert [p for p in _people("me.drugs", "070 123 456") if p["type"] == "phone"] == []
    assert [p for p in _people("me.drugs", "+389 70 123 456") if p["type"] == "phone"]


def test_search_finds_document_numbers_cases_and_messages(db_url: str) -> None:
    me = api("me.drugs")
    case = me.post("/api/v1/cases", json={"title": "Passport ring", "crime_areas": ["document_fraud"]}).json()
    doc = {"type": "identity_document", "document_type": "passport", "number": "AB 123-4567", "issuing_country": "AL"}
    assert me.post(f"/api/v1/cases/{case['id']}/entities", json={"entity": doc}).status_code == 201
    found = me.get("/api/v1/search", params={"q": "ab1234567"}).json()
    assert [p["type"] for p in found["people"]] == ["identity_document"]
    found = me.get("/api/v1/search", params={"q": "Passport ring"}).json()
    assert [c["id"] for c in found["cases"]] == [case["id"]]
    assert me.get("/api/v1/search", params={"q": "bananas"}).json()["cases"]
    assert api("al.officer").get("/api/v1/search", params={"q": "ab1234567"}).json()["people"] == []


def test_searches_are_audited_by_digest_only(db_url: str) -> None:
    from sqlalchemy import select

    from liaison.cases.service import query_digest
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    api("mk.duty").get("/api/v1/search", params={"q": "Петровић"})
    with session_scope() as s:
        rows = s.execute(select(AuditRecord).where(AuditRecord.object_type == "search")).scalars().all()
        mine = [r for r in rows if r.actor_name == "mk.duty"]
        assert mine and all(r.object_id == query_digest("Петровић") for r in mine)
        assert any(r.details.get("kind") == "entity" and r.details["results"] == 2 for r in mine)
        assert not any("Петровић" in str(r.details) for r in rows)


def test_search_page_lists_people_cases_and_messages(db_url: str) -> None:
    c = login("mk.duty")
    page = c.get("/search", params={"q": "Петровић"})
    assert page.status_code == 200 and 'id="search-people"' in page.text
    assert "PETROWITSCH" in page.text and "Петровић" in page.text
    # People are listed with their case's reference, never an internal id (issue 9).
    people = page.text.split('id="search-people"', 1)[1].split("</table>", 1)[0]
    assert re.search(r">[A-Z]{2}-\d{4}-\d{5}</a>", people) and ">#" not in people
    short = c.get("/search", params={"q": "x"})
    assert short.status_code == 200 and "at least two" in short.text
