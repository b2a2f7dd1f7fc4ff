"""The DPO's audit search (issue 9): references, filters, recent events, CSV export; scopes keep applying."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from tests.core.test_audit import _add_user
from tests.helpers import api, login


def _bar_case() -> dict:
    cases = api("me.drugs").get("/api/v1/cases", params={"q": "port of Bar"}).json()["items"]
    return cases[0]


def _events(username: str, **params: object):  # type: ignore[no-untyped-def]
    return api(username).get("/api/v1/audit/events", params=params)


def test_a_case_reference_gives_the_case_trail(db_url: str) -> None:
    case = _bar_case()
    by_ref = _events("dpo", reference=case["reference"]).json()
    by_id = _events("dpo", object_type="case", object_id=case["id"]).json()
    assert by_ref and {r["seq"] for r in by_ref} == {r["seq"] for r in by_id}
    assert _events("dpo", reference=case["reference"].lower()).status_code == 200
    # A message quoted with its case: ME-2026-00001/12 (and #m12, as the case page links it).
    message = api("me.drugs").get(f"/api/v1/cases/{case['id']}").json()["messages"][0]
    rows = _events("dpo", reference=f"{case['reference']}/{message['id']}").json()
    assert rows and {"collection", "disclosure"} <= {r["action"] for r in rows}
    assert _events("dpo", reference=f"{case['reference']}#m{message['id']}").json() == rows
    # A message of another case, an unknown reference, a case outside the scope: all "not found".
    assert _events("dpo", reference=f"{case['reference']}/999999").status_code == 404
    assert _events("dpo", reference="ME-1999-99999").status_code == 404
    _add_user("mk.dpo", "MK-SPOC", "dpo")
    assert _events("mk.dpo", reference=case["reference"]).status_code in (200, 404)
    assert all(r["actor_agency_id"] == _mk() for r in _events("mk.dpo", reference=case["reference"]).json() or [])


def _mk() -> int:
    from tests.helpers import agency_id

    return agency_id("MK-SPOC")


def test_recent_events_stay_in_the_dpo_scope(db_url: str) -> None:
    _add_user("mk.dpo", "MK-SPOC", "dpo")
    api("mk.duty").get("/api/v1/search", params={"q": "Петровић"})
    rows = _events("mk.dpo").json()
    assert 0 < len(rows) <= 50 and rows == sorted(rows, key=lambda r: -r["seq"])
    assert any(r["actor_name"] == "mk.duty" for r in rows)
    # Nothing of Albania's own processing that does not touch MK: al.officer's search is out of scope.
    api("al.officer").get("/api/v1/search", params={"q": "zzz"})
    assert not any(r["actor_name"] == "al.officer" and r["object_type"] == "search" for r in _events("mk.dpo").json())
    # The system DPO sees it.
    _add_user("sys.dpo", "ME-SPOC", "dpo_system")
    assert any(r["actor_name"] == "al.officer" for r in _events("sys.dpo", limit=200).json())
    # Not a DPO: refused.
    assert _events("mk.duty").status_code == 403


def test_filters_by_user_agency_action_and_dates(db_url: str) -> None:
    api("me.drugs").get("/api/v1/search", params={"q": "anything"})
    rows = _events("dpo", user="me.drugs", action="consultation", limit=500).json()
    assert rows and all(r["actor_name"] == "me.drugs" and r["action"] == "consultation" for r in rows)
    agency_rows = _events("dpo", agency="me-pol-drugs", limit=500).json()
    assert agency_rows and {r["actor_name"] for r in agency_rows} == {"me.drugs"}
    today = date.today()
    assert _events("dpo", user="me.drugs", since=(today - timedelta(days=1)).isoformat()).json()
    assert _events("dpo", user="me.drugs", until=(today - timedelta(days=30)).isoformat()).json() == []
    bad = _events("dpo", since="yesterday", agency="NOPE", action="peek")
    assert bad.status_code == 422 and set(bad.json()["fields"]) == {"since", "agency", "action"}


def test_csv_export_is_the_filtered_result_and_is_audited(db_url: str) -> None:
    case = _bar_case()
    r = api("dpo").get("/api/v1/audit/events.csv", params={"reference": case["reference"]})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    after = _events("dpo", reference=case["reference"]).json()
    # The export is itself in the case's trail now, on top of the rows it exported.
    assert rows and len(rows) == len(after) - 1 and after[0]["object_type"] == "audit"
    exports = _events("dpo", user="dpo", limit=500).json()
    export = next(e for e in exports if e["object_type"] == "audit" and e["object_id"] == "export")
    assert export["details"]["rows"] == len(rows) and f"case:{case['id']}" in export["details"]["subjects"]


def test_audit_page_reference_recent_events_and_export(db_url: str) -> None:
    case = _bar_case()
    c = login("dpo")
    page = c.get("/audit")
    assert page.status_code == 200 and "Recent events in your scope" in page.text and "No record." not in page.text
    page = c.get("/audit", params={"reference": case["reference"]})
    assert page.status_code == 200 and "me.drugs" in page.text and "No record." not in page.text
    page = c.get("/audit", params={"user": "me.drugs", "since": "not a date"})
    assert page.status_code == 422 and "YYYY-MM-DD" in page.text
    export = c.get("/audit/export.csv", params={"reference": case["reference"]})
    assert export.status_code == 200 and export.text.startswith("seq,at,actor_name")
    assert login("me.drugs").get("/audit/export.csv").status_code == 403
