"""The case workflow (issue 9): the deadline pauses while a clarification is awaited, cases are closed with
an outcome, reopened and edited with history, and messages inherit the case's handling code."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from liaison.cases.models import Message
from liaison.core.audit.models import AuditRecord
from liaison.core.db import session_scope
from liaison.core.timeutil import utcnow
from tests.factories import api_client, make_agency, make_case, make_user


def _pair():  # type: ignore[no-untyped-def]
    asking, asked = make_agency(country="ME"), make_agency(country="MK")
    owner, officer = make_user(asking), make_user(asked)
    return asking, asked, owner, officer


def _message(client, case_id: int, **payload):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/cases/{case_id}/messages", json={"subject": "s", **payload})


def _backdate(message_id: int, hours: float) -> None:
    """Pretend the clarification request was sent ``hours`` ago."""
    with session_scope() as s:
        msg = s.get(Message, message_id)
        assert msg is not None and msg.paused_at is not None
        msg.paused_at = msg.paused_at - timedelta(hours=hours)


def test_clarification_pauses_the_deadline_and_moves_it_by_the_pause(db_url: str) -> None:
    _asking, _asked, owner, officer = _pair()
    case = make_case(owner, request_to=make_agency(country="MK"))  # unrelated request: must stay untouched
    me, mk = api_client(owner), api_client(officer)
    request = _message(
        me, case.id, kind="request", recipient_agency_id=officer.agency_id, legal_basis_code="EU-2023-977",
        purpose="p",
    ).json()
    deadline = datetime.fromisoformat(request["deadline_at"])
    r = _message(mk, case.id, kind="clarification_request", in_reply_to_id=request["id"], body="which one?")
    assert r.status_code == 201, r.text
    paused = next(m for m in mk.get(f"/api/v1/cases/{case.id}").json()["messages"] if m["id"] == request["id"])
    assert paused["paused_at"] is not None and paused["status"] == "clarification_requested"
    assert datetime.fromisoformat(paused["deadline_at"]) == deadline

    _backdate(request["id"], 30)
    r = _message(me, case.id, kind="clarification", in_reply_to_id=request["id"], body="this one")
    assert r.status_code == 201, r.text
    resumed = me.get(f"/api/v1/cases/{case.id}").json()
    msg = next(m for m in resumed["messages"] if m["id"] == request["id"])
    other = next(m for m in resumed["messages"] if m["id"] == case.request_id)
    assert other["paused_at"] is None and other["status"] == "open"
    assert msg["paused_at"] is None
    moved = datetime.fromisoformat(msg["deadline_at"]) - deadline
    assert timedelta(hours=30) <= moved < timedelta(hours=30, minutes=1)
    assert [e["kind"] for e in resumed["events"] if e["kind"].startswith("deadline")] == [
        "deadline_paused",
        "deadline_resumed",
    ]
    audited = select(AuditRecord).where(
        AuditRecord.object_type == "message", AuditRecord.object_id == str(request["id"])
    )
    with session_scope() as s:
        events = [r.details.get("event") for r in s.execute(audited).scalars()]
    assert "deadline_paused" in events and "deadline_resumed" in events


def test_a_paused_request_is_not_overdue_nor_escalated(db_url: str) -> None:
    _asking, asked, owner, officer = _pair()
    supervisor = make_user(asked, "supervisor")
    case = make_case(owner, request_to=asked)
    assert case.request_id is not None
    mk = api_client(officer)
    r = _message(mk, case.id, kind="clarification_request", in_reply_to_id=case.request_id, body="which?")
    assert r.status_code == 201, r.text
    # The 7-day period would have run out meanwhile: paused, it has not.
    with session_scope() as s:
        s.execute(
            update(Message)
            .where(Message.id == case.request_id)
            .values(deadline_at=utcnow() - timedelta(hours=1), paused_at=utcnow() - timedelta(days=2))
        )
    esc = api_client(supervisor).get("/api/v1/escalations").json()
    assert case.request_id not in [m["id"] for m in esc["overdue_incoming"] + esc["due_soon_incoming"]]
    inbox = mk.get("/api/v1/inbox").json()["items"]
    assert [m["overdue"] for m in inbox if m["id"] == case.request_id] == [False]


def test_owner_closes_with_outcome_reopens_and_edits_with_history(db_url: str) -> None:
    _asking, asked, owner, officer = _pair()
    case = make_case(owner, request_to=asked)
    me, mk = api_client(owner), api_client(officer)
    assert me.post(f"/api/v1/cases/{case.id}/close", json={"outcome": "nonsense"}).status_code == 422
    assert mk.post(f"/api/v1/cases/{case.id}/close", json={"outcome": "solved"}).status_code == 403
    r = me.post(f"/api/v1/cases/{case.id}/close", json={"outcome": "solved", "note": "charged"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "closed" and r.json()["outcome"] == "solved" and r.json()["closed_at"]
    assert me.post(f"/api/v1/cases/{case.id}/close", json={"outcome": "solved"}).status_code == 422

    # Closed: no new request, but the answer still owed goes through.
    r = _message(me, case.id, kind="request", recipient_agency_id=officer.agency_id, legal_basis_code="EU-2023-977",
                 purpose="p")
    assert r.status_code == 422 and "kind" in r.json()["fields"]
    assert _message(mk, case.id, kind="reply", in_reply_to_id=case.request_id, body="done").status_code == 201

    assert me.post(f"/api/v1/cases/{case.id}/reopen", json={"justification": " "}).status_code == 422
    r = me.post(f"/api/v1/cases/{case.id}/reopen", json={"justification": "new lead"})
    assert r.status_code == 200 and r.json()["status"] == "open" and r.json()["outcome"] == ""

    assert mk.patch(f"/api/v1/cases/{case.id}", json={"title": "mine"}).status_code == 403
    assert me.patch(f"/api/v1/cases/{case.id}", json={"crime_areas": ["nope"]}).status_code == 422
    r = me.patch(
        f"/api/v1/cases/{case.id}", json={"title": "Renamed", "handling_code": "H2", "description": "more"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["title"] == "Renamed" and r.json()["handling_code"] == "H2"

    history = me.get(f"/api/v1/cases/{case.id}").json()["history"]
    assert [h["kind"] for h in history] == ["closed", "reopened", "edited"]
    assert history[0]["changes"] == {"outcome": [None, "solved"]} and history[0]["note"] == "charged"
    assert history[2]["changes"]["title"] == ["Test case", "Renamed"]
    assert history[2]["changes"]["handling_code"] == ["H0", "H2"]
    # The history is the case's own data: a messages-only participant does not get it.
    assert mk.get(f"/api/v1/cases/{case.id}").json()["history"] == []


def test_messages_inherit_the_case_handling_code_and_may_only_raise_it(db_url: str) -> None:
    _asking, asked, owner, officer = _pair()
    case = make_case(owner, handling_code="H2")
    me, mk = api_client(owner), api_client(officer)
    base = {"kind": "request", "recipient_agency_id": officer.agency_id, "legal_basis_code": "EU-2023-977",
            "purpose": "p"}
    r = _message(me, case.id, **base)
    assert r.status_code == 201 and r.json()["handling_code"] == "H2"
    request = r.json()
    r = _message(me, case.id, **base, handling_code="H0")
    assert r.status_code == 422 and "handling_code" in r.json()["fields"]
    assert _message(me, case.id, **base, handling_code="H3").status_code == 422  # H3 must say what
    r = _message(me, case.id, **base, handling_code="H3", handling_note="no onward use")
    assert r.status_code == 201 and r.json()["handling_code"] == "H3"
    # An answer inherits at least the code of what it answers.
    r = _message(mk, case.id, kind="reply", in_reply_to_id=request["id"], body="x", handling_code="H1")
    assert r.status_code == 422 and "handling_code" in r.json()["fields"]
    r = _message(mk, case.id, kind="reply", in_reply_to_id=request["id"], body="x")
    assert r.status_code == 201 and r.json()["handling_code"] == "H2"


def test_subject_longer_than_the_limit_is_refused_by_api_and_form(db_url: str) -> None:
    from liaison.core import limits
    from tests.helpers import csrf

    _asking, _asked, owner, officer = _pair()
    case = make_case(owner)
    r = _message(api_client(owner), case.id, kind="spontaneous", recipient_agency_id=officer.agency_id,
                 subject="x" * (limits.SUBJECT + 1))
    assert r.status_code == 422 and "subject" in r.json()["fields"]
    from tests.factories import PASSWORD
    from tests.helpers import login

    web = login(owner.username, PASSWORD)
    page = web.get(f"/cases/{case.id}").text
    assert f'maxlength="{limits.SUBJECT}"' in page
    r = web.post(
        f"/cases/{case.id}/messages",
        data={"csrf_token": csrf(web, f"/cases/{case.id}"), "kind": "spontaneous",
              "recipient_agency_id": str(officer.agency_id), "subject": "y" * 10_000},
    )
    assert r.status_code == 422 and "At most 300 characters" in r.text


def test_confirmation_after_send_is_signed_and_shown_once(db_url: str) -> None:
    from tests.factories import PASSWORD
    from tests.helpers import csrf, login

    _asking, _asked, owner, officer = _pair()
    case = make_case(owner)
    web = login(owner.username, PASSWORD)
    r = web.post(
        f"/cases/{case.id}/messages",
        data={"csrf_token": csrf(web, f"/cases/{case.id}"), "kind": "spontaneous",
              "recipient_agency_id": str(officer.agency_id), "subject": "For your information"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "liaison_flash" in r.headers["set-cookie"]
    page = web.get(r.headers["location"])
    assert 'id="flash"' in page.text and "For your information" in page.text
    assert 'id="flash"' not in web.get(f"/cases/{case.id}").text
    web.cookies.set("liaison_flash", "Rm9yZ2Vk.0000")  # "Forged", badly signed
    assert "Forged" not in web.get("/inbox").text


def test_inbox_and_case_pages_show_words_not_codes(db_url: str) -> None:
    from tests.factories import PASSWORD
    from tests.helpers import login

    _asking, asked, owner, officer = _pair()
    case = make_case(owner, request_to=asked)
    page = login(owner.username, PASSWORD).get(f"/cases/{case.id}").text
    assert "Drugs trafficking" in page and "drugs_trafficking</" not in page
    assert "Directive (EU) 2023/977" in page and "EU-2023-977</" not in page
    inbox = login(officer.username, PASSWORD).get("/inbox").text
    assert case.reference in inbox and "On time" in inbox and "urgency-ok" in inbox
