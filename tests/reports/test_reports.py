"""Reports count each person once, within the reader's rights, and trace every figure to its records.

The test plants overlapping reports: Montenegro and Albania both report the arrest of the same courier
(spelled with and without diacritics, on their own cases), Montenegro reports him twice on its own case
(where the hit engine raises no hit: the person decision is asked directly), North Macedonia arrests a
namesake born a year later (another person), and Albania reports an H2 seizure that Montenegro must not
count. Two border agencies report the same facilitator.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.helpers import api, login

PERIOD = {"from": "2020-03-01", "to": "2020-03-31"}
DAY = "2020-03-10"
COURIER = {"names": ["Marko Ivanović"], "birth_date": "1991-04-12", "nationality": ["ME"]}


def _case(c: TestClient, title: str = "JAD case") -> int:
    r = c.post("/api/v1/cases", json={"title": title, "crime_areas": ["drugs_trafficking"]})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _result(c: TestClient, **body: Any) -> int:
    r = c.post("/api/v1/results", json={"occurred_on": DAY, "crime_area": "drugs_trafficking", **body})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _plant() -> dict[str, Any]:
    me, al, mk = api("me.drugs"), api("al.officer"), api("mk.duty")
    op = me.post(
        "/api/v1/operations",
        json={
            "title": "JAD test",
            "kind": "joint_action_day",
            "crime_area": "drugs_trafficking",
            "starts_on": DAY,
            "agencies": ["AL-SPOC", "MK-SPOC"],
        },
    ).json()["id"]
    me_case, al_case, mk_case = _case(me), _case(al), _case(mk)
    ids: dict[str, Any] = {"op": op}
    ids["arrests"] = [
        _result(me, kind="arrest", operation_id=op, case_id=me_case, person=COURIER),
        _result(me, kind="arrest", operation_id=op, case_id=me_case, person={**COURIER, "names": ["Marko Ivanovic"]}),
        _result(al, kind="arrest", operation_id=op, case_id=al_case, person={**COURIER, "names": ["IVANOVIC Marko"]}),
        _result(
            al,
            kind="arrest",
            operation_id=op,
            case_id=al_case,
            crime_area="migrant_smuggling",
            person={"names": ["Ilir Dervishi"], "birth_date": "1987-09-30"},
        ),
        _result(
            mk,
            kind="arrest",
            operation_id=op,
            case_id=mk_case,
            country="MK",
            person={"names": ["Marko Ivanović"], "birth_date": "1992-04-12"},
        ),
    ]
    _result(me, kind="deployment", operation_id=op, quantity=50)
    _result(al, kind="deployment", operation_id=op, quantity=30)
    _result(me, kind="check", category="persons", operation_id=op, quantity=500)
    _result(me, kind="seizure", category="cannabis", operation_id=op, quantity=100)
    _result(al, kind="seizure", category="cannabis", operation_id=op, quantity=20.5)
    ids["h2"] = _result(al, kind="seizure", category="cocaine", operation_id=op, quantity=5, handling_code="H2")
    for who, size in (("me.drugs", 12), ("al.officer", 7)):
        c = api(who)
        r = c.post(
            "/api/v1/migration/incidents",
            json={
                "kind": "apprehension",
                "occurred_at": f"{DAY}T02:00:00+00:00",
                "operation_id": op,
                "case_id": _case(c),
                "border_section": "ME–AL Božaj",
                "group_size": size,
                "false_documents": 1,
                "facilitators": [{"names": ["Goran Petrovski"], "birth_date": "1984-03-14"}],
            },
        )
        assert r.status_code == 201, r.text
    return ids


def _fig(report: dict[str, Any], section: str, label: str) -> Any:
    found = [f for f in report["figures"] if f["section"] == section and f["label"] == label]
    assert found, (section, label, [(f["section"], f["label"]) for f in report["figures"]])
    return found[0]


def test_planted_duplicates_count_once_for_each_reader(db_url: str) -> None:
    ids = _plant()
    me = api("me.drugs").get("/api/v1/reports/operation", params=PERIOD).json()
    arrests = _fig(me, "Arrests by crime area", "All arrests (each person once)")
    assert arrests["value"] == 3  # the courier (3 reports), Dervishi, the namesake born in 1992
    assert sorted(int(r.split(":")[1]) for r in arrests["records"]) == sorted(ids["arrests"])
    assert _fig(me, "Arrests by crime area", "Drugs trafficking")["value"] == 2
    assert _fig(me, "Arrests by crime area", "Migrant smuggling")["value"] == 1
    assert _fig(me, "Deployment", "Officers deployed")["value"] == 80
    assert _fig(me, "Checks", "Persons checked")["value"] == 500
    assert _fig(me, "Seizures", "Cannabis")["value"] == 120.5
    assert not [f for f in me["figures"] if f["label"] == "Cocaine"]  # Albania's H2 seizure
    assert _fig(me, "Migration", "Illegal entries detected")["value"] == 19
    assert _fig(me, "Migration", "Forged documents")["value"] == 2
    al = api("al.officer").get("/api/v1/reports/operation", params=PERIOD).json()
    assert _fig(al, "Seizures", "Cocaine")["value"] == 5
    assert _fig(al, "Arrests by crime area", "All arrests (each person once)")["value"] == 3
    xk = api("xk.spoc").get("/api/v1/reports/operation", params=PERIOD).json()
    assert _fig(xk, "Arrests by crime area", "All arrests (each person once)")["value"] == 0

    results = api("me.drugs").get("/api/v1/reports/results", params=PERIOD).json()
    assert _fig(results, "Arrests by country", "ME")["value"] == 1
    assert _fig(results, "Arrests by country", "AL")["value"] == 1
    assert _fig(results, "Arrests by country", "MK")["value"] == 1
    assert _fig(results, "Arrests by month", "2020-03")["value"] == 3
    only_mk = api("me.drugs").get("/api/v1/reports/results", params={**PERIOD, "country": "MK"}).json()
    assert _fig(only_mk, "Arrests by month", "2020-03")["value"] == 1

    migration = api("me.drugs").get("/api/v1/reports/migration", params=PERIOD).json()
    section = "2020-03 · ME–AL Božaj"
    assert _fig(migration, section, "Illegal border crossings")["value"] == 19
    assert _fig(migration, section, "Facilitators (each person once)")["value"] == 1
    assert _fig(migration, section, "False documents")["value"] == 2


def test_every_figure_traces_to_its_records(db_url: str) -> None:
    ids = _plant()
    me = api("me.drugs")
    r = me.get(
        "/api/v1/reports/operation/explain",
        params={**PERIOD, "key": "Arrests by crime area|All arrests (each person once)"},
    )
    assert r.status_code == 200, r.text
    traced = r.json()["traced"]
    assert sorted(t["id"] for t in traced) == sorted(ids["arrests"])
    assert {t["agency"] for t in traced} == {"ME-POL-DRUGS", "AL-SPOC", "MK-SPOC"}
    page = login("me.drugs").get("/reports/operation", params=PERIOD)
    assert (
        page.status_code == 200 and 'id="report-data"' in page.text and "/reports/operation/explain?key=" in page.text
    )
    explain = login("me.drugs").get("/reports/operation/explain", params={**PERIOD, "key": "Seizures|Cannabis"})
    assert explain.status_code == 200 and 'id="explain-count">2<' in explain.text
    csv = login("me.drugs").get("/reports/operation/csv", params=PERIOD)
    assert csv.status_code == 200 and "Cannabis,120.5,kg" in csv.text
    assert me.get("/api/v1/reports/operation", params={**PERIOD, "format": "csv"}).text.startswith("section,label")
    assert me.get("/api/v1/reports/nope").status_code == 404
    assert me.get("/api/v1/reports/results", params={"from": "2020-03-31", "to": "2020-03-01"}).status_code == 422


def test_cli_report_json_and_explain(db_url: str) -> None:
    from liaison.cli import app

    ids = _plant()
    runner = CliRunner()
    out = runner.invoke(
        app,
        [
            "reports",
            "operation",
            "--from",
            PERIOD["from"],
            "--to",
            PERIOD["to"],
            "--json",
            "--explain",
            "--as",
            "me.drugs",
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    fig = _fig(data, "Arrests by crime area", "All arrests (each person once)")
    assert fig["value"] == 3 and sorted(t["id"] for t in fig["traced"]) == sorted(ids["arrests"])
    table = runner.invoke(
        app,
        ["reports", "results", "--from", PERIOD["from"], "--to", PERIOD["to"], "--country", "AL", "--as", "me.drugs"],
    )
    assert table.exit_code == 0 and "Arrests by country" in table.stdout
    bad = runner.invoke(app, ["reports", "operation", "--from", "March", "--as", "me.drugs"])
    assert bad.exit_code == 2


def test_tesat_counts_terrorism_records_for_those_who_may_see_them(db_url: str) -> None:
    rs = api("rs.spoc")
    case = rs.post("/api/v1/cases", json={"title": "Plot", "crime_areas": ["terrorism"], "handling_code": "H2"}).json()[
        "id"
    ]
    base = {"case_id": case, "crime_area": "terrorism"}
    _result(rs, kind="attack", category="foiled", **base)
    _result(rs, kind="attack", category="completed", **base)
    _result(
        rs,
        kind="arrest",
        affiliation="right_wing",
        person={"names": ["Petar Perić"], "birth_date": "1990-01-01"},
        **base,
    )
    _result(
        rs,
        kind="arrest",
        affiliation="right_wing",
        person={"names": ["Petar Peric"], "birth_date": "1990-01-01"},
        **base,
    )
    _result(rs, kind="court_decision", **base)
    mine = rs.get("/api/v1/reports/tesat", params=PERIOD).json()
    assert _fig(mine, "Arrests by affiliation", "Right-wing")["value"] == 1
    assert _fig(mine, "Attacks", "Foiled")["value"] == 1 and _fig(mine, "Attacks", "Completed")["value"] == 1
    assert _fig(mine, "Court decisions", "Court decisions")["value"] == 1
    other = api("mk.duty").get("/api/v1/reports/tesat", params=PERIOD).json()
    assert _fig(other, "Arrests by affiliation", "All arrests (each person once)")["value"] == 0


def test_spoc_statistics_count_requests_sent_received_and_answered(db_url: str) -> None:
    from tests.helpers import agency_id

    me, al = api("me.drugs"), api("al.officer")
    before_me = me.get("/api/v1/reports/spoc").json()
    before_al = al.get("/api/v1/reports/spoc").json()
    case = _case(me)
    sent = me.post(
        f"/api/v1/cases/{case}/messages",
        json={
            "kind": "request",
            "recipient_agency_id": agency_id("AL-SPOC"),
            "subject": "Owner of a phone",
            "priority": "urgent",
            "legal_basis_code": "EU-2023-977",
            "purpose": "Drug trafficking investigation",
        },
    )
    assert sent.status_code == 201, sent.text
    mid = sent.json()["id"]
    reply = al.post(
        f"/api/v1/cases/{case}/messages",
        json={"kind": "reply", "in_reply_to_id": mid, "subject": "Re: owner", "body": "Subscriber data attached"},
    )
    assert reply.status_code == 201, reply.text

    def value(report: dict[str, Any], section: str, label: str) -> int:
        return sum(f["value"] for f in report["figures"] if f["section"] == section and f["label"] == label)

    after_me = me.get("/api/v1/reports/spoc").json()
    after_al = al.get("/api/v1/reports/spoc").json()
    sent_sec, recv_sec, dl = (
        "Requests sent, by country",
        "Requests received, by country",
        "Answers to requests received",
    )
    assert value(after_me, sent_sec, "AL") == value(before_me, sent_sec, "AL") + 1
    assert value(after_me, "Urgency", "Urgent, sent") == value(before_me, "Urgency", "Urgent, sent") + 1
    assert value(after_al, recv_sec, "ME") == value(before_al, recv_sec, "ME") + 1
    assert (
        value(after_al, dl, "Answered within the deadline") == value(before_al, dl, "Answered within the deadline") + 1
    )
    assert f"message:{mid}" in _fig(after_al, recv_sec, "ME")["records"]
    assert f"message:{mid}" not in json.dumps(api("xk.spoc").get("/api/v1/reports/spoc").json())
    # The statistics page is in the supervisors' navigation.
    assert 'id="nav-statistics"' in login("mk.supervisor").get("/reports").text
    assert 'id="nav-statistics"' not in login("mk.duty").get("/reports").text
