"""Operations, meetings, action items, results and migration incidents through the API and the pages."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.helpers import api, csrf, login

DAY = "2020-03-10"


def _case(c: TestClient, title: str = "JAD case") -> int:
    r = c.post("/api/v1/cases", json={"title": title, "crime_areas": ["drugs_trafficking"]})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _operation(c: TestClient, **extra: Any) -> dict[str, Any]:
    body = {
        "title": "Action day Bar–Durrës",
        "kind": "joint_action_day",
        "crime_area": "drugs_trafficking",
        "empact_priority": "drugs_trafficking",
        "starts_on": DAY,
        "agencies": ["AL-SPOC", "MK-SPOC"],
        **extra,
    }
    r = c.post("/api/v1/operations", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_operation_visible_to_its_agencies_only(db_url: str) -> None:
    me = api("me.drugs")
    op = _operation(me)
    assert op["lead_agency"] == "ME-POL-DRUGS"
    assert set(op["countries"]) == {"AL", "ME", "MK"}
    assert api("al.officer").get(f"/api/v1/operations/{op['id']}").status_code == 200
    assert api("xk.spoc").get(f"/api/v1/operations/{op['id']}").status_code == 404
    assert op["id"] not in [o["id"] for o in api("xk.spoc").get("/api/v1/operations").json()]


def test_operation_refuses_bad_input(db_url: str) -> None:
    r = api("me.drugs").post(
        "/api/v1/operations",
        json={"title": "", "kind": "picnic", "crime_area": "x", "starts_on": DAY, "agencies": ["NOPE"]},
    )
    assert r.status_code == 422
    assert {"title", "kind", "crime_area", "agencies"} <= set(r.json()["fields"])


def test_meeting_action_items_reach_the_owner_inbox_and_escalations(db_url: str) -> None:
    me = api("me.drugs")
    op = _operation(me)
    r = me.post(
        "/api/v1/meetings",
        json={
            "title": "Operational meeting ME–MK drugs units",
            "held_on": "2020-03-01",
            "operation_id": op["id"],
            "place": "Skopje",
            "agenda": "Targets",
            "minutes": "Restricted minutes text",
            "minutes_handling_code": "H2",
            "participants": [{"agency": "MK-SPOC", "person_name": "Aleksandar Stojanovski"}],
            "action_items": [{"title": "Send the phone list", "owner": "MK-SPOC", "due_on": "2020-03-05"}],
        },
    )
    assert r.status_code == 201, r.text
    meeting = r.json()
    assert meeting["minutes"] == "Restricted minutes text"
    # AL-SPOC takes part in the operation but not the meeting: it sees the meeting, not H2 minutes.
    seen = api("al.officer").get(f"/api/v1/meetings/{meeting['id']}").json()
    assert seen["minutes"] is None and seen["agenda"] == "Targets"
    assert api("xk.spoc").get(f"/api/v1/meetings/{meeting['id']}").status_code == 404
    owed = [i for i in api("mk.duty").get("/api/v1/action-items").json() if i["meeting_id"] == meeting["id"]]
    assert [i["title"] for i in owed] == ["Send the phone list"]
    page = login("mk.duty").get("/inbox").text
    assert "Send the phone list" in page and 'id="action-items"' in page
    esc = login("mk.supervisor").get("/escalations").text
    assert "Send the phone list" in esc
    item_id = owed[0]["id"]
    assert api("al.officer").post(f"/api/v1/action-items/{item_id}/status", json={"status": "done"}).status_code == 404
    done = api("mk.duty").post(f"/api/v1/action-items/{item_id}/status", json={"status": "done"})
    assert done.json()["status"] == "done"
    assert item_id not in [i["id"] for i in api("mk.duty").get("/api/v1/action-items").json()]
    printable = login("me.drugs").get(f"/operations/meetings/{meeting['id']}?view=print")
    assert printable.status_code == 200 and "Restricted minutes text" in printable.text and "<nav" not in printable.text


def test_arrest_records_a_person_entity_that_is_matched(db_url: str) -> None:
    me, al = api("me.drugs"), api("al.officer")
    op = _operation(me)
    person = {"names": ["Marko Ivanović"], "birth_date": "1991-04-12"}
    r1 = me.post(
        "/api/v1/results",
        json={
            "kind": "arrest",
            "occurred_on": DAY,
            "crime_area": "drugs_trafficking",
            "operation_id": op["id"],
            "case_id": _case(me),
            "person": person,
        },
    )
    assert r1.status_code == 201, r1.text
    assert r1.json()["entity_id"] and r1.json()["person"].startswith("Marko")
    r2 = al.post(
        "/api/v1/results",
        json={
            "kind": "arrest",
            "occurred_on": DAY,
            "crime_area": "drugs_trafficking",
            "operation_id": op["id"],
            "case_id": _case(al),
            "person": {**person, "names": ["Marko Ivanovic"]},
        },
    )
    assert r2.status_code == 201, r2.text
    # Every entity goes through matching: the two reports of one person are a hit for both agencies.
    hits = me.get("/api/v1/hits").json()
    assert any(h["other"]["agency_code"] == "AL-SPOC" and h["kind"] == "person" for h in hits)
    # The other agency sees the result (same operation, H0) but not the person entity itself.
    shown = me.get(f"/api/v1/results/{r2.json()['id']}").json()
    assert shown["agency"] == "AL-SPOC" and "Marko" not in (shown["person"] or "")


def test_result_needs_a_link_and_an_arrest_needs_a_person(db_url: str) -> None:
    me = api("me.drugs")
    r = me.post("/api/v1/results", json={"kind": "arrest", "occurred_on": DAY, "crime_area": "drugs_trafficking"})
    assert r.status_code == 422 and "operation_id" in r.json()["fields"]
    op = _operation(me)
    r = me.post(
        "/api/v1/results",
        json={
            "kind": "seizure",
            "category": "plutonium",
            "occurred_on": DAY,
            "crime_area": "drugs_trafficking",
            "operation_id": op["id"],
        },
    )
    assert r.status_code == 422 and "category" in r.json()["fields"]
    r = me.post(
        "/api/v1/results",
        json={
            "kind": "arrest",
            "occurred_on": DAY,
            "crime_area": "drugs_trafficking",
            "operation_id": op["id"],
            "person": {"names": ["X Y"]},
        },
    )
    assert r.status_code == 422 and "person" in r.json()["fields"]


def test_h2_result_is_not_shown_to_other_operation_agencies(db_url: str) -> None:
    me = api("me.drugs")
    op = _operation(me)
    r = me.post(
        "/api/v1/results",
        json={
            "kind": "seizure",
            "category": "cocaine",
            "quantity": 3,
            "occurred_on": DAY,
            "crime_area": "drugs_trafficking",
            "operation_id": op["id"],
            "handling_code": "H2",
        },
    )
    rid = r.json()["id"]
    assert me.get(f"/api/v1/results/{rid}").status_code == 200
    assert api("al.officer").get(f"/api/v1/results/{rid}").status_code == 404


def test_migration_incident_with_facilitator_vehicle_and_readmission(db_url: str) -> None:
    border, sup = api("rs.border"), api("me.supervisor")
    case = _case(border, "Group at the MK border")
    r = border.post(
        "/api/v1/migration/incidents",
        json={
            "kind": "apprehension",
            "occurred_at": "2020-03-10T03:40:00+00:00",
            "case_id": case,
            "place": "Preševo",
            "border_section": "RS–MK",
            "group_size": 12,
            "nationalities": ["af", "PK"],
            "route": "GR → MK → RS",
            "false_documents": 2,
            "facilitators": [{"names": ["Goran Petrovski"], "birth_date": "1984-03-14"}],
            "vehicle": {"plate": "SK 1234 AB", "plate_country": "MK"},
        },
    )
    assert r.status_code == 201, r.text
    inc = r.json()
    assert inc["nationalities"] == ["AF", "PK"] and len(inc["facilitator_entity_ids"]) == 1
    assert len(inc["vehicle_entity_ids"]) == 1
    assert (
        border.post(
            f"/api/v1/migration/incidents/{inc['id']}/readmission", json={"to_country": "AL", "persons": 3}
        ).status_code
        == 422
    )
    assert (
        border.put(
            "/api/v1/migration/readmission-rules", json={"from_country": "RS", "to_country": "AL", "deadline_hours": 48}
        ).status_code
        == 403
    )
    rule = sup.put(
        "/api/v1/migration/readmission-rules",
        json={"from_country": "RS", "to_country": "AL", "deadline_hours": 48, "reference": "test"},
    )
    assert rule.status_code == 200
    ok = border.post(f"/api/v1/migration/incidents/{inc['id']}/readmission", json={"to_country": "AL", "persons": 3})
    assert ok.status_code == 201, ok.text
    detail = border.get(f"/api/v1/migration/incidents/{inc['id']}").json()
    assert detail["readmissions"][0]["deadline_at"].startswith(ok.json()["deadline_at"][:13])
    assert api("xk.spoc").get(f"/api/v1/migration/incidents/{inc['id']}").status_code == 404


def test_pages_show_operation_and_result_forms(db_url: str) -> None:
    c = login("me.drugs")
    assert 'href="/operations"' in c.get("/inbox").text
    token = csrf(c, "/operations")
    r = c.post(
        "/operations",
        data={
            "csrf_token": token,
            "title": "Page operation",
            "kind": "action_day",
            "crime_area": "drugs_trafficking",
            "starts_on": DAY,
            "agencies": ["AL-SPOC"],
            "handling_code": "H0",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    page = c.get(url).text
    assert "Page operation" in page and "AL-SPOC" in page
    bad = c.post(
        url + "/results",
        data={
            "csrf_token": token,
            "kind": "seizure",
            "occurred_on": DAY,
            "crime_area": "drugs_trafficking",
            "category": "nope",
        },
    )
    assert bad.status_code == 422 and 'id="form-error"' in bad.text
    good = c.post(
        url + "/results",
        data={
            "csrf_token": token,
            "kind": "seizure",
            "occurred_on": DAY,
            "crime_area": "drugs_trafficking",
            "category": "cannabis",
            "quantity": "12,5",
        },
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert "12.5 kg" in c.get(url).text
