"""Statistics: counting rules on known records, and the numbers each agency sees of the demo."""

from __future__ import annotations

import csv
import io
from datetime import date

from liaison.environment.models import Seizure
from liaison.environment.stats import commodity, compute, route, to_csv
from tests.helpers import api, login


def _s(**kw) -> Seizure:  # type: ignore[no-untyped-def]
    base = {
        "hs_code": "290371",
        "taxa": [],
        "substances": [],
        "waste_codes": [],
        "transit": [],
        "treaties": [],
        "country_code": "MK",
        "seized_on": date(2026, 3, 5),
        "quantity": None,
        "unit": None,
        "refrigerant": None,
        "origin": None,
        "destination": None,
    }
    return Seizure(**(base | kw))


def test_counting_rules_on_known_records() -> None:
    rows = [
        _s(refrigerant="R-22", substances=["HCFC-22"], treaties=["MONTREAL"], origin="TR", destination="MK",
           quantity=100.0, unit="kg"),
        _s(refrigerant="R-22", substances=["HCFC-22"], treaties=["MONTREAL"], origin="TR", transit=["BG"],
           destination="MK", quantity=40.0, unit="kg", seized_on=date(2026, 4, 1)),
        _s(taxa=["Anguilla anguilla"], treaties=["CITES"], origin="RS", destination="ES", country_code="RS"),
        _s(hs_code="847130", waste_codes=["A1181/Y49"], treaties=["BASEL", "STOCKHOLM"], seized_on=date(2026, 4, 9)),
    ]  # fmt: skip
    stats = compute(rows)
    assert stats.total == 4
    assert stats.by["commodity"] == [("R-22", 2), ("A1181/Y49", 1), ("Anguilla anguilla", 1)]
    assert dict(stats.by["treaty"]) == {"MONTREAL": 2, "CITES": 1, "BASEL": 1, "STOCKHOLM": 1}
    assert dict(stats.by["route"]) == {"TR → MK": 1, "TR → BG → MK": 1, "RS → ES": 1, "? → ?": 1}
    assert stats.by["country"] == [("MK", 3), ("RS", 1)]
    assert stats.by["month"] == [("2026-03", 2), ("2026-04", 2)]
    assert stats.quantities == {"R-22 (kg)": 140.0}
    assert commodity(_s()) == "HS 290371" and route(_s(origin="TR")) == "TR → ?"
    lines = list(csv.reader(io.StringIO(to_csv(stats))))
    assert lines[0] == ["dimension", "key", "seizures"] and ["treaty", "MONTREAL", "2"] in lines


def test_each_agency_counts_what_it_can_see(db_url: str) -> None:
    mk = api("mk.customs").get("/api/v1/environment/stats").json()
    assert mk["total"] == 4
    assert {r["key"]: r["seizures"] for r in mk["treaty"]} == {"MONTREAL": 2, "CITES": 1, "BASEL": 1}
    assert {r["key"]: r["seizures"] for r in mk["origin"]} == {"TR": 2, "MK": 1, "DE": 1}
    assert sum(r["seizures"] for r in mk["month"]) == 4
    italy = api("it.scip").get("/api/v1/environment/stats").json()
    # Italy received the owl seizure as a request (a message), not the case: the record itself, like the
    # case's other data, is not shared with it (docs/security.md section 1), so it counts nothing.
    assert italy["total"] == 0
    assert api("al.officer").get("/api/v1/environment/stats").json()["total"] == 0
    r = api("mk.customs").get("/api/v1/environment/stats.csv")
    assert r.status_code == 200 and "treaty,MONTREAL,2" in r.text


def test_statistics_page_carries_chart_data_without_inline_script(db_url: str) -> None:
    page = login("mk.customs").get("/environment/stats")
    assert page.status_code == 200
    assert '<script type="application/json" id="env-stats-data">' in page.text
    assert "/static/environment-stats.js" in page.text and 'id="stats-total">4<' in page.text
    assert "<script>" not in page.text
