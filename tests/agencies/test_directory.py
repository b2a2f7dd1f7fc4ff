"""The network of officers: a searchable directory per agency, crime area, language and 24/7 availability."""

from __future__ import annotations

from tests.helpers import api


def test_directory_search_by_crime_area_language_and_24_7(db_url: str) -> None:
    c = api("mk.duty")
    rows = c.get("/api/v1/directory", params={"crime_area": "drugs_trafficking", "language": "sq"}).json()
    assert {r["agency"]["code"] for r in rows} == {"MK-SPOC", "AL-SPOC", "IT-SCIP"}
    rows = c.get("/api/v1/directory", params={"available_24_7": True, "country": "BA"}).json()
    assert rows and all(r["available_24_7"] and r["agency"]["country_code"] == "BA" for r in rows)
    assert c.get("/api/v1/directory", params={"q": "synthetic"}).json()[0]["name"] == "Marjan Nikolovski"


def test_supervisors_add_contact_points_of_their_agency(db_url: str) -> None:
    body = {
        "name": "Night desk",
        "crime_areas": ["migrant_smuggling"],
        "languages": ["mk", "en"],
        "available_24_7": True,
    }
    assert api("mk.duty").post("/api/v1/directory", json=body).status_code == 403
    r = api("mk.supervisor").post("/api/v1/directory", json=body)
    assert r.status_code == 201 and r.json()["agency"]["code"] == "MK-SPOC"
    r = api("mk.supervisor").post("/api/v1/directory", json={**body, "crime_areas": ["jaywalking"]})
    assert r.status_code == 422 and "crime_areas" in r.json()["fields"]
    assert api("mk.supervisor").post("/api/v1/directory", json={**body, "agency_id": 1}).status_code == 403
