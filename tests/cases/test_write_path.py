"""The hot write path (issue 15): sending a request through the API stores exactly what it did before the
path was made lean (message, participant, notification, two audit records), in a bounded number of SQL
statements. A regression guard on the statement count, not a timing test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select

from liaison.cases.models import Case, CaseParticipant, Message
from liaison.core.audit import sequencer
from liaison.core.audit.models import AuditRecord, AuditSubject
from liaison.core.db import get_engine, session_scope
from liaison.notifications.models import Notification
from tests.factories import api_client, make_agency, make_case, make_user

#: Statements of one request sent by API token, commit included: token and user, the case (locked), the
#: legal basis, the recipient agency, the message, the participant, the notification, the case's
#: ``updated_at`` (one statement with the lock), the audit records and their subjects. (The audit chain
#: link is the sequencer's, after commit, for many requests at once; SQLite adds its explicit BEGIN, the
#: chain head read and written by the committing writer, and one insert per audit record.) The count is
#: what an ORM lazy load slipping in would raise: the recipient agency read again for the answer, or the
#: case's participants loaded whole.
MAX_STATEMENTS = {"postgresql": 9, "sqlite": 13}


@contextmanager
def _statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        seen.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _request(client, case_id: int, to: int, **extra):  # type: ignore[no-untyped-def]
    payload = {
        "kind": "request",
        "recipient_agency_id": to,
        "subject": "Registry data on company 17",
        "body": "Border crossings and records.",
        "priority": "urgent",
        "data_access": "direct",
        "legal_basis_code": "EU-2023-977",
        "handling_code": "H1",
        "evaluation": "B2",
        "purpose": "Identify the organisers.",
        **extra,
    }
    return client.post(f"/api/v1/cases/{case_id}/messages", json=payload)


def test_a_request_is_stored_routed_notified_and_audited_in_few_statements(db_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asking, asked = make_agency(country="ME"), make_agency(country="MK")
    owner = make_user(asking)
    case = make_case(owner)
    client = api_client(owner)
    _request(client, case.id, asked.id)  # warm-up: the token's first use is written back once
    dialect = get_engine().dialect.name

    # The request's own statements: the chain link after commit is the sequencer's (in a served worker, its
    # thread, for many requests at once), not the request's; it runs once the count is taken.
    monkeypatch.setattr(sequencer, "committed", lambda bind: None)
    with _statements() as seen:
        r = _request(client, case.id, asked.id, subject="Second request")
    assert r.status_code == 201, r.text
    sequencer.chain_pending(get_engine())
    # Both the SQL of the request and any lazy load (an agency read again for the answer) would show here.
    assert len(seen) <= MAX_STATEMENTS[dialect], "\n".join(" ".join(s.split())[:120] for s in seen)

    body = r.json()
    assert body["sender_agency"]["id"] == asking.id and body["recipient_agency"]["id"] == asked.id
    assert body["recipient_agency"]["code"] and body["sender_agency"]["country_code"] == "ME"
    assert body["status"] == "open" and body["attachments"] == [] and body["deadline_at"]
    assert body["handling_code"] == "H1" and body["forwarded_from_id"] is None and body["paused_at"] is None
    with session_scope() as s:
        message = s.get(Message, body["id"])
        assert message is not None and message.subject == "Second request" and message.assignee_id is None
        assert (message.deadline_at - message.received_at).total_seconds() == 8 * 3600  # urgent, direct
        parts = s.execute(select(CaseParticipant).where(CaseParticipant.case_id == case.id)).scalars().all()
        # The recipient takes part once, for its messages only, however many requests it receives.
        assert sorted((p.agency_id, p.scope) for p in parts) == sorted([(asking.id, "full"), (asked.id, "message")])
        note = s.execute(
            select(Notification).where(Notification.details["message"].as_integer() == message.id)
        ).scalar_one()
        assert note.agency_id == asked.id and note.kind == "message_request" and not note.read
        assert note.text.startswith("URGENT ") and "Second request" in note.text
        assert note.link == f"/cases/{case.id}#m{message.id}"
        records = s.execute(
            select(AuditRecord).where(AuditRecord.object_type == "message", AuditRecord.object_id == str(message.id))
        ).scalars().all()
        assert sorted(r.action for r in records) == ["collection", "disclosure"]
        assert all(r.hash for r in records)  # chained
        disclosure = next(r for r in records if r.action == "disclosure")
        assert disclosure.recipient == asked.code and disclosure.justification == "Identify the organisers."
        assert disclosure.details["case"] == case.id
        subjects = s.execute(select(AuditSubject.audit_id).where(AuditSubject.audit_id.in_([r.id for r in records])))
        assert len(subjects.all()) == 2
        stored_case = s.get(Case, case.id)
        assert stored_case is not None and stored_case.updated_at == message.received_at


def test_sending_keeps_a_shared_participant_shared(db_url: str) -> None:
    """The participant row is added only when missing: an agency the case was shared with keeps "full"."""
    asking, asked = make_agency(country="ME"), make_agency(country="MK")
    owner = make_user(asking)
    case = make_case(owner)
    client = api_client(owner)
    r = client.post(f"/api/v1/cases/{case.id}/share", json={"agency_id": asked.id, "justification": "joint work"})
    assert r.status_code == 200, r.text
    assert _request(client, case.id, asked.id).status_code == 201
    with session_scope() as s:
        mine = (CaseParticipant.case_id == case.id, CaseParticipant.agency_id == asked.id)
        scope = s.execute(select(CaseParticipant.scope).where(*mine)).scalar_one()
    assert scope == "full"


def test_a_refused_request_writes_nothing_but_its_refusal(db_url: str) -> None:
    """Bad input after the lean reads: no message, participant or notification is left behind."""
    asking, asked = make_agency(country="ME"), make_agency(country="MK")
    owner = make_user(asking)
    case = make_case(owner)
    client = api_client(owner)
    r = _request(client, case.id, asked.id, legal_basis_code="NO-SUCH-BASIS")
    assert r.status_code == 422 and "legal_basis_code" in r.json()["fields"]
    with session_scope() as s:
        assert s.execute(select(Message).where(Message.case_id == case.id)).first() is None
        assert s.execute(
            select(CaseParticipant).where(CaseParticipant.case_id == case.id, CaseParticipant.agency_id == asked.id)
        ).first() is None
        assert s.execute(select(Notification).where(Notification.agency_id == asked.id)).first() is None
