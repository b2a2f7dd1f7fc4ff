"""Screening through the API and the page: the same answer as ``liaison screen --json``, clear 4xx on bad input."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.helpers import api, client, csrf, login

REFRIGERANT = {
    "hs_code": "2903.71",
    "description": "R-22 refrigerant gas in disposable cylinders",
    "refrigerant": "R-22",
    "origin": "TR",
    "destination": "MK",
    "packaging": "disposable cylinders",
    "quantity": 340,
    "unit": "kg",
}


def _audit_count() -> int:
    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    with session_scope() as s:
        return int(s.execute(select(func.count()).select_from(AuditRecord)).scalar_one())


def test_api_answer_equals_cli_json(db_url: str) -> None:
    from liaison.cli import app

    r = api("mk.customs").post("/api/v1/environment/screen", json=REFRIGERANT)
    assert r.status_code == 200, r.text
    out = CliRunner().invoke(
        app,
        [
            "screen",
            "--hs",
            "2903.71",
            "--description",
            REFRIGERANT["description"],
            "--refrigerant",
            "R-22",
            "--origin",
            "TR",
            "--destination",
            "MK",
            "--packaging",
            "disposable cylinders",
            "--quantity",
            "340",
            "--unit",
            "kg",
            "--json",
        ],
    )
    assert out.exit_code == 0, out.output
    assert r.json() == json.loads(out.stdout)
    body = r.json()
    assert [t["code"] for t in body["treaties"]] == ["MONTREAL"]
    assert {"DISPOSABLE_CYLINDER", "NO_LICENCE"} <= {f["code"] for f in body["red_flags"]}
    assert "supports" in body["note"]


def test_screening_is_not_audited(db_url: str) -> None:
    c = api("mk.customs")
    before = _audit_count()
    assert c.post("/api/v1/environment/screen", json=REFRIGERANT).status_code == 200
    assert _audit_count() == before


def test_bad_input_is_a_clear_422(db_url: str) -> None:
    c = api("mk.customs")
    r = c.post("/api/v1/environment/screen", json={"hs_code": "2903.98", "description": "gas"})
    assert r.status_code == 422
    assert "does not exist" in r.json()["error"] and "Traceback" not in r.text
    r = c.post("/api/v1/environment/screen", json={"hs_code": "2903.71", "colour": "blue"})
    assert r.status_code == 422 and "colour" in r.json()["error"]
    r = c.post("/api/v1/environment/screen", json=["2903.71"])
    assert r.status_code == 422 and "JSON object" in r.json()["error"]
    r = c.post("/api/v1/environment/screen", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    # A wrong CAS check digit is screened, with a warning rather than a silent pass.
    r = c.post("/api/v1/environment/screen", json={"hs_code": "2903.71", "cas_numbers": ["75-45-7"]})
    assert r.status_code == 200 and any("75-45-7" in w for w in r.json()["warnings"])


def test_screening_needs_a_signed_in_user(db_url: str) -> None:
    assert client().post("/api/v1/environment/screen", json=REFRIGERANT).status_code == 401


def test_screen_page_shows_result_at_a_glance(db_url: str) -> None:
    c = login("mk.customs")
    token = csrf(c, "/environment/screen")
    form = {k: str(v) for k, v in REFRIGERANT.items()} | {"csrf_token": token}
    r = c.post("/environment/screen", data=form)
    assert r.status_code == 200
    for text in ("MONTREAL", "HCFC-22", "DISPOSABLE_CYLINDER", "MISSING", "does not replace", "seizure-form"):
        assert text in r.text
    r = c.post("/environment/screen", data={"hs_code": "12", "csrf_token": token})
    assert r.status_code == 422 and 'id="screen-error"' in r.text
