"""Issue 8, frontline part: only frontline users check; hits on others' H2/H3 entries show no data."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from liaison.frontline.demo import RESTRICTED_DOCUMENT, demo_mrz
from liaison.frontline.matching import OPEN_HANDLING, may_disclose
from tests.frontline.util import csv_text, desk_client, do_import, doc
from tests.helpers import api, csrf, login

#: Users whose duties are not checks: a data-protection officer, an analyst, a prosecutor.
NOT_FRONTLINE = ("dpo", "me.analyst", "me.prosecutor")
H2_QUERY = {"document": RESTRICTED_DOCUMENT[1], "document_country": RESTRICTED_DOCUMENT[0]}


def _add_user(username: str, agency: str, role: str, extra: tuple[str, ...] = ()) -> None:
    from liaison.accounts.service import create_user
    from liaison.core.db import session_scope
    from liaison.demo import PASSWORD

    with session_scope() as s:
        create_user(
            s,
            username=username,
            full_name=username,
            agency_code=agency,
            role=role,
            password=PASSWORD,
            extra_roles=extra,
        )


def _refusals(username: str) -> list[dict[str, object]]:
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    with session_scope() as s:
        rows = s.execute(
            select(AuditRecord).where(AuditRecord.action == "access_denied", AuditRecord.actor_name == username)
        ).scalars()
        return [dict(r.details, object_type=r.object_type) for r in rows]


def test_the_disclosure_rule() -> None:
    assert {"H0", "H1"} == OPEN_HANDLING
    for code in ("H0", "H1"):
        assert may_disclose(code, "RS-SPOC", "BA-PCC-TREBINJE")
    for code in ("H2", "H3"):
        assert not may_disclose(code, "RS-SPOC", "BA-PCC-TREBINJE")
        assert not may_disclose(code, "RS-SPOC", None)
        assert may_disclose(code, "RS-SPOC", "RS-SPOC")  # an agency always sees its own data
        assert may_disclose(code, "RS-SPOC", "BA-PCC-TREBINJE", {"H0", "H1", code})  # explicitly allowed


def test_users_without_the_frontline_role_are_refused_and_audited(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    _add_user("me.prosecutor", "ME-PROS", "officer")
    caplog.set_level(logging.WARNING, logger="liaison.security")
    for username in NOT_FRONTLINE:
        c = api(username)
        r = c.post("/api/v1/frontline/checks", json={"name": "Dragan Petrović", "birth_date": "1979-03-14"})
        assert r.status_code == 403 and "frontline role" in r.json()["error"], username
        assert c.get("/api/v1/frontline/checks").status_code == 403
        page = login(username)
        r = page.get("/frontline/desk")
        assert r.status_code == 403 and "frontline role" in r.text
        token = csrf(page, "/inbox")
        r = page.post("/frontline/desk", data={"csrf_token": token, **H2_QUERY, "crossing_point": "Trebinje"})
        assert r.status_code == 403 and "NOT CHECKED" not in r.text and "HIT" not in r.text
        refusals = _refusals(username)
        assert [d["event"] for d in refusals] == ["check_refused"] * 4, refusals
        assert {d["via"] for d in refusals} == {"check", "recent_checks", "desk"}
        assert {d["object_type"] for d in refusals} == {"frontline_check"}
    # Nothing was checked, so nothing was logged as a check or notified.
    from liaison.core.db import session_scope
    from liaison.frontline.models import FrontlineCheck

    with session_scope() as s:
        assert s.execute(select(FrontlineCheck)).first() is None
    logged = [r.getMessage() for r in caplog.records if "frontline check refused" in r.getMessage()]
    assert len(logged) == 4 * len(NOT_FRONTLINE)
    assert not any(secret in m for m in logged for secret in ("Petrović", "1979", RESTRICTED_DOCUMENT[1]))


def test_frontline_users_check_and_see_the_desk_link(db_url: str) -> None:
    # A PCC officer (primary role), a border police officer, a supervisor holding the role as an extra.
    for username in ("ba.pcc", "rs.border", "me.supervisor"):
        r = api(username).post("/api/v1/frontline/checks", json={"mrz": demo_mrz()})
        assert r.status_code == 200 and r.json()["verdict"] == "hit", username
        assert 'href="/frontline/desk"' in login(username).get("/inbox").text
    for username in ("me.analyst", "dpo", "mk.duty"):
        assert 'href="/frontline/desk"' not in login(username).get("/inbox").text
    assert _refusals("ba.pcc") == []


def test_an_administrator_needs_the_role_explicitly(db_url: str) -> None:
    _add_user("root2", "ME-SPOC", "admin")
    _add_user("root3", "ME-SPOC", "admin", ("frontline",))
    assert api("root2").post("/api/v1/frontline/checks", json={"mrz": demo_mrz()}).status_code == 403
    assert api("root2").get("/api/v1/agencies").status_code != 403  # still passes every other check
    assert api("root3").post("/api/v1/frontline/checks", json={"mrz": demo_mrz()}).status_code == 200


def _assert_withheld(hit: dict[str, object]) -> None:
    assert hit["withheld"] is True
    assert hit["owner"] == "RS-SPOC" and hit["contact_point"] and hit["action"] == "seize"
    assert hit["list"] == "" and hit["entry_id"] == "" and hit["category"] == "" and hit["reference"] == ""
    text = str(hit)
    for listed in ("RS-SLTD-H2-DEMO", "RS/DOC/2026/0002", RESTRICTED_DOCUMENT[1], "passport", "rs-sltd"):
        assert listed not in text, listed


def test_a_hit_on_another_agencys_h2_entry_shows_no_data(db_url: str) -> None:
    c = api("ba.pcc")
    body = c.post("/api/v1/frontline/checks", json={**H2_QUERY, "crossing_point": "Trebinje"}).json()
    assert body["verdict"] == "hit" and len(body["hits"]) == 1
    _assert_withheld(body["hits"][0])
    # The desk's log and the check page keep it withheld from the checker; the owner sees its record.
    recent = c.get("/api/v1/frontline/checks").json()["items"][0]["hits"][0]
    assert recent["list"] == "" and recent["record_id"] == ""
    checker_page = login("ba.pcc").get(f"/frontline/checks/{body['check_id']}").text
    assert "RS-SLTD-H2-DEMO" not in checker_page and "rs-sltd" not in checker_page
    assert "RS-SLTD-H2-DEMO" in login("rs.spoc").get(f"/frontline/checks/{body['check_id']}").text
    # H3 of another agency: the same; the owner is notified with its own record id.
    do_import(csv_text([doc("RS-H3-1", "555555555", handling_code="H3")]), list_name="rs-h3", owner="RS-SPOC")
    hit = c.post("/api/v1/frontline/checks", json={"document": "555555555", "document_country": "RS"}).json()
    assert hit["hits"][0]["withheld"] is True and "RS-H3-1" not in str(hit)
    assert "rs-h3/RS-H3-1" in login("rs.spoc").get("/notifications").text


def test_the_desk_page_and_follow_up_keep_h2_data_withheld(db_url: str) -> None:
    c = desk_client("ba.pcc", "Trebinje")
    token = csrf(c, "/frontline/desk")
    r = c.post("/frontline/desk", data={"csrf_token": token, **H2_QUERY})
    assert r.status_code == 200 and re.search(r'data-verdict="hit">HIT — SEIZE', r.text)
    assert "restricted entry" in r.text and "Contact RS-SPOC" in r.text
    for listed in ("RS-SLTD-H2-DEMO", "RS/DOC/2026/0002", "rs-sltd /"):
        assert listed not in r.text, listed
    check_id = re.search(r"/frontline/checks/(\d+)/hits/0/case", r.text).group(1)  # type: ignore[union-attr]
    r = c.post(f"/frontline/checks/{check_id}/hits/0/case", data={"csrf_token": token}, follow_redirects=False)
    draft = c.get(r.headers["location"]).text
    assert "RS-SLTD-H2-DEMO" not in draft and f"frontline check {check_id}" in draft


def test_own_h2_entries_and_open_codes_show_full_data(db_url: str) -> None:
    # A frontline officer of the owning agency (role given as an extra) sees its own H2 entry in full.
    _add_user("rs.desk", "RS-SPOC", "officer", ("frontline",))
    hit = api("rs.desk").post("/api/v1/frontline/checks", json=H2_QUERY).json()["hits"][0]
    assert hit["withheld"] is False and hit["entry_id"] == "RS-SLTD-H2-DEMO" and hit["reference"]
    # H0 and H1 entries of other agencies: full data for anyone checking.
    hits = api("ba.pcc").post("/api/v1/frontline/checks", json={"mrz": demo_mrz()}).json()["hits"]
    assert {(h["entry_id"], h["handling_code"], h["withheld"]) for h in hits} == {
        ("RS-P-0001", "H1", False),
        ("RS-SLTD-DEMO", "H0", False),
    }
    assert any("Dragan Petrović" in h["explanation"] for h in hits)


def test_the_replica_applies_the_same_rule(db_url: str, tmp_path: object) -> None:
    from pathlib import Path

    from liaison.core.db import session_scope
    from liaison.frontline.matching import CheckQuery
    from liaison.frontline.replica import Replica, export, keygen, load_private_key, load_public_key

    folder = Path(str(tmp_path))
    keygen(folder / "k.key", folder / "k.pub")
    key, pub = load_private_key(folder / "k.key"), load_public_key(str(folder / "k.pub"))
    query = CheckQuery(**H2_QUERY)
    with session_scope() as s:
        export(s, folder / "ba.lrep", key, agency_code="BA-PCC-TREBINJE")
        export(s, folder / "rs.lrep", key, agency_code="RS-SPOC")
    assert not Replica(folder / "ba.lrep", pub).check(query).hits
    own = Replica(folder / "rs.lrep", pub).check(query).hits
    assert len(own) == 1 and own[0].entry_id == "RS-SLTD-H2-DEMO" and not own[0].withheld
