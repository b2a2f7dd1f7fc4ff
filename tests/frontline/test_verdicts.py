"""Three verdicts (HIT, CHECK DOCUMENT, CLEAR), the crossing point once per shift, empty submits, landing.

Each rule by the API and by the desk page (HTTP level), on SQLite and PostgreSQL; the browser test drives
the same page in Chromium (tests/web/test_frontline_browser.py).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from liaison.core.audit.models import AuditRecord
from liaison.core.db import session_scope
from liaison.frontline import verdict
from liaison.frontline.demo import demo_mrz, desk_tries, expired_mrz, td3_mrz
from liaison.frontline.models import FrontlineCheck
from tests.frontline.util import desk_client
from tests.helpers import PASSWORD, api, client, csrf, login, login_csrf, post_login


def _bad_digit(mrz: str) -> str:
    """The MRZ with its birth-date check digit changed (line 2, position 20)."""
    l1, l2 = mrz.splitlines()
    return l1 + "\n" + l2[:19] + ("5" if l2[19] != "5" else "6") + l2[20:]


#: A passport nobody lists, valid until 2031, correct in every digit: the clear case.
UNLISTED = td3_mrz("JOVANOVIC", "ANA", "007711223", "900101", "310101")


def test_verdict_rules_without_a_database() -> None:
    assert verdict.decide(False, []) == "clear"
    assert verdict.decide(False, ["MRZ: x"]) == "check_document"
    assert verdict.decide(True, ["MRZ: x"]) == "hit", "a hit wins: it is an action"
    assert [verdict.exit_code(v) for v in ("clear", "hit", "check_document")] == [0, 1, 3]

    class Mrz:
        problems: list[str] = []
        expiry_date = "2026-05-01"

    assert verdict.document_problems(Mrz(), today=date(2026, 5, 1)) == [], "valid on the day itself"
    assert verdict.document_problems(Mrz(), today=date(2026, 5, 2)) == ["document expired on 2026-05-01"]
    assert verdict.document_problems(None, "no layout") == ["MRZ could not be read: no layout"]


@pytest.mark.parametrize(
    ("mrz", "expected", "problem"),
    [
        (UNLISTED, "clear", None),
        (_bad_digit(UNLISTED), "check_document", "birth date check digit"),
        (expired_mrz(), "check_document", "document expired on 2020-01-01"),
        ("P<SRBPETROVIC<<DRAGAN 0081234", "check_document", "line 2 has 7 characters"),
        ("P<SRB THIS IS NOT AN MRZ", "check_document", "MRZ could not be read"),
        (demo_mrz(), "hit", None),
    ],
)
def test_api_verdicts(db_url: str, mrz: str, expected: str, problem: str | None) -> None:
    body = api("ba.pcc").post("/api/v1/frontline/checks", json={"mrz": mrz, "crossing_point": "Trebinje"}).json()
    assert body["verdict"] == expected, body
    if problem:
        assert any(problem in p for p in body["document_problems"]), body["document_problems"]
    else:
        assert body["document_problems"] == []
    with session_scope() as session:
        row = session.get(FrontlineCheck, body["check_id"])
        assert row is not None and row.verdict == expected and row.crossing_point == "Trebinje"
        audit = session.execute(
            select(AuditRecord).where(
                AuditRecord.object_type == "frontline_check",
                AuditRecord.object_id == str(row.id),
                AuditRecord.action == "consultation",
            )
        ).scalar_one()
        assert audit.details["verdict"] == expected


def test_api_hit_and_document_problems_together(db_url: str) -> None:
    """The stolen passport of a wanted man, with a wrong check digit: HIT, and the problem still listed."""
    c = api("ba.pcc")
    body = c.post("/api/v1/frontline/checks", json={"mrz": _bad_digit(demo_mrz())}).json()
    assert body["verdict"] == "hit" and body["hits"][0]["action"] == "arrest"
    assert any("birth date check digit" in p for p in body["document_problems"])
    # An unreadable MRZ with a listed plate: the plate is still checked, and hits.
    body = c.post(
        "/api/v1/frontline/checks", json={"mrz": "P<SRB NOT AN MRZ", "plate": "M-LX 4711", "plate_country": "DE"}
    ).json()
    assert body["verdict"] == "hit" and body["document_problems"][0].startswith("MRZ could not be read")
    recent = c.get("/api/v1/frontline/checks").json()["items"]
    assert [r["verdict"] for r in recent[:2]] == ["hit", "hit"]


def test_desk_shows_three_verdicts_with_words_and_classes(db_url: str) -> None:
    c = desk_client("ba.pcc", "Vraćenovići")
    token = csrf(c, "/frontline/desk")

    def check(**data: str) -> str:
        r = c.post("/frontline/desk", data={"csrf_token": token, **data})
        assert r.status_code == 200, r.text
        return r.text

    page = check(mrz=expired_mrz())
    assert re.search(r'class="verdict check-document"[^>]*data-verdict="check_document"[^>]*>CHECK DOCUMENT<', page)
    assert "document expired on 2020-01-01" in page and "CLEAR" not in page.split('id="recent"')[0]
    page = check(mrz=_bad_digit(UNLISTED))
    assert 'data-verdict="check_document"' in page and "birth date check digit" in page
    page = check(mrz=_bad_digit(demo_mrz()))
    assert re.search(r'class="verdict hit"[^>]*>HIT — ARREST<', page)
    assert 'id="document-problems"' in page and "as well as the hit" in page
    page = check(mrz=UNLISTED)
    assert re.search(r'class="verdict clear"[^>]*>CLEAR<', page) and 'id="document-problems"' not in page
    assert page.count('<tr class="check_document">') == 2 and "Vraćenovići" in page


def test_desk_asks_the_crossing_point_once_per_shift_and_records_it(db_url: str) -> None:
    c = login("ba.pcc")
    token = csrf(c)
    page = c.get("/frontline/desk").text
    assert 'id="point-form"' in page and 'id="check-form"' not in page
    # No check without the point (whatever the form says).
    r = c.post("/frontline/desk", data={"csrf_token": token, "mrz": demo_mrz(), "crossing_point": "Elsewhere"})
    assert r.status_code == 422 and "Set the crossing point" in r.text
    r = c.post("/frontline/desk/point", data={"csrf_token": token, "crossing_point": "  "})
    assert r.status_code == 422
    r = c.post("/frontline/desk/point", data={"csrf_token": token, "crossing_point": "Klobuk"}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get("/frontline/desk").text
    assert 'id="point-form"' not in page and re.search(r'id="shift-point">.*<strong>Klobuk</strong>', page)
    for query in ({"mrz": demo_mrz()}, {"document": "X1234567", "document_country": "ME", "crossing_point": "Faked"}):
        c.post("/frontline/desk", data={"csrf_token": token, **query})
    with session_scope() as session:
        points = session.execute(select(FrontlineCheck.crossing_point).order_by(FrontlineCheck.id)).scalars().all()
    assert points[-2:] == ["Klobuk", "Klobuk"]
    # The point is bound to this sign-in: a forged or another session's cookie is not taken.
    cookie = c.cookies.get("liaison_desk_point")
    assert cookie and "Klobuk" not in cookie
    other = login("ba.pcc")
    other.cookies.set("liaison_desk_point", cookie, path="/frontline")
    assert 'id="point-form"' in other.get("/frontline/desk").text
    encoded, _, signature = cookie.partition(".")
    c.cookies.set("liaison_desk_point", encoded + "." + "0" * len(signature), path="/frontline")
    assert 'id="point-form"' in c.get("/frontline/desk").text


def test_desk_empty_submit_keeps_the_verdict(db_url: str) -> None:
    c = desk_client()
    token = csrf(c, "/frontline/desk")
    r = c.post("/frontline/desk", data={"csrf_token": token, "mrz": demo_mrz()})
    check_id = re.search(r'data-check="(\d+)"', r.text).group(1)  # type: ignore[union-attr]
    assert f'name="shown" id="shown" value="{check_id}"' in r.text
    with session_scope() as session:
        before = len(session.execute(select(FrontlineCheck.id)).all())
    for empty in ({}, {"mrz": "  ", "name": "\u200b"}):
        r = c.post("/frontline/desk", data={"csrf_token": token, "shown": check_id, **empty})
        assert r.status_code == 422 and "NOT CHECKED" not in r.text and "Nothing to check" in r.text
        assert re.search(r'class="verdict hit"[^>]*data-check="' + check_id + r'"[^>]*>HIT — ARREST<', r.text)
    with session_scope() as session:
        assert len(session.execute(select(FrontlineCheck.id)).all()) == before, "nothing was checked"
    # A check id of another agency is not shown.
    other = api("rs.border").post("/api/v1/frontline/checks", json={"mrz": demo_mrz()}).json()["check_id"]
    r = c.post("/frontline/desk", data={"csrf_token": token, "shown": str(other)})
    assert 'id="verdict">Ready<' in r.text.replace("\n", "")


def test_frontline_officers_land_on_the_desk(db_url: str) -> None:
    for username, landing in (("ba.pcc", "/frontline/desk"), ("rs.border", "/frontline/desk"), ("me.supervisor", "/")):
        c = client()
        r = post_login(c, username)
        assert r.status_code == 303 and r.headers["location"] == landing, username
    c = client()
    data = {"username": "ba.pcc", "password": PASSWORD, "next": "/notifications", "csrf_token": login_csrf(c)}
    r = c.post("/login", data=data, follow_redirects=False)
    assert r.headers["location"] == "/notifications", "a page asked for is kept"


def test_demo_desk_tries_give_what_they_say(db_url: str) -> None:
    c = api("ba.pcc")
    fields = {
        "MRZ (paste both lines)": lambda v: {"mrz": v},
        "Plate + country": lambda v: dict(zip(("plate", "plate_country"), v.split(" / "), strict=True)),
        "Name + birth date": lambda v: dict(zip(("name", "birth_date"), v.split(" / "), strict=True)),
        "Document + country": lambda v: dict(zip(("document", "document_country"), v.split(" / "), strict=True)),
    }
    for field, value, expected in desk_tries():
        body = c.post("/api/v1/frontline/checks", json=fields[field](value)).json()
        label = verdict.LABELS[body["verdict"]]
        if body["hits"]:
            label += " — " + body["hits"][0]["action_label"].upper()
        assert expected.startswith(label), (field, value, body)
