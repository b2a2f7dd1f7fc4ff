"""Automatic hits between cases and agencies, with Prüm-style disclosure, and the cross-check."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from tests.helpers import agency_id, api


def _case(c, title: str = "t") -> int:  # type: ignore[no-untyped-def]
    r = c.post("/api/v1/cases", json={"title": title, "crime_areas": ["drugs_trafficking"]})
    assert r.status_code == 201
    return int(r.json()["id"])


def _person(c, case_id: int, names: list[str], birth: str | None = None, **extra):  # type: ignore[no-untyped-def]
    entity = {"type": "person", "names": names, **extra}
    if birth:
        entity["birth_date"] = birth
    r = c.post(f"/api/v1/cases/{case_id}/entities", json={"entity": entity})
    assert r.status_code == 201, r.text
    return r.json()


def _notifications(agency: str) -> int:
    from liaison.core.db import session_scope
    from liaison.notifications.models import Notification

    with session_scope() as s:
        return int(
            s.execute(
                select(func.count())
                .select_from(Notification)
                .where(Notification.agency_id == agency_id(agency), Notification.kind == "hit")
            ).scalar_one()
        )


def test_cross_script_hit_reaches_both_agencies_without_revealing_data(db_url: str) -> None:
    rs, al = api("rs.spoc"), api("al.officer")
    before_rs, before_al = _notifications("RS-SPOC"), _notifications("AL-SPOC")
    rs_case, al_case = _case(rs, "Belgrade case"), _case(al, "Tirana case")
    _person(rs, rs_case, ["Милош Ђорђевић"], "1984-02-11", nationality="RS")
    theirs = _person(al, al_case, ["DJORDJEVIC<<MILOS"], "1984-11-02")
    assert _notifications("RS-SPOC") == before_rs + 1 and _notifications("AL-SPOC") == before_al + 1
    hits = rs.get("/api/v1/hits", params={"status": "new"}).json()
    hit = next(h for h in hits if h["kind"] == "person" and h["other"]["agency_code"] == "AL-SPOC")
    assert hit["mine"]["visible"] is True and "Ђорђевић" in hit["mine"]["label"]
    assert hit["other"] == {
        "agency_code": "AL-SPOC",
        "agency_name": hit["other"]["agency_name"],
        "visible": False,
        "entity_id": None,
        "label": None,
        "type": None,
        "case_id": None,
    }
    assert "AL-SPOC" not in str(hit["explanation"]) and all("detail" not in e for e in hit["explanation"])
    assert "request" in hit["how_to_ask"].lower()
    fields = {e["field"]: e["outcome"] for e in hit["explanation"]}
    assert fields["birth_date"] == "swapped"
    # The other side's record stays out of reach.
    assert rs.get(f"/api/v1/entities/{theirs['id']}").status_code == 404
    # A third agency does not even learn of the hit.
    assert api("mk.duty").get(f"/api/v1/hits/{hit['id']}").status_code == 404


def test_name_alone_never_merges(db_url: str) -> None:
    rs, al = api("rs.spoc"), api("al.officer")
    a, b = _case(rs), _case(al)
    _person(rs, a, ["Marko Petrović"], "1980-01-01")
    before = len(al.get("/api/v1/hits").json())
    _person(al, b, ["Marko Petrović"], "1991-06-23")
    _person(al, b, ["Marko Petković"], "1980-01-01")
    _person(al, b, ["Marko Petrović"])
    assert len(al.get("/api/v1/hits").json()) == before


def test_shared_phone_is_a_hit_and_a_rejected_pair_stays_quiet(db_url: str) -> None:
    me, rs = api("me.drugs"), api("rs.spoc")
    a, b = _case(me), _case(rs)
    me.post(f"/api/v1/cases/{a}/entities", json={"entity": {"type": "phone", "number": "+381 64 1234567"}})
    r = rs.post(f"/api/v1/cases/{b}/entities", json={"entity": {"type": "phone", "number": "00381641234567"}})
    mine = r.json()
    hit = next(
        h for h in rs.get("/api/v1/hits").json() if h["kind"] == "phone" and h["mine"]["entity_id"] == mine["id"]
    )
    assert hit["score"] == 1.0
    r = rs.post(f"/api/v1/hits/{hit['id']}/decision", json={"status": "rejected", "note": "company switchboard"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    before = _notifications("RS-SPOC")
    # Recording the number again elsewhere in the same case raises no new alert for the rejected pair.
    rs.post(f"/api/v1/cases/{b}/entities", json={"entity": {"type": "phone", "number": "+381641234567"}})
    assert _notifications("RS-SPOC") == before + 1  # the new entity pairs once with ME's; not with the rejected one
    assert rs.get(f"/api/v1/hits/{hit['id']}").json()["status"] == "rejected"
    dpo = api("dpo")
    trail = dpo.get("/api/v1/audit", params={"object_type": "hit", "object_id": hit["id"]}).json()
    assert {"combination", "alteration"} <= {t["action"] for t in trail}


def test_documents_need_the_same_issuing_country(db_url: str) -> None:
    me, rs = api("me.drugs"), api("rs.spoc")
    a, b = _case(me), _case(rs)
    me.post(
        f"/api/v1/cases/{a}/entities",
        json={
            "entity": {
                "type": "identity_document",
                "document_type": "passport",
                "number": "012345678",
                "issuing_country": "RS",
            }
        },
    )
    r = rs.post(
        f"/api/v1/cases/{b}/entities",
        json={
            "entity": {
                "type": "identity_document",
                "document_type": "passport",
                "number": "012345678",
                "issuing_country": "ME",
            }
        },
    )
    mine = r.json()["id"]
    assert not [h for h in rs.get("/api/v1/hits").json() if h["mine"]["entity_id"] == mine]
    r = rs.post(
        f"/api/v1/cases/{b}/entities",
        json={
            "entity": {
                "type": "identity_document",
                "document_type": "passport",
                "number": "0123 45678",
                "issuing_country": "RS",
            }
        },
    )
    mine = r.json()["id"]
    assert [h for h in rs.get("/api/v1/hits").json() if h["mine"]["entity_id"] == mine]


def test_incoming_request_cross_check_within_rights(db_url: str) -> None:
    """The seeded demo links ME's and DE's Petrović; MK, a participant of both cases, sees both sides."""
    from tests.helpers import login

    mk = login("mk.duty")
    page = mk.get("/cases/1").text
    assert "HIT" in page and "PETROWITSCH" in page
    me = login("me.drugs")
    page = me.get("/cases/1").text
    assert "HIT" in page and "details withheld" in page and "PETROWITSCH" not in page


def test_entity_validation_and_bad_identifiers_are_kept_and_flagged(db_url: str) -> None:
    me = api("me.drugs")
    r = me.post(
        "/api/v1/entities/validate", json={"entity": {"type": "person", "names": [], "birth_date": "1985-13-40"}}
    )
    body = r.json()
    assert body["valid"] is False and "names" in body["fields"] and "birth_date" in body["fields"]
    r = me.post("/api/v1/entities/validate", json={"entity": {"type": "vehicle", "vin": "WVWZZZ1JZXW000001"}})
    assert r.json()["valid"] is True
    case_id = _case(me)
    r = me.post(
        f"/api/v1/cases/{case_id}/entities",
        json={"entity": {"type": "bank_account", "iban": "ME25 5050 0001 2345 6789 99"}},
    )
    assert r.status_code == 201 and r.json()["problems"], "a bad IBAN checksum is kept and flagged"
    r = me.post(
        f"/api/v1/cases/{case_id}/entities", json={"entity": {"type": "person", "names": ["X"], "nationality": "YU"}}
    )
    assert r.status_code == 422 and "nationality" in str(r.json()["fields"])


def test_search_by_fuzzy_name_and_identifier_within_rights(db_url: str) -> None:
    me = api("me.drugs")
    found = me.get("/api/v1/entities", params={"name": "Dragan Petrovic", "birth_year": 1979}).json()
    assert [e["label"] for e in found] == ["Драган Петровић (1979-04-12)"]  # DE's record is not ME's to see
    found = me.get("/api/v1/entities", params={"identifier": "+389 70 123 456", "kind": "phone"}).json()
    assert len(found) == 1
    mk = api("mk.duty")
    assert len(mk.get("/api/v1/entities", params={"name": "Petrović Dragan"}).json()) == 2
    assert api("al.officer").get("/api/v1/entities", params={"name": "Dragan Petrovic"}).json() == []
    assert me.get("/api/v1/entities").status_code == 422


def test_ftm_export_and_all_or_nothing_import(db_url: str) -> None:
    me = api("me.drugs")
    text = me.get("/api/v1/cases/1/entities.ftm.jsonl").text
    lines = [line for line in text.splitlines() if line]
    assert len(lines) == 2 and '"schema": "Person"' in text.replace('":"', '": "')
    target = _case(me)
    bad = text + '{"id": "x", "schema": "Person", "properties": {"birthDate": ["not a date"]}}\n'
    r = me.post(
        f"/api/v1/cases/{target}/entities/import", content=bad, headers={"content-type": "application/x-ndjson"}
    )
    assert r.status_code == 422 and "line 3" in r.json()["fields"]
    assert me.get(f"/api/v1/cases/{target}/entities").json() == []
    r = me.post(
        f"/api/v1/cases/{target}/entities/import", content=text, headers={"content-type": "application/x-ndjson"}
    )
    assert r.status_code == 200 and r.json()["imported"] == 2


def test_erasing_a_case_removes_its_entities_and_hits(db_url: str) -> None:
    from liaison.accounts.service import create_user
    from liaison.core.db import session_scope
    from liaison.entities.models import EntityRecord
    from liaison.matching.models import Hit

    with session_scope() as s:
        create_user(
            s,
            username="me.chief",
            full_name="Chief",
            agency_code="ME-POL-DRUGS",
            role="supervisor",
            password="a-long-password-1",
        )
    with session_scope() as s:
        erased = list(s.execute(select(EntityRecord.id).where(EntityRecord.case_id == 1)).scalars())
        touching = or_(Hit.entity_a_id.in_(erased), Hit.entity_b_id.in_(erased))
        assert erased and s.execute(select(func.count()).select_from(Hit).where(touching)).scalar_one() > 0
    r = api("me.chief").post("/api/v1/cases/1/erase", json={"justification": "no longer needed"})
    assert r.status_code == 200
    with session_scope() as s:
        assert (
            s.execute(select(func.count()).select_from(EntityRecord).where(EntityRecord.case_id == 1)).scalar_one() == 0
        )
        # The case's hits are gone (the agency's hits from other cases, e.g. the demo's action day, stay).
        assert s.execute(select(func.count()).select_from(Hit).where(touching)).scalar_one() == 0
    assert api("de.bka").get("/api/v1/hits").json() == [] or all(
        h["other"]["agency_code"] != "ME-POL-DRUGS" for h in api("de.bka").get("/api/v1/hits").json()
    )
