"""Bad input gets a clear 4xx with field-level messages and writes nothing."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.factories import AgencyRef, api_client, make_agency, make_user


@dataclass(frozen=True)
class Sender:
    client: TestClient
    agency: AgencyRef  # the sender's own agency
    abroad: AgencyRef  # an agency the sender may write to


@pytest.fixture
def sender(db_url: str) -> Sender:
    """An officer of a new agency, with an API token, and an agency abroad: nothing of the demo."""
    agency = make_agency(country="ME")
    return Sender(api_client(make_user(agency, "officer")), agency, make_agency(country="MK", is_spoc=True))


def _counts() -> tuple[int, int, int]:
    from liaison.cases.models import Blob, Case, Message
    from liaison.core.db import session_scope

    with session_scope() as s:
        return tuple(s.execute(select(func.count()).select_from(t)).scalar_one() for t in (Case, Message, Blob))  # type: ignore[return-value]


def _case(c) -> int:  # type: ignore[no-untyped-def]
    return c.post("/api/v1/cases", json={"title": "t", "crime_areas": ["drugs_trafficking"]}).json()["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "", "crime_areas": ["drugs_trafficking"]}, "title"),
        ({"title": "x", "crime_areas": []}, "crime_areas"),
        ({"title": "x", "crime_areas": ["shoplifting"]}, "crime_areas"),
        ({"title": "x", "crime_areas": ["drugs_trafficking"], "handling_code": "H9"}, "handling_code"),
    ],
)
def test_bad_case(sender: Sender, payload: dict[str, object], field: str) -> None:
    before = _counts()
    r = sender.client.post("/api/v1/cases", json=payload)
    assert r.status_code == 422
    assert field in r.json()["fields"] and r.json()["error"]
    assert _counts() == before


def test_bad_request_fields(sender: Sender) -> None:
    me = sender.client
    case_id = _case(me)
    before = _counts()
    r = me.post(
        f"/api/v1/cases/{case_id}/messages",
        json={
            "kind": "request",
            "recipient_agency_id": sender.abroad.id,
            "subject": "s",
            "evaluation": "Z9",
            "channel": "pigeon",
        },
    )
    body = r.json()
    assert r.status_code == 422
    assert {"legal_basis_code", "purpose", "evaluation", "channel"} <= set(body["fields"])
    r = me.post(
        f"/api/v1/cases/{case_id}/messages",
        json={
            "kind": "request",
            "recipient_agency_id": sender.agency.id,
            "subject": "s",
            "legal_basis_code": "EU-2023-977",
            "purpose": "p",
        },
    )
    assert r.status_code == 422 and "recipient_agency_id" in r.json()["fields"]
    assert _counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00binary", "not accepted"), (b"", "empty")],
)
def test_attachment_type_checks(sender: Sender, content: bytes, message: str) -> None:
    me = sender.client
    case_id = _case(me)
    before = _counts()
    r = me.post(
        f"/api/v1/cases/{case_id}/messages",
        json={
            "kind": "request",
            "recipient_agency_id": sender.abroad.id,
            "subject": "s",
            "legal_basis_code": "EU-2023-977",
            "purpose": "p",
            "attachments": [
                {"filename": "invoice.pdf", "content_base64": base64.b64encode(content).decode() or "AA=="}
            ],
        },
    )
    assert r.status_code == 422
    assert message in (r.json()["error"] + str(r.json()["fields"])).lower() or r.json()["fields"]
    assert _counts() == before


def test_attachment_size_limit(sender: Sender, monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison.core.config import reset_settings

    monkeypatch.setenv("LIAISON_MAX_ATTACHMENT_BYTES", "1024")
    reset_settings()
    me = sender.client
    case_id = _case(me)
    r = me.post(
        f"/api/v1/cases/{case_id}/messages",
        json={
            "kind": "spontaneous",
            "recipient_agency_id": sender.abroad.id,
            "subject": "s",
            "attachments": [{"filename": "big.txt", "content_base64": base64.b64encode(b"a" * 2048).decode()}],
        },
    )
    assert r.status_code == 422 and "too large" in r.json()["error"]


def test_same_file_is_stored_once(sender: Sender) -> None:
    me = sender.client
    case_id = _case(me)
    data = base64.b64encode(b"%PDF-1.4 same").decode()
    shas = []
    for _ in range(2):
        r = me.post(
            f"/api/v1/cases/{case_id}/messages",
            json={
                "kind": "spontaneous",
                "recipient_agency_id": sender.abroad.id,
                "subject": "s",
                "attachments": [{"filename": "a.pdf", "content_base64": data}],
            },
        )
        shas.append(r.json()["attachments"][0]["blob_sha256"])
    assert shas[0] == shas[1]
    from liaison.cases.models import Blob
    from liaison.core.db import session_scope

    with session_scope() as s:
        assert s.execute(select(func.count()).select_from(Blob).where(Blob.sha256 == shas[0])).scalar_one() == 1


def test_malformed_json_and_wrong_types_are_4xx(sender: Sender) -> None:
    me = sender.client
    r = me.post("/api/v1/cases", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "error" in r.json()
    r = me.get("/api/v1/cases/not-a-number")
    assert r.status_code == 422 and "case_id" in r.json()["fields"]
    r = me.get("/api/v1/cases", params={"per_page": 100000})
    assert r.status_code == 422 and "per_page" in r.json()["fields"]
