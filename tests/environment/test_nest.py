"""NEST workspace: task-force rules, environmental cases, and who may see them (on both backends)."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.helpers import api, login


def _demo_nest(c) -> dict:  # type: ignore[no-untyped-def]
    forces = c.get("/api/v1/environment/task-forces").json()
    return next(tf for tf in forces if tf["name"] == "NEST North Macedonia")


def _task_forces() -> int:
    from liaison.core.db import session_scope
    from liaison.environment.models import TaskForce

    with session_scope() as s:
        return int(s.execute(select(func.count()).select_from(TaskForce)).scalar_one())


def test_demo_nest_joins_four_kinds_with_partners_abroad(db_url: str) -> None:
    c = api("mk.customs")
    tf = c.get(f"/api/v1/environment/task-forces/{_demo_nest(c)['id']}").json()
    assert tf["country"] == "MK"
    assert {m["kind"] for m in tf["members"]} == {"police", "customs", "environment", "prosecution"}
    assert {p["code"] for p in tf["partners"]} == {"IT-SCIP", "AT-BK"}
    assert sorted(x["category"] for x in tf["cases"]) == ["ods", "waste", "wildlife"]


def test_members_see_every_case_partners_only_what_was_shared(db_url: str) -> None:
    tf_id = _demo_nest(api("mk.customs"))["id"]
    prosecutor = api("mk.prosecutor")
    cases = prosecutor.get(f"/api/v1/environment/task-forces/{tf_id}").json()["cases"]
    assert len(cases) == 3
    # A member agency that did not open the case can open it in the case system.
    assert all(prosecutor.get(f"/api/v1/cases/{x['id']}").status_code == 200 for x in cases)
    italy = api("it.scip").get(f"/api/v1/environment/task-forces/{tf_id}").json()
    assert [x["category"] for x in italy["cases"]] == ["wildlife"]


def test_non_members_get_404_for_the_task_force_its_cases_and_seizures(db_url: str) -> None:
    mk = api("mk.customs")
    tf = mk.get(f"/api/v1/environment/task-forces/{_demo_nest(mk)['id']}").json()
    case_id = tf["cases"][0]["id"]
    seizure_id = mk.get(f"/api/v1/environment/cases/{case_id}/seizures").json()[0]["id"]
    for outsider in ("al.officer", "mk.duty"):  # abroad, and same country but not a member
        c = api(outsider)
        assert c.get(f"/api/v1/environment/task-forces/{tf['id']}").status_code == 404
        assert c.get(f"/api/v1/cases/{case_id}").status_code == 404
        assert c.get(f"/api/v1/environment/cases/{case_id}/seizures").status_code == 404
        assert c.get(f"/api/v1/environment/seizures/{seizure_id}").status_code == 404
        assert all(t["id"] != tf["id"] for t in c.get("/api/v1/environment/task-forces").json())
    page = login("al.officer").get(f"/environment/task-forces/{tf['id']}")
    assert page.status_code == 404 and "NEST" not in page.text


def test_task_force_rules(db_url: str) -> None:
    c = api("rs.spoc")
    before = _task_forces()
    cases = [
        ({"name": "NEST RS", "members": ["RS-CUSTOMS", "MK-ENV"]}, "members", "one country"),
        ({"name": "NEST RS", "members": []}, "members", "different types"),
        ({"name": "NEST RS", "members": ["RS-CUSTOMS"], "partners": ["RS-ENV"]}, "partners", "abroad"),
        ({"name": "NEST RS", "members": ["RS-CUSTOMS", "XX-NOPE"]}, "members", "XX-NOPE"),
        ({"name": " ", "members": ["RS-CUSTOMS"]}, "name", "name"),
        ({"name": "NEST RS", "members": ["RS-CUSTOMS"], "partners": ["NL-EUROPOL", "RS-CUSTOMS"]}, "partners", ""),
    ]
    for payload, field, words in cases:
        r = c.post("/api/v1/environment/task-forces", json=payload)
        assert r.status_code == 422, (payload, r.text)
        assert words in r.json()["fields"][field], r.json()
    assert _task_forces() == before  # nothing half-written
    r = c.post(
        "/api/v1/environment/task-forces",
        json={"name": "NEST Serbia", "members": ["RS-CUSTOMS", "RS-ENV"], "partners": ["AT-BK"]},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["country"] == "RS"
    assert {m["code"] for m in body["members"]} == {"RS-SPOC", "RS-CUSTOMS", "RS-ENV"}


def test_opening_a_case_shares_it_with_the_members(db_url: str) -> None:
    mk = api("mk.env")
    tf_id = _demo_nest(mk)["id"]
    r = mk.post(
        f"/api/v1/environment/task-forces/{tf_id}/cases",
        json={"title": "Illegal eel fishing on Lake Ohrid", "category": "fishing"},
    )
    assert r.status_code == 201, r.text
    case = r.json()
    assert mk.get(f"/api/v1/cases/{case['id']}").json()["case"]["crime_areas"] == ["environmental_crime"]
    seen = api("mk.prosecutor").get(f"/api/v1/cases/{case['id']}")
    assert seen.status_code == 200
    # A member sees its own notification only (each message is disclosed to its addressee alone), and the
    # case's own data because the owner shared the case with every member (cases/access.py).
    assert [m["kind"] for m in seen.json()["messages"]].count("notification") == 1
    assert seen.json()["case_data_shared"] is True
    # Bad category and partners opening cases are refused with a reason.
    r = mk.post(f"/api/v1/environment/task-forces/{tf_id}/cases", json={"title": "x", "category": "noise"})
    assert r.status_code == 422 and "category" in r.json()["fields"]
    r = api("it.scip").post(f"/api/v1/environment/task-forces/{tf_id}/cases", json={"title": "x", "category": "waste"})
    assert r.status_code == 422 and "partners" in r.json()["error"]


def test_task_force_page_lists_members_and_cases(db_url: str) -> None:
    c = login("mk.prosecutor")
    tf_id = _demo_nest(api("mk.prosecutor"))["id"]
    r = c.get(f"/environment/task-forces/{tf_id}")
    assert r.status_code == 200
    for text in ("NEST North Macedonia", "Environment inspectorate", "Prosecution", "IT-SCIP", "Songbird trapping"):
        assert text in r.text
    assert "NEST North Macedonia" in c.get("/environment").text
